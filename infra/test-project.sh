#!/usr/bin/env bash
# The unit, integration and end-to-end suites under the given folders: what an Nx project's
# `test` target runs (`npx nx affected -t test`, `npx nx test gateway`). The outage suites stop
# the shared broker and run only in `npm test` (infra/test.sh), alone.
#   bash infra/test-project.sh apps/gateway tools/openapi [-- jest arguments]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. infra/node/use-node24.sh
folders=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do folders+=("${1%/}"); shift; done
[ $# -gt 0 ] && shift
[ ${#folders[@]} -gt 0 ] || { echo "usage: $0 folder... [-- jest arguments]" >&2; exit 2; }
# kafkajs#1751: a harmless negative setTimeout delay, reported by Node 24 on every client.
export NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=TimeoutNegativeWarning"
pattern="^$root/($(IFS='|'; echo "${folders[*]}"))/"
exec npx jest --selectProjects unit integration e2e --passWithNoTests --testPathPatterns "$pattern" "$@"
