#!/usr/bin/env bash
# Starts the whole system on this machine, without Docker:
#   Node 24, dependencies, the Kafka broker, PostgreSQL schemas and migrations, the key pairs, the topics,
#   then the seven services (gateway on http://127.0.0.1:${PORT:-8080}) and the bank simulator
#   (http://127.0.0.1:8087, the demo's bank: apps/bank-simulator/README.md).
# Runs in the foreground; Ctrl-C (or SIGTERM) stops the services gracefully.
# Logs: tmp/logs/<service>.log. With Docker instead: docker compose up --build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. infra/node/use-node24.sh
[ -d node_modules ] || bash infra/node/npm-ci.sh

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && command -v pg_ctlcluster >/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
bash infra/kafka/kafka.sh start
bash infra/run-node.sh infra/db/prepare.ts
# Key pairs once, outside the repository (~/.config/birth-one-thing/keys or BIRTH_KEYS_DIR); never made by a service.
bash infra/run-node.sh infra/keys/prepare-keys.ts
bash infra/run-node.sh infra/kafka/create-topics.ts
# The console (apps/console), served by the gateway at /console/: built into dist/console.
bash infra/run-node.sh apps/console/build.ts

# name:port — the same defaults as each service's configuration.
services=(
  "gateway:${PORT:-8080}"
  "birth-certificate:8081"
  "household-registration:8082"
  "medical-insurance:8083"
  "social-security-card:8084"
  "maternity-allowance:8085"
  "case-saga:8086"
  # A demo program, not a service: the bank the maternity allowance pays through.
  "bank-simulator:8087"
)
mkdir -p tmp/logs
pids=()
stop_all() {
  trap - INT TERM EXIT
  echo "[start] stopping services"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop_all INT TERM EXIT

for entry in "${services[@]}"; do
  name="${entry%%:*}" port="${entry##*:}" role="${name//-/_}"
  # Each service connects as its own role to its own schema (roles made by infra/db/prepare.ts).
  PORT="$port" DATABASE_URL="postgres://$role:$role@127.0.0.1:5432/${DATABASE_NAME:-birth}" DATABASE_SCHEMA="$role" \
    bash infra/run-node.sh "apps/$name/src/main.ts" >"tmp/logs/$name.log" 2>&1 &
  pids+=($!)
done

deadline=$(( $(date +%s) + 120 ))
for entry in "${services[@]}"; do
  name="${entry%%:*}" port="${entry##*:}"
  until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
    if [ "$(date +%s)" -gt "$deadline" ]; then
      echo "[start] $name is not ready on port $port; last log lines:"; tail -n 30 "tmp/logs/$name.log"; exit 1
    fi
    sleep 0.5
  done
  echo "[start] $name ready on http://127.0.0.1:$port (log: tmp/logs/$name.log)"
done
echo "[start] all services ready; gateway on http://127.0.0.1:${PORT:-8080}. Ctrl-C stops them."
wait "${pids[@]}"
