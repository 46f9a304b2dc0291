#!/usr/bin/env sh
# Issue #5's figures, in one command: the large-region bench (load,
# analysis, graph, frames, memory, first frame), then the fetch bench
# against moto (needs .venv with moto[server]; see tests/common).
# Release profile; the first build takes a while on a small machine.
set -eu
cd "$(dirname "$0")/.."
cargo bench --bench scale
cargo bench --bench fetch
