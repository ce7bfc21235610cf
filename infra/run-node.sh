#!/usr/bin/env bash
# Runs a TypeScript entry point of this repo on Node 24, compiled on the fly by SWC
# (tsconfig paths such as @birth/messaging resolve through tsconfig.base.json).
# Usage: bash infra/run-node.sh path/to/entry.ts [args...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/infra/node/use-node24.sh"
export SWC_NODE_PROJECT="$root/tsconfig.base.json"
# kafkajs 2.2.4 passes negative delays to setTimeout (kafkajs#1751), which Node 24 reports on every
# start; the delay is clamped to 1 ms and harmless, so that one warning is silenced.
exec node --enable-source-maps --disable-warning=TimeoutNegativeWarning -r @swc-node/register "$@"
