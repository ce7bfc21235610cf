#!/usr/bin/env bash
# Starts the whole system on this machine, without Docker:
#   Node 24, dependencies, the Kafka broker, PostgreSQL schemas and migrations, the key pairs, the topics,
#   the console's build, the demo's own data (infra/demo: a demo hospital, made once), then the seven
#   services (gateway on http://127.0.0.1:${PORT:-8080}) and the bank simulator (http://127.0.0.1:8087,
#   the demo's bank: apps/bank-simulator/README.md), and prints where everything is.
# Runs in the foreground; Ctrl-C (or SIGTERM) stops the services gracefully, and the broker too when
# this script started it (a broker that was already running is left running).
# Logs: tmp/logs/<service>.log. With Docker instead: docker compose up --build.
# Environment: PORT (the gateway's), KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_DATA_DIR (the broker's:
# infra/kafka/README.md), DATABASE_NAME (birth), BIRTH_KEYS_DIR, BIRTH_DEMO_DIR.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. infra/node/use-node24.sh
[ -d node_modules ] || bash infra/node/npm-ci.sh

database="${DATABASE_NAME:-birth}"
kafka_port="${KAFKA_PORT:-9092}"
# The services, the topic creation and the CLI find the broker this script uses.
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$kafka_port}"

pids=()
broker_started=0
stop_all() {
  trap - INT TERM EXIT
  if [ "${#pids[@]}" -gt 0 ]; then
    echo "[start] stopping the services"
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait "${pids[@]}" 2>/dev/null || true
  fi
  if [ "$broker_started" = 1 ]; then
    echo "[start] stopping the broker this script started (127.0.0.1:$kafka_port)"
    bash infra/kafka/kafka.sh stop || true
  fi
  echo "[start] stopped"
}
trap stop_all INT TERM EXIT

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && command -v pg_ctlcluster >/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
if bash infra/kafka/kafka.sh status 2>/dev/null; then
  echo "[start] a broker already answers on 127.0.0.1:$kafka_port: used, and left running when this script ends"
  broker_note="already running before npm start: left running on Ctrl-C"
else
  # Set before starting: a Ctrl-C during the broker's start stops it too.
  broker_started=1
  broker_note="started by npm start: Ctrl-C stops it too"
  bash infra/kafka/kafka.sh start
fi
bash infra/run-node.sh infra/db/prepare.ts
# Key pairs once, outside the repository (~/.config/birth-one-thing/keys or BIRTH_KEYS_DIR); never made by a service.
bash infra/run-node.sh infra/keys/prepare-keys.ts
bash infra/run-node.sh infra/kafka/create-topics.ts
# The console (apps/console), served by the gateway at /console/: built into dist/console.
bash infra/run-node.sh apps/console/build.ts
# The demo's own data, as the gateway's role (~/.config/birth-one-thing/demo or BIRTH_DEMO_DIR): made
# and shown on the first start, only located on later ones; shown again at the end, below the addresses.
demo_notes="$(PORT="${PORT:-8080}" DATABASE_URL="postgres://gateway:gateway@127.0.0.1:5432/$database" DATABASE_SCHEMA=gateway \
  bash infra/run-node.sh infra/demo/ensure-demo.ts)"

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

for entry in "${services[@]}"; do
  name="${entry%%:*}" port="${entry##*:}" role="${name//-/_}"
  # Each service connects as its own role to its own schema (roles made by infra/db/prepare.ts).
  PORT="$port" DATABASE_URL="postgres://$role:$role@127.0.0.1:5432/$database" DATABASE_SCHEMA="$role" \
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
  echo "[start] $name ready"
done

# Where everything is. A service's internal API port is the one it logged ("internal API on …").
gateway="http://127.0.0.1:${PORT:-8080}"
echo "[start] all services ready. Where everything is:"
printf '  %-26s %s\n' "gateway (hospitals' API)" "$gateway   API docs: $gateway/api/docs"
printf '  %-26s %s\n' "console" "$gateway/console/"
for entry in "${services[@]:1}"; do
  name="${entry%%:*}" port="${entry##*:}"
  internal="$(grep -o 'internal API on http://[0-9.:]*' "tmp/logs/$name.log" | head -n 1 | sed 's/^internal API on //' || true)"
  printf '  %-26s %s\n' "$name" "http://127.0.0.1:$port${internal:+   internal API: $internal}"
done
printf '  %-26s %s\n' "metrics" "/metrics on each service's address above (Prometheus; not the bank), e.g. $gateway/metrics"
printf '  %-26s %s\n' "logs" "tmp/logs/<name>.log (JSON lines)"
printf '  %-26s %s\n' "broker" "127.0.0.1:$kafka_port ($broker_note)"
printf '  %-26s %s\n' "database" "postgres://127.0.0.1:5432/$database, one schema and role per service"
echo "$demo_notes"
echo "[start] Ctrl-C stops them."
wait "${pids[@]}"
