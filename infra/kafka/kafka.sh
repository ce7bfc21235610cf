#!/usr/bin/env bash
# Single-node Kafka (KRaft, broker+controller in one JVM) without Docker:
# the broker jars come from Maven Central, the JVM is the machine's Java 17.
# Usage: bash infra/kafka/kafka.sh fetch|start|stop|status|clean   (see README.md)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The version lives in pom.xml only, so the pom and the cache cannot disagree.
version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"
cache="${BIRTH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/birth-one-thing}"
home="$cache/kafka-$version"
libs="$home/libs"
port="${KAFKA_PORT:-9092}"
cport="${KAFKA_CONTROLLER_PORT:-9093}"
data="${KAFKA_DATA_DIR:-$cache/kafka-data}"
# Pid, rendered config and log are keyed by port, not by data dir, so that
# `stop` finds the broker even when it is called without the KAFKA_DATA_DIR of `start`.
run="$cache/kafka-run-$port"
pidfile="$run/kafka.pid"
logfile="$run/kafka.log"

say() { echo "[kafka] $*" >&2; }

fetch() {
  # The marker is written last: a download cut half-way is not mistaken for a complete one.
  if [ -f "$home/.complete" ] && [ -f "$libs/kafka_2.13-$version.jar" ]; then return 0; fi
  say "fetching kafka_2.13 $version and its runtime dependencies into $libs"
  rm -rf "$libs" "$libs.tmp"
  mkdir -p "$home"
  # Output is shown only on failure: Debian's Maven 3.8.7 prints stray ANSI codes even with -q -B.
  local out
  out="$(mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs.tmp" 2>&1)" || { echo "$out" >&2; exit 1; }
  mv "$libs.tmp" "$libs"
  touch "$home/.complete"
}

# Exit 0 when the broker answers ApiVersions AND returns metadata listing at least one
# broker (an open port proves little: the socket is bound before the broker serves).
# Plain `net`, no dependencies, ~70 ms. kafka.admin.BrokerApiVersionsCommand (in
# kafka_2.13 3.9, gone to kafka-tools in 4.0) costs a 0.7 s JVM per poll and made a
# warm start take 4 s instead of 2 s on a 2-core machine.
probe() {
  node - "$port" <<'JS' 2>/dev/null
const net = require('net');
const port = Number(process.argv[2]);
// Request header v1: api_key, api_version, correlation_id, client_id (int16-length string).
const req = (key, ver, id, body) => {
  const client = Buffer.from('kafka.sh');
  const h = Buffer.alloc(10);
  h.writeInt16BE(key, 0); h.writeInt16BE(ver, 2); h.writeInt32BE(id, 4); h.writeInt16BE(client.length, 8);
  const msg = Buffer.concat([h, client, body]);
  const size = Buffer.alloc(4); size.writeInt32BE(msg.length);
  return Buffer.concat([size, msg]);
};
// ApiVersions v0 (empty body); Metadata v4 (topics = null: all; allow_auto_topic_creation = false).
// Both versions exist in Kafka 3.x and 4.x.
const metadataBody = Buffer.from([0xff, 0xff, 0xff, 0xff, 0]);
const sock = net.connect(port, '127.0.0.1');
const fail = () => { sock.destroy(); process.exit(1); };
setTimeout(fail, 2000);
sock.on('error', fail);
sock.on('connect', () => sock.write(Buffer.concat([req(18, 0, 1, Buffer.alloc(0)), req(3, 4, 2, metadataBody)])));
let buf = Buffer.alloc(0);
const answers = {};
sock.on('data', (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
    const frame = buf.subarray(4, 4 + buf.readInt32BE(0));
    buf = buf.subarray(4 + frame.length);
    answers[frame.readInt32BE(0)] = frame.subarray(4); // key: correlation id
  }
  if (!answers[1] || !answers[2]) return;
  const apiError = answers[1].readInt16BE(0);
  const brokers = answers[2].readInt32BE(4); // after throttle_time_ms
  sock.destroy();
  process.exit(apiError === 0 && brokers > 0 ? 0 : 1);
});
JS
}

pid_alive() {
  # The pid must still be our broker: a stale pid file may point at a reused pid.
  [ -f "$pidfile" ] && grep -qa 'kafka.Kafka' "/proc/$(cat "$pidfile")/cmdline" 2>/dev/null
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

render_config() {
  cat >"$run/server.properties" <<EOF
# Rendered by infra/kafka/kafka.sh at each start; edit the script, not this file.
process.roles=broker,controller
node.id=1
# Static quorum of one voter: formatting needs no --standalone.
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$data/logs
# One node: internal topics at the default RF 3 can never be created, and kafkajs
# then retries "The group coordinator is not available" forever.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# __consumer_offsets is created on the first group join; with the default 50
# partitions that creation (50 logs, indexes, leader elections, coordinator loads)
# takes seconds on a 2-core machine and delays the first test. 6 is plenty here.
offsets.topic.num.partitions=6
num.partitions=6
# The default 3 s delay slows every consumer group join in tests.
group.initial.rebalance.delay.ms=0
# Tests use short session timeouts (default minimum is 6 s) so a rejoin takes seconds.
group.min.session.timeout.ms=1000
# Topics are created explicitly (infra:topics), never by a typo in a producer.
auto.create.topics.enable=false
delete.topic.enable=true
# The broker shares its disk with PostgreSQL here. Left to the kernel, its log segments stay dirty
# in the page cache until they are 30 s old and are then written in one go (30 MB and more under
# the intake bench), and PostgreSQL's commits wait behind that write for tens of milliseconds.
# Flushed every second, the same bytes go out in small pieces (bench/README.md, "Where the time goes").
log.flush.interval.ms=1000
log.flush.scheduler.interval.ms=1000
EOF
}

start() {
  if probe; then
    say "a broker already answers on 127.0.0.1:$port; nothing to do"
    if [ -f "$run/data-dir" ] && [ "$(cat "$run/data-dir")" != "$data" ]; then
      say "WARNING: it uses $(cat "$run/data-dir"), not $data (run 'stop' first for a fresh one)"
    fi
    return 0
  fi
  if ! pid_alive; then
    for p in "$port" "$cport"; do
      if port_busy "$p"; then say "port $p is taken by another process"; exit 1; fi
    done
    fetch
    mkdir -p "$run" "$data"
    render_config
    echo "$data" >"$run/data-dir"
    # Keep the previous run's log (an outage test may want it), start this one empty.
    if [ -f "$logfile" ]; then mv -f "$logfile" "$logfile.1"; fi
    local cp="$libs/*"
    # Keep the cluster id next to the data so a repeated format gets the same id.
    if [ ! -s "$data/cluster.id" ]; then
      local id=-
      # Kafka's own ids are 16 random bytes in base64url and never start with '-'.
      while [ "${id:0:1}" = - ]; do id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; done
      echo "$id" >"$data/cluster.id"
    fi
    # Formatting costs a JVM start (~2 s), so skip it when the directory is already formatted;
    # -g would make a repeat harmless anyway.
    if [ ! -f "$data/logs/meta.properties" ]; then
      java -cp "$cp" -Dlog4j.configuration="file:$here/log4j.properties" kafka.tools.StorageTool \
        format -t "$(cat "$data/cluster.id")" -c "$run/server.properties" -g >>"$logfile" 2>&1 \
        || { cat "$logfile" >&2; exit 1; }
    fi
    say "starting broker on 127.0.0.1:$port (data: $data, log: $logfile)"
    # setsid: its own session, so the caller's Ctrl-C or CI step teardown does not reach it.
    # ${KAFKA_HEAP_OPTS}: 512 MiB is enough for tests on a small machine.
    # shellcheck disable=SC2086
    setsid nohup java ${KAFKA_HEAP_OPTS:--Xmx512m -Xms512m} -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dlog4j.configuration="file:$here/log4j.properties" \
      -cp "$cp" kafka.Kafka "$run/server.properties" >>"$logfile" 2>&1 </dev/null &
    echo $! >"$pidfile"
  else
    say "broker $(cat "$pidfile") is starting; waiting for it"
  fi
  local deadline=$((SECONDS + 60))
  until probe; do
    if ! pid_alive || [ "$SECONDS" -ge "$deadline" ]; then
      if pid_alive; then say "no answer within 60 s (pid $(cat "$pidfile") left running; 'stop' ends it)"
      else say "the broker exited"; fi
      say "last 50 lines of $logfile:"
      tail -n 50 "$logfile" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  say "broker answers on 127.0.0.1:$port (pid $(cat "$pidfile"))"
}

stop() {
  if ! pid_alive; then
    rm -f "$pidfile"
    if probe; then say "a broker answers on $port but was not started by this script"; exit 1; fi
    say "not running"
    return 0
  fi
  local pid deadline=$((SECONDS + 30))
  pid="$(cat "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || true
  # SIGTERM lets the broker close its logs cleanly: no log recovery at the next start.
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  # After a SIGKILL the next start takes ~12 s instead of ~2 s: the controller refuses the
  # new registration (DUPLICATE_BROKER_REGISTRATION) until the dead one's 9 s session expires.
  if kill -0 "$pid" 2>/dev/null; then say "still alive after 30 s; SIGKILL"; kill -KILL "$pid"; fi
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$pidfile"
  say "stopped"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) if probe; then say "answering on 127.0.0.1:$port"; else say "not answering on 127.0.0.1:$port"; exit 1; fi ;;
  clean)
    stop
    case "$data" in "" | / | "$HOME") say "refusing to remove '$data'"; exit 1 ;; esac
    rm -rf "$data"
    say "removed $data"
    ;;
  *) echo "usage: $0 fetch|start|stop|status|clean" >&2; exit 2 ;;
esac
