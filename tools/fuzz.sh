#!/usr/bin/env bash
# Runs each fuzz target for a bounded time (default 60 s each). cargo-fuzz
# needs nightly flags; this machine has one stable toolchain, so the
# build is allowed to use them with RUSTC_BOOTSTRAP. Crashes land in
# fuzz/artifacts/<target>/; each one found becomes a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
mkdir -p fuzz/corpus/snapshot fuzz/corpus/policy
cp assets/demo.json fuzz/corpus/snapshot/demo.json
printf '%s' '{"Statement":[{"Effect":"Allow","Action":"xray:*","Resource":"*"}]}' > fuzz/corpus/policy/allow.json
for target in snapshot policy; do
  echo "== fuzzing $target for ${seconds}s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096
done
