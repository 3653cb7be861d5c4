#!/usr/bin/env bash
# Start the action server (port 5055) and the Rasa server (port 5005, REST channel,
# HTTP API enabled) from bot/, wait until both answer, then wait on them; Ctrl-C or
# SIGTERM stops both. Trains first when the model is missing or stale.
#
#   MOTCUA_DATA_DIR      where the tracker store lives (default: <repo>/var)
#   MOTCUA_KIOSK_URL     the kiosk API the actions call (default http://127.0.0.1:8000)
#   RASA_PORT, ACTIONS_PORT, MOTCUA_RASA_WAIT (seconds to wait for health, default 240)
set -euo pipefail

BOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(dirname "$BOT_DIR")"
VENV_BIN="${RASA_VENV:-$REPO_DIR/.venv-rasa}/bin"
RASA_PORT="${RASA_PORT:-5005}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
DATA_DIR="$(realpath -m "${MOTCUA_DATA_DIR:-$REPO_DIR/var}")"

export RASA_TELEMETRY_ENABLED=false
export MOTCUA_KIOSK_URL="${MOTCUA_KIOSK_URL:-http://127.0.0.1:8000}"
export MOTCUA_ACTIONS_URL="${MOTCUA_ACTIONS_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}"
export MOTCUA_TRACKER_DIALECT="${MOTCUA_TRACKER_DIALECT:-sqlite}"
export MOTCUA_TRACKER_DB="${MOTCUA_TRACKER_DB:-$DATA_DIR/rasa/tracker.db}"
export MOTCUA_TRACKER_HOST="${MOTCUA_TRACKER_HOST:-}"
export MOTCUA_TRACKER_USER="${MOTCUA_TRACKER_USER:-}"
export MOTCUA_TRACKER_PASSWORD="${MOTCUA_TRACKER_PASSWORD:-}"
[[ "$MOTCUA_TRACKER_DIALECT" == sqlite ]] && mkdir -p "$(dirname "$MOTCUA_TRACKER_DB")"

"$BOT_DIR/scripts/train-if-needed.sh"
cd "$BOT_DIR"

pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop EXIT INT TERM

"$VENV_BIN/rasa" run actions --actions actions --port "$ACTIONS_PORT" &
pids+=($!)
"$VENV_BIN/rasa" run --model models/motcua.tar.gz --endpoints endpoints.yml \
    --credentials credentials.yml --enable-api --port "$RASA_PORT" &
pids+=($!)

wait_for() {  # URL NAME
    local deadline=$(( $(date +%s) + ${MOTCUA_RASA_WAIT:-240} ))
    until "$VENV_BIN/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1" 2>/dev/null; do
        for pid in "${pids[@]}"; do
            kill -0 "$pid" 2>/dev/null || { echo "run-all: $2 exited" >&2; exit 1; }
        done
        (( $(date +%s) < deadline )) || { echo "run-all: $2 not healthy in time" >&2; exit 1; }
        sleep 1
    done
    echo "run-all: $2 ready ($1)"
}
wait_for "http://127.0.0.1:$ACTIONS_PORT/health" "action server"
wait_for "http://127.0.0.1:$RASA_PORT/status" "Rasa"   # /status: the model is loaded
wait -n "${pids[@]}"
