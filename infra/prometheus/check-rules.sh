#!/usr/bin/env bash
# Checks the alerting rules and runs their unit tests with promtool (Debian's `prometheus`
# package). Where promtool is missing, the package is fetched with apt-get and only promtool is
# unpacked from it (installing the package would start a Prometheus server): CI needs nothing else.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
promtool="$(command -v promtool || true)"
if [ -z "$promtool" ]; then
  cache="${PROMTOOL_CACHE:-/tmp/birth-promtool}"
  promtool="$cache/usr/bin/promtool"
  if [ ! -x "$promtool" ]; then
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && { apt-get download prometheus >/dev/null 2>&1 || { apt-get update -qq && apt-get download prometheus >/dev/null; }; })
    mkdir -p "$cache"
    dpkg-deb -x "$work"/prometheus_*.deb "$work/x"
    mkdir -p "$cache/usr/bin"
    cp "$work/x/usr/bin/promtool" "$promtool"
  fi
fi
"$promtool" --version | head -1
"$promtool" check rules alerts.yml
"$promtool" test rules alerts.test.yml
