#!/usr/bin/env bash
# Fuzzes a running station's HTTP API from its own OpenAPI document with schemathesis (PyPI, pinned below),
# installed on first use into tools/venv-fuzz. Check: not_a_server_error (no 5xx on any generated request,
# valid or not). The SSE routes are left out (they never end). test/unit/apiFuzz.test.ts runs this against a
# station of a real demo (anvil, contracts, two stations) and reads the JSON report.
#
# usage: scripts/api-fuzz.sh STATION_URL REPORT_DIR [MAX_EXAMPLES=60] [SEED=20261124]
#   writes REPORT_DIR/report.json (schemathesis' JSON run report) and REPORT_DIR/output.txt
#   exit: schemathesis' own (0 = every case passed), or 3 if schemathesis cannot be installed
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

SCHEMATHESIS_VERSION=4.32.5
venv="$root/tools/venv-fuzz"

url=${1:?usage: scripts/api-fuzz.sh STATION_URL REPORT_DIR [MAX_EXAMPLES] [SEED]}
report_dir=${2:?usage: scripts/api-fuzz.sh STATION_URL REPORT_DIR [MAX_EXAMPLES] [SEED]}
max_examples=${3:-60}
seed=${4:-20261124}

# Captured rather than piped into `grep -q`, which under pipefail can die of SIGPIPE (141).
have="$("$venv/bin/st" --version 2>/dev/null || true)"
if [[ "$have" != *"$SCHEMATHESIS_VERSION"* ]]; then
  echo "api-fuzz: installing schemathesis $SCHEMATHESIS_VERSION into tools/venv-fuzz" >&2
  if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"; } >&2; then
    echo "api-fuzz: could not install schemathesis (no python3 venv or no PyPI?)" >&2
    exit 3
  fi
  # Never committed: the venv is a cache the script rebuilds.
  echo '*' >"$venv/.gitignore"
fi

mkdir -p "$report_dir"
report_dir=$(cd "$report_dir" && pwd)
# One worker: CPython 3.11 can raise "AST constructor recursion depth mismatch" when hypothesis parses
# lambdas on two threads at once (a schemathesis "Runtime Error", not a finding).
# schemathesis and hypothesis write their own folders (.hypothesis, reports) in the working directory.
cd "$report_dir"
set +e
"$venv/bin/st" run "$url/api/openapi.json" \
  --checks not_a_server_error \
  --max-examples "$max_examples" \
  --seed "$seed" \
  --exclude-path /api/events \
  --exclude-path /api/station/slots/events \
  --workers 1 \
  --request-timeout 40 \
  --report json \
  --report-json-path "$report_dir/report.json" \
  --no-color >"$report_dir/output.txt" 2>&1
code=$?
set -e
tail -n 25 "$report_dir/output.txt"
exit $code
