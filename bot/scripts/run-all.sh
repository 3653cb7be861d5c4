#!/usr/bin/env bash
# Start the action server (port 5055) and the Rasa server (port 5005, REST channel,
# HTTP API enabled) from bot/, wait until both answer, then wait on them; Ctrl-C or
# SIGTERM stops both. Trains first when the model is missing or stale.
#
# Both listen on loopback only; Rasa's HTTP API (conversations, model, ...) needs the
# token in MOTCUA_RASA_TOKEN as ?token= (made here for this start when not given; the
# kiosk reads trackers with it, see run-with-kiosk.sh). The REST channel needs none.
#
#   MOTCUA_DATA_DIR      where the tracker store lives (default: <repo>/var)
#   MOTCUA_KIOSK_URL     the kiosk API the actions call (default http://127.0.0.1:8000)
#   MOTCUA_RASA_TOKEN    token of Rasa's HTTP API (default: a new random one)
#   RASA_HOST, ACTIONS_HOST  addresses to listen on (default 127.0.0.1 for both)
#   RASA_PORT, ACTIONS_PORT, MOTCUA_RASA_WAIT (seconds to wait for health, default 240)
set -euo pipefail

BOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(dirname "$BOT_DIR")"
VENV_BIN="${RASA_VENV:-$REPO_DIR/.venv-rasa}/bin"
RASA_HOST="${RASA_HOST:-127.0.0.1}"
RASA_PORT="${RASA_PORT:-5005}"
ACTIONS_HOST="${ACTIONS_HOST:-127.0.0.1}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
DATA_DIR="$(realpath -m "${MOTCUA_DATA_DIR:-$REPO_DIR/var}")"

export RASA_TELEMETRY_ENABLED=false
if [[ -z "${MOTCUA_RASA_TOKEN:-}" ]]; then
    MOTCUA_RASA_TOKEN="$("$VENV_BIN/python" -c 'import secrets; print(secrets.token_urlsafe(24))')"
    echo "run-all: MOTCUA_RASA_TOKEN not set, made one for this start (the HTTP API needs it)"
fi
export MOTCUA_RASA_TOKEN
export MOTCUA_KIOSK_URL="${MOTCUA_KIOSK_URL:-http://127.0.0.1:8000}"
export MOTCUA_ACTIONS_URL="${MOTCUA_ACTIONS_URL:-http://$ACTIONS_HOST:$ACTIONS_PORT/webhook}"
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

# rasa-sdk's action server listens on $SANIC_HOST (its default is 0.0.0.0).
SANIC_HOST="$ACTIONS_HOST" "$VENV_BIN/rasa" run actions --actions actions --port "$ACTIONS_PORT" &
pids+=($!)
# The token reaches Rasa through the environment, not the command line (scripts/rasa_run.py).
"$VENV_BIN/python" scripts/rasa_run.py --model models/motcua.tar.gz --endpoints endpoints.yml \
    --credentials credentials.yml --enable-api --interface "$RASA_HOST" --port "$RASA_PORT" &
pids+=($!)

# GET URL (with ?token= from the environment when ENV-TOKEN is given); true when it answers.
PROBE='import os, sys, urllib.parse, urllib.request
url = sys.argv[1]
if len(sys.argv) > 2:
    url += "?token=" + urllib.parse.quote(os.environ["MOTCUA_RASA_TOKEN"])
urllib.request.urlopen(url, timeout=2)'

wait_for() {  # URL NAME [token]
    local deadline=$(( $(date +%s) + ${MOTCUA_RASA_WAIT:-240} ))
    until "$VENV_BIN/python" -c "$PROBE" "$1" ${3:+"$3"} 2>/dev/null; do
        for pid in "${pids[@]}"; do
            kill -0 "$pid" 2>/dev/null || { echo "run-all: $2 exited" >&2; exit 1; }
        done
        (( $(date +%s) < deadline )) || { echo "run-all: $2 not healthy in time" >&2; exit 1; }
        sleep 1
    done
    echo "run-all: $2 ready ($1)"
}
wait_for "http://$ACTIONS_HOST:$ACTIONS_PORT/health" "action server"
wait_for "http://$RASA_HOST:$RASA_PORT/status" "Rasa" token  # /status: the model is loaded
wait -n "${pids[@]}"
