#!/usr/bin/env bash
# Static analysis of the contracts with Slither (PyPI `slither-analyzer`), as CI runs it.
#
#   bash scripts/slither.sh            # exits non-zero on any medium or high finding
#   SLITHER_ARGS="--json -" bash scripts/slither.sh
#
# - Installs Slither into tools/venv (created if missing; not committed) at a pinned version.
# - Builds contracts/src with forge into contracts/cache/slither/ (not contracts/out, which the SDK reads), with
#   OpenZeppelin remapped to an absolute path: with the project's relative remapping, forge hands solc each
#   OpenZeppelin file that is both remapped and imported relatively under two names, and Slither cannot resolve
#   the duplicated contracts. The compiler is the project's (contracts/foundry.toml: solc = "../tools/solc").
# - Runs Slither on that build with contracts/slither.config.json (what is excluded and why is in
#   docs/contracts.md, "Static analysis"). Low and informational findings are printed, medium and high fail.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SLITHER_VERSION="0.11.6"
VENV="$ROOT/tools/venv"
OUT="cache/slither"

# The version is captured, not piped into `grep -q`: with pipefail an early-exiting reader is a SIGPIPE (141).
have=""
[[ -x "$VENV/bin/slither" ]] && have="$("$VENV/bin/slither" --version 2>/dev/null || true)"
if [[ "$have" != "$SLITHER_VERSION" ]]; then
  echo "slither.sh: installing slither-analyzer==$SLITHER_VERSION into tools/venv" >&2
  [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
  # Keep the venv out of git without touching .gitignore.
  echo '*' > "$VENV/.gitignore"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "slither-analyzer==$SLITHER_VERSION"
fi

# forge (and so crytic-compile, which asks it for its config) comes from the npm package.
export PATH="$ROOT/node_modules/.bin:$PATH"
command -v forge >/dev/null || { echo "slither.sh: forge not found; run npm ci first" >&2; exit 1; }

cd "$ROOT/contracts"
# A fresh build each time: Slither reads every build-info file it finds, stale ones included.
rm -rf "$OUT"
forge build --build-info --skip './test/**' './script/**' \
  --out "$OUT/out" --cache-path "$OUT/cache" \
  -R "@openzeppelin/contracts/=$ROOT/node_modules/@openzeppelin/contracts/" >&2

# shellcheck disable=SC2086 # SLITHER_ARGS is split on purpose
"$VENV/bin/slither" . \
  --foundry-ignore-compile --foundry-out-directory "$OUT/out" \
  --config-file slither.config.json \
  --fail-medium ${SLITHER_ARGS:-}
