#!/usr/bin/env bash
# Stops exactly what deploy/local/up.sh started, by the PIDs it recorded.
#   deploy/local/down.sh                      everything
#   deploy/local/down.sh key-service-8092     only the instances named
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
state=${COFFER_LOCAL_DIR:-$root/.coffer/local}
pids=$state/pids

stop() {
  local name=$1 file=$pids/$1.pid pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    echo "Stopping $name (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && { echo "$name did not stop; killing it"; kill -9 "$pid"; }
  fi
  rm -f "$file"
}

if [ $# -gt 0 ]; then
  # only the instances named, as up.sh --instance started them (key-service-8092) or the stack's own (key-service)
  for name in "$@"; do stop "$name"; done
  exit 0
fi
# extra instances (up.sh --instance) first
for file in "$pids"/*-[0-9]*.pid; do [ -f "$file" ] && stop "$(basename "$file" .pid)"; done
# the console, then the services, so they flush their outboxes and commit offsets while Kafka is still there
for name in console repo-service key-service crypto-service audit-service; do stop "$name"; done
stop kafka
stop s3proxy
echo "Stopped. Logs and data stay in $state"
