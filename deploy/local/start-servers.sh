#!/usr/bin/env bash
# Starts PostgreSQL 15, RabbitMQ and Redis for distributed mode by hand (these machines have no systemd), the way the
# integration tests do: each server in its own folder under DIR, listening on 127.0.0.1 only, on free ports,
# RabbitMQ with its own node name, epmd and Erlang cookie and no management plugin, Redis (the grain cluster's
# membership and directory) with append-only persistence. Creates the database
# "procurement" and the vhost "procurement", and writes DIR/servers.env to source before starting Silos and Webs.
# Stop with deploy/local/stop-servers.sh (by PID). Running it again while the servers run only prints their settings.
#
#   deploy/local/start-servers.sh [--dir DIR] [--pg-port N] [--amqp-port N] [--redis-port N] [--fast]
#     --dir DIR      folder for data, logs and PIDs (default $PROCUREMENT_SERVERS_DIR or /tmp/procurement-servers)
#     --pg-port N    PostgreSQL port (default: a free one)      --amqp-port N  RabbitMQ AMQP port (default: a free one)
#     --redis-port N Redis port (default: a free one)
#     --fast         PostgreSQL without fsync (throw-away data, e.g. load tests)
#   . DIR/servers.env
set -euo pipefail

dir="${PROCUREMENT_SERVERS_DIR:-${TMPDIR:-/tmp}/procurement-servers}"
pg_port="" amqp_port="" redis_port="" fast=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --pg-port) pg_port="$2"; shift 2 ;;
    --amqp-port) amqp_port="$2"; shift 2 ;;
    --redis-port) redis_port="$2"; shift 2 ;;
    --fast) fast=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "start-servers: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

pg_bin="${PROCUREMENT_PG_BIN:-/usr/lib/postgresql/15/bin}"
if [ -n "${PROCUREMENT_RABBITMQ_BIN:-}" ]; then rmq_bin="$PROCUREMENT_RABBITMQ_BIN"
elif [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then rmq_bin=/usr/lib/rabbitmq/bin  # Debian's /usr/sbin wrappers switch user
else rmq_bin="$(dirname "$(command -v rabbitmq-server 2>/dev/null || echo /nonexistent/x)")"; fi
epmd_bin="$(command -v epmd 2>/dev/null || echo /usr/lib/erlang/bin/epmd)"
redis_bin="${PROCUREMENT_REDIS_BIN:-$(command -v redis-server 2>/dev/null || echo /usr/bin/redis-server)}"
missing=()
[ -x "$pg_bin/initdb" ] || missing+=("PostgreSQL 15 ($pg_bin/initdb)")
{ [ -x "$rmq_bin/rabbitmq-server" ] && [ -x "$epmd_bin" ]; } || missing+=("RabbitMQ (rabbitmq-server, epmd)")
[ -x "$redis_bin" ] || missing+=("Redis ($redis_bin)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "start-servers: ${missing[*]} not installed; run deploy/local/install-servers.sh" >&2
  exit 1
fi

alive() { [ -n "${1:-}" ] && [ -e "/proc/$1" ] && ! grep -q '^[^)]*) [ZX]' "/proc/$1/stat" 2>/dev/null; }
taken=" "
free_port() {  # a port nothing on 127.0.0.1 answers on, not handed out before in this run
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    case "$taken" in *" $p "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then taken="$taken$p "; echo "$p"; return 0; fi
  done
  echo "start-servers: no free port found" >&2; return 1
}
wait_port() {  # wait_port PORT SECONDS PID LOG
  local until=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if ! alive "$3" || [ $SECONDS -ge $until ]; then echo "start-servers: nothing listens on $1; see $4" >&2; tail -n 20 "$4" >&2 || true; return 1; fi
    sleep 0.2
  done
}
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
chmod 755 "$dir"
start=$SECONDS

# ---- PostgreSQL -------------------------------------------------------------------------------------------------
pg="$dir/pg"
pg_pid="$(head -n 1 "$pg/data/postmaster.pid" 2>/dev/null || true)"
if alive "$pg_pid"; then
  pg_port="$(sed -n 4p "$pg/data/postmaster.pid")"
  echo "start-servers: PostgreSQL already running (pid $pg_pid, port $pg_port)"
else
  mkdir -p "$pg"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pg"
  if [ ! -f "$pg/data/PG_VERSION" ]; then
    as_postgres "$pg_bin/initdb" -D "$pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 -N >"$pg/initdb.log" 2>&1 \
      || { tail -n 20 "$pg/initdb.log" >&2; echo "start-servers: initdb failed" >&2; exit 1; }
  fi
  pg_port="${pg_port:-$(cat "$pg/port" 2>/dev/null || free_port)}"
  echo "$pg_port" >"$pg/port"
  opts="-p $pg_port -c listen_addresses=127.0.0.1 -k $pg -c max_connections=300"
  [ $fast -eq 1 ] && opts="$opts -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
  as_postgres "$pg_bin/pg_ctl" -D "$pg/data" -l "$pg/postgres.log" -w -t 60 -o "$opts" start >/dev/null \
    || { tail -n 20 "$pg/postgres.log" >&2; echo "start-servers: PostgreSQL did not start" >&2; exit 1; }
  pg_pid="$(head -n 1 "$pg/data/postmaster.pid")"
fi
if [ "$("$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'procurement'")" != 1 ]; then
  "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc 'CREATE DATABASE procurement' >/dev/null
fi

# ---- RabbitMQ ---------------------------------------------------------------------------------------------------
rmq="$dir/rabbitmq"
mkdir -p "$rmq/home"
rmq_node="" rmq_amqp_port="" rmq_dist_port="" rmq_epmd_port=""
if [ -f "$rmq/ports" ]; then . "$rmq/ports"; fi   # kept across stop --keep/start: the node's data is tied to its name
node="${rmq_node:-procurement$$@localhost}"
amqp_port="${rmq_amqp_port:-${amqp_port:-$(free_port)}}"
dist_port="${rmq_dist_port:-$(free_port)}"
epmd_port="${rmq_epmd_port:-$(free_port)}"
printf 'rmq_node=%s\nrmq_amqp_port=%s\nrmq_dist_port=%s\nrmq_epmd_port=%s\n' "$node" "$amqp_port" "$dist_port" "$epmd_port" >"$rmq/ports"
rmq_env=(HOME="$rmq/home" RABBITMQ_NODENAME="$node" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$amqp_port"
  RABBITMQ_DIST_PORT="$dist_port" ERL_EPMD_PORT="$epmd_port" ERL_EPMD_ADDRESS=127.0.0.1
  RABBITMQ_MNESIA_BASE="$rmq/mnesia" RABBITMQ_LOG_BASE="$rmq/log" RABBITMQ_CONFIG_FILE="$rmq/rabbitmq.conf"
  RABBITMQ_ADVANCED_CONFIG_FILE="$rmq/advanced.config" RABBITMQ_ENABLED_PLUGINS_FILE="$rmq/enabled_plugins"
  RABBITMQ_CONF_ENV_FILE="$rmq/rabbitmq-env.conf" RABBITMQ_PID_FILE="$rmq/rabbit.pid")
printf 'loopback_users.guest = true\nlog.console = false\nlog.file.level = info\ndisk_free_limit.absolute = 10MB\n' >"$rmq/rabbitmq.conf"
echo '[].' >"$rmq/enabled_plugins"
: >"$rmq/rabbitmq-env.conf"

epmd_pid="$(cat "$rmq/epmd.pid" 2>/dev/null || true)"
if ! alive "$epmd_pid"; then
  nohup env "${rmq_env[@]}" "$epmd_bin" -port "$epmd_port" -address 127.0.0.1 >"$rmq/epmd.log" 2>&1 </dev/null &
  epmd_pid=$!
  echo "$epmd_pid" >"$rmq/epmd.pid"
  wait_port "$epmd_port" 20 "$epmd_pid" "$rmq/epmd.log"
fi
beam_pid="$(cat "$rmq/rabbit.pid" 2>/dev/null || true)"
if alive "$beam_pid"; then
  echo "start-servers: RabbitMQ already running (pid $beam_pid, port $amqp_port)"
else
  rm -f "$rmq/rabbit.pid"
  (cd "$rmq" && nohup env "${rmq_env[@]}" "$rmq_bin/rabbitmq-server" >"$rmq/stdout.log" 2>&1 </dev/null & echo $! >"$rmq/server.pid")
  wait_port "$amqp_port" 120 "$(cat "$rmq/server.pid")" "$rmq/log/$node.log"
  beam_pid="$(cat "$rmq/rabbit.pid")"
fi
ctl() { (cd "$rmq" && env "${rmq_env[@]}" "$rmq_bin/rabbitmqctl" -q -n "$node" "$@"); }
ctl list_vhosts | grep -qx procurement || ctl add_vhost procurement >/dev/null
ctl set_permissions -p procurement guest '.*' '.*' '.*' >/dev/null

# ---- Redis ------------------------------------------------------------------------------------------------------
# Append-only persistence: a Redis restarted empty would split the grain cluster (docs/operations.md).
rds="$dir/redis"
mkdir -p "$rds"
redis_pid="$(cat "$rds/redis.pid" 2>/dev/null || true)"
redis_port="${redis_port:-$(cat "$rds/port" 2>/dev/null || free_port)}"
echo "$redis_port" >"$rds/port"
if alive "$redis_pid"; then
  echo "start-servers: Redis already running (pid $redis_pid, port $redis_port)"
else
  nohup "$redis_bin" --port "$redis_port" --bind 127.0.0.1 --dir "$rds" --appendonly yes --appendfsync everysec --save "" \
    --daemonize no >"$rds/redis.log" 2>&1 </dev/null &
  redis_pid=$!
  echo "$redis_pid" >"$rds/redis.pid"
  wait_port "$redis_port" 30 "$redis_pid" "$rds/redis.log"
fi
# ---- settings ---------------------------------------------------------------------------------------------------
cat >"$dir/servers.env" <<EOF
# Written by deploy/local/start-servers.sh: source it, then start Silos and Webs (docs/operations.md).
export PROCUREMENT_SERVERS_DIR='$dir'
export Database__Provider=PostgreSql
export ConnectionStrings__Procurement='Host=127.0.0.1;Port=$pg_port;Database=procurement;Username=postgres'
export Bus__Transport=RabbitMq
export ConnectionStrings__RabbitMq='amqp://guest:guest@127.0.0.1:$amqp_port/procurement'
export Cluster__Provider=Redis
export ConnectionStrings__Redis='127.0.0.1:$redis_port'
# psql and rabbitmqctl against these servers:
procurement_psql() { '$pg_bin/psql' -h 127.0.0.1 -p $pg_port -U postgres -d procurement "\$@"; }
procurement_rabbitmqctl() { (cd '$rmq' && env $(printf '%q ' "${rmq_env[@]}")'$rmq_bin/rabbitmqctl' -n '$node' "\$@"); }
EOF
echo "start-servers: PostgreSQL 127.0.0.1:$pg_port (pid $pg_pid), RabbitMQ 127.0.0.1:$amqp_port node $node (pid $beam_pid, epmd pid $epmd_pid), Redis 127.0.0.1:$redis_port (pid $redis_pid) in $((SECONDS - start)) s"
echo "start-servers: settings in $dir/servers.env (. it); stop with deploy/local/stop-servers.sh${dir:+ --dir $dir}"
