#!/usr/bin/env bash
# Installs geth v1.13.15 (the last release that can seal Clique) into tools/bin, only when missing.
# Built from the Go module proxy; Go >= 1.23 refuses geth 1.13's linkname tricks unless told otherwise.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/tools/bin"
want="1.13.15"
if [ -x "$bin/geth" ] && "$bin/geth" version 2>/dev/null | grep -q "^Version: $want"; then
  echo "geth $want already in $bin"; exit 0
fi
mkdir -p "$bin"
echo "building geth $want into $bin (a few minutes the first time)"
GOBIN="$bin" GOFLAGS="-ldflags=-checklinkname=0" CGO_ENABLED=1 \
  go install "github.com/ethereum/go-ethereum/cmd/geth@v$want"
"$bin/geth" version | head -2
