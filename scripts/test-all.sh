#!/usr/bin/env bash
# Every test of evswap, in the order a failure is cheapest to find: contracts, unit (real anvil, real
# files), the geth network, the browser end to end, then static analysis. Run by `npm test` and CI.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${FOUNDRY_PROFILE:-default}"
[ "${CI:-}" = "true" ] && profile=ci

step() { printf '\n=== %s\n' "$*"; }

step "build (TypeScript, GUI) and type-check the benchmarks and the tests"
npm run build --silent
npx tsc -p bench/tsconfig.json --noEmit
npx tsc -p test/tsconfig.json
npx tsc -p test/tsconfig.web.json

step "contracts: forge build + generated ABIs in sync"
(cd contracts && npx forge build --silent)
node --import tsx scripts/gen-abi.ts --check

step "contracts: forge test (profile $profile)"
(cd contracts && FOUNDRY_PROFILE="$profile" npx forge test)

step "unit and integration tests (real anvil, real files)"
npm run test:unit --silent

step "the station's index and its API again on a real PostgreSQL server (the rest ran on embedded PGlite)"
npm run test:postgres --silent

step "network tests (real geth Clique nodes)"
npm run test:network --silent

step "end to end (Debian chromium via playwright-core)"
npm run test:e2e --silent

if [ -f scripts/slither.sh ]; then
  step "slither"
  bash scripts/slither.sh
fi
