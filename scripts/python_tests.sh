#!/usr/bin/env bash
# The Python package's tests, as a user would run them: a fresh virtual
# environment, the package installed by pip from python/ (pip builds it with
# maturin, a release build of the library), pytest and pandas from PyPI, then
# pytest on python/tests. The tests compare answers with the command line's
# JSON: CODECISION_BIN names the binary (default: target/debug/codecision,
# built here if missing).
#
#   scripts/python_tests.sh [PYTEST ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
if [ -z "${CODECISION_BIN:-}" ]; then
  cargo build --quiet --locked --bin codecision
  export CODECISION_BIN="$target/debug/codecision"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
py="$work/venv/bin/python"
"$py" -m pip install --quiet --upgrade pip
start=$(date +%s)
"$py" -m pip install --quiet ./python
echo "python package built and installed in $(( $(date +%s) - start )) s"
"$py" -m pip install --quiet pytest pandas
# From the top directory, so that `import codecision` finds the installed
# package, not python/codecision (pytest puts python/tests on the path).
CODECISION_INSTALLED=1 "$py" -m pytest python/tests -q -p no:cacheprovider "$@"
