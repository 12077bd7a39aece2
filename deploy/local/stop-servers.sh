#!/usr/bin/env bash
# Stops what deploy/local/start-servers.sh started, by the PIDs it recorded (never by process name): RabbitMQ's
# Erlang VM (SIGTERM: a clean stop that keeps durable queues), its epmd, Redis (SIGTERM: it writes its append-only
# file) and the PostgreSQL postmaster (SIGINT: fast shutdown). Each gets 30 s before SIGKILL. Then deletes the folder, unless --keep (a later start reuses the data).
#
#   deploy/local/stop-servers.sh [--dir DIR] [--keep]
set -euo pipefail

dir="${PROCUREMENT_SERVERS_DIR:-${TMPDIR:-/tmp}/procurement-servers}"
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "stop-servers: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
if [ ! -d "$dir" ]; then echo "stop-servers: nothing at $dir"; exit 0; fi

alive() { [ -n "${1:-}" ] && [ -e "/proc/$1" ] && ! grep -q '^[^)]*) [ZX]' "/proc/$1/stat" 2>/dev/null; }
stop_pid() {  # stop_pid NAME PID SIGNAL
  local name="$1" pid="$2" signal="$3" until=$((SECONDS + 30))
  if ! alive "$pid"; then echo "stop-servers: $name not running"; return 0; fi
  kill -s "$signal" "$pid" 2>/dev/null || true
  while alive "$pid" && [ $SECONDS -lt $until ]; do sleep 0.2; done
  if alive "$pid"; then kill -s KILL "$pid" 2>/dev/null || true; echo "stop-servers: $name (pid $pid) killed after 30 s"
  else echo "stop-servers: $name (pid $pid) stopped"; fi
}

stop_pid "RabbitMQ" "$(cat "$dir/rabbitmq/rabbit.pid" 2>/dev/null || true)" TERM
stop_pid "RabbitMQ script" "$(cat "$dir/rabbitmq/server.pid" 2>/dev/null || true)" TERM
stop_pid "epmd" "$(cat "$dir/rabbitmq/epmd.pid" 2>/dev/null || true)" TERM
stop_pid "Redis" "$(cat "$dir/redis/redis.pid" 2>/dev/null || true)" TERM
stop_pid "PostgreSQL" "$(head -n 1 "$dir/pg/data/postmaster.pid" 2>/dev/null || true)" INT

if [ $keep -eq 1 ]; then
  rm -f "$dir/rabbitmq/rabbit.pid" "$dir/rabbitmq/server.pid" "$dir/rabbitmq/epmd.pid" "$dir/redis/redis.pid"
  echo "stop-servers: data kept in $dir"
else
  rm -rf "$dir"
  echo "stop-servers: removed $dir"
fi
