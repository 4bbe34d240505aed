#!/usr/bin/env bash
# Installs geth v1.13.15 (the last release that can seal Clique) into tools/bin, only when missing.
# Built from the Go module proxy; Go >= 1.23 refuses geth 1.13's linkname tricks unless told otherwise.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/tools/bin"
want="1.13.15"
# Output is captured before matching: with pipefail, `geth version | grep -q` or `| head` dies of SIGPIPE (141)
# as soon as the reader stops early.
have=""
if [ -x "$bin/geth" ]; then have="$("$bin/geth" version 2>/dev/null || true)"; fi
if [[ "$have" == *"Version: $want"* ]]; then
  echo "geth $want already in $bin"; exit 0
fi
mkdir -p "$bin"
echo "building geth $want into $bin (a few minutes the first time)"
GOBIN="$bin" GOFLAGS="-ldflags=-checklinkname=0" CGO_ENABLED=1 \
  go install "github.com/ethereum/go-ethereum/cmd/geth@v$want"
out="$("$bin/geth" version)"
printf '%s\n' "$out" | sed -n '1,2p'
[[ "$out" == *"Version: $want"* ]] || { echo "geth build did not report version $want" >&2; exit 1; }
