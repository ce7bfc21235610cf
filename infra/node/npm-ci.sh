#!/usr/bin/env bash
# `npm ci` with npm 11.6: the registry this project's machines reach serves only the Linux
# builds of platform packages (@swc/core-darwin-* and the like answer 404), so the lockfile
# cannot list them, and npm >= 11.7's `ci` refuses a lockfile without them. npm 11.6 installs
# the same lockfile exactly. Drop this once the registry or npm changes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec npx -y npm@11.6.1 ci --no-audit --no-fund "$@"
