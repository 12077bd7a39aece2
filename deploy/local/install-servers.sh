#!/usr/bin/env bash
# Installs, from Debian's packages, the servers the tests and a local deployment use:
# PostgreSQL, RabbitMQ and Redis, plus Chromium and CJK fonts for the browser tests with --with-chromium.
# Idempotent: a package already installed is left alone, and when nothing is missing
# apt is not called at all. Services are NOT started (these machines have no systemd);
# see deploy/local/README.md for how to start them by hand.
#
#   deploy/local/install-servers.sh                  # postgresql + rabbitmq-server + redis-server
#   deploy/local/install-servers.sh --with-chromium  # ... and chromium
set -euo pipefail

packages=(postgresql rabbitmq-server redis-server)
for arg in "$@"; do
  case "$arg" in
    --with-chromium) packages+=(chromium fonts-noto-cjk) ;;  # CJK fonts: screenshots show Chinese, not boxes
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-servers: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

installed() {
  # "dpkg -s" also succeeds for removed packages whose config files remain: check the status.
  dpkg -s "$1" 2>/dev/null | grep -qx 'Status: install ok installed'
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-servers: already installed: ${packages[*]} (0 s)"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-servers: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-q -o DPkg::Lock::Timeout=300)
log=$(mktemp -t install-servers-apt.XXXXXX)
start=$SECONDS
echo "install-servers: installing ${missing[*]}"
"${sudo[@]}" apt-get "${apt_opts[@]}" -qq update </dev/null
t_update=$((SECONDS - start))
"${sudo[@]}" apt-get "${apt_opts[@]}" install -y "${missing[@]}" </dev/null >"$log" 2>&1 \
  || { tail -n 40 "$log" >&2; echo "install-servers: apt-get install failed" >&2; exit 1; }

for p in "${missing[@]}"; do
  installed "$p" || { echo "install-servers: $p still not installed" >&2; exit 1; }
done
echo "install-servers: installed ${missing[*]} in $((SECONDS - start)) s (apt-get update ${t_update} s; log $log)"
