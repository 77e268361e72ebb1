#!/bin/sh
# Redis for the tests that run a real Celery worker.
#   redis-up.sh --check [HOST [PORT]]   exits 0 when a Redis answers PING there, 1 when not
#   redis-up.sh [HOST [PORT]]           starts one there when none answers, installing
#                                       Debian's redis-server first when it is missing (root)
# The server started here keeps nothing on disk: the tests' queues are throwaway.
set -eu
check=false
if [ "${1:-}" = "--check" ]; then
    check=true
    shift
fi
host=${1:-127.0.0.1}
port=${2:-6379}

answers() {
    python3 - "$host" "$port" <<'PY' 2>/dev/null
import socket, sys
with socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2) as conn:
    conn.sendall(b"PING\r\n")
    sys.exit(0 if conn.recv(64).startswith(b"+PONG") else 1)
PY
}

if answers; then
    exit 0
fi
if $check; then
    exit 1
fi
if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Debian's redis-server"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    else
        echo "No Redis answers on $host:$port and redis-server is not installed:"
        echo "sudo apt-get install redis-server"
        exit 1
    fi
fi
echo "Starting Redis on $host:$port"
redis-server --daemonize yes --bind "$host" --port "$port" --save "" --appendonly no
for _ in $(seq 1 30); do
    answers && exit 0
    sleep 0.2
done
echo "Redis did not answer on $host:$port after starting"
exit 1
