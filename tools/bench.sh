#!/usr/bin/env sh
# Issue #5's figures, in one command: the large-region bench (load,
# analysis, graph, frames, memory, first frame), then the fetch bench
# against moto (needs .venv with moto[server]; see tests/common), then
# issue #6's fuzzing for a bounded time (XRAYPATH_FUZZ_SECONDS per target,
# default 60; 0 skips it).
# Release profile; the first build takes a while on a small machine.
set -eu
cd "$(dirname "$0")/.."
cargo bench --bench scale
cargo bench --bench fetch
seconds=${XRAYPATH_FUZZ_SECONDS:-60}
if [ "$seconds" != 0 ]; then
  tools/fuzz.sh "$seconds"
fi
