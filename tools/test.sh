#!/usr/bin/env bash
# The test command: prepares the moto emulator in ./.venv (once), then runs
# every test. Tests start moto themselves on 127.0.0.1 with a free port.
set -euo pipefail
cd "$(dirname "$0")/.."

MOTO_VERSION="5.2.5"
if ! .venv/bin/python -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
  echo "setting up moto $MOTO_VERSION in .venv"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi
export XRAYPATH_MOTO_PYTHON="$PWD/.venv/bin/python"

# Benches (benches/, harness = false) are left to tools/bench.sh: a test run
# must not start them.
cargo test --lib --bins --tests "$@"
