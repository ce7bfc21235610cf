#!/usr/bin/env bash
# Runs a TypeScript entry point of this repo on Node 24, compiled on the fly by SWC
# (tsconfig paths such as @birth/messaging resolve through tsconfig.base.json).
# Usage: bash infra/run-node.sh path/to/entry.ts [args...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/infra/node/use-node24.sh"
export SWC_NODE_PROJECT="$root/tsconfig.base.json"
exec node --enable-source-maps -r @swc-node/register "$@"
