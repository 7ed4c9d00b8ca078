#!/usr/bin/env bash
# CI steps of the Python package and the Spark job, to be called from
# .ci/run once the package has been seen to build (not yet wired in: see the
# issue 15 note). Needs NEWSWEAVE_BIN (the debug CLI) for the comparisons.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${NEWSWEAVE_BIN:-$PWD/target/debug/newsweave}"
# Python package and Spark job (crates/newsweave-py, its own workspace and
# lock file, examples/spark): a dev-profile wheel (dependencies optimised),
# then pytest on the package and on the Spark job in local mode. A pytest
# run that collects no test exits 5 and fails here too.
if ! command -v java >/dev/null 2>&1; then
  as_root=()
  if [ "$(id -u)" != 0 ]; then as_root=(sudo -n); fi
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update
  "${as_root[@]}" apt-get install -y openjdk-17-jre-headless
fi
python3 -m pip install -q "maturin>=1.16,<2" pytest pyspark pyarrow
wheels="$(mktemp -d)"
CARGO_TARGET_DIR="$PWD/target" maturin build --locked --profile dev -q -m crates/newsweave-py/Cargo.toml -o "$wheels"
python3 -m pip install -q --force-reinstall --no-deps "$wheels"/newsweave-*.whl
if ! NEWSWEAVE_BIN="$bin" python3 -m pytest -q -p no:cacheprovider -rs \
    crates/newsweave-py/tests examples/spark; then
  echo "CI FAILED: Python package or Spark job tests (pytest)" >&2
  exit 1
fi
