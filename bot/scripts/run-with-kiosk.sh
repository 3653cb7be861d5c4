#!/usr/bin/env bash
# `make run`: the kiosk (python -m kiosk serve, http://127.0.0.1:8000) and, beside it,
# the assistant (scripts/run-all.sh: Rasa on 5005 and its action server on 5055,
# trained first when the model is missing or stale). The kiosk answers at once; until
# Rasa is ready its chat answers from the procedure catalog with a notice. Ctrl-C (or
# SIGTERM) stops everything.
#
#   KIOSK_PYTHON          the main venv's python (default <repo>/.venv/bin/python)
#   MOTCUA_PORT           kiosk port (default 8000); RASA_PORT, ACTIONS_PORT as in run-all.sh
#   MOTCUA_SERVICE_TOKEN  shared by the kiosk and the action server (generated if unset)
#   MOTCUA_RASA_TOKEN     token of Rasa's HTTP API, which the kiosk reads trackers with
#                         (generated if unset)
set -euo pipefail

BOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(dirname "$BOT_DIR")"
KIOSK_PYTHON="${KIOSK_PYTHON:-$REPO_DIR/.venv/bin/python}"
PORT="${MOTCUA_PORT:-8000}"
RASA_PORT="${RASA_PORT:-5005}"

export MOTCUA_PORT="$PORT" RASA_PORT
export MOTCUA_KIOSK_URL="${MOTCUA_KIOSK_URL:-http://127.0.0.1:$PORT}"
export MOTCUA_RASA_URL="${MOTCUA_RASA_URL:-http://127.0.0.1:$RASA_PORT}"
# The action server calls the kiosk for every chat user from one address: with this
# shared secret the kiosk does not rate-limit it (kiosk/api/deps.py).
export MOTCUA_SERVICE_TOKEN="${MOTCUA_SERVICE_TOKEN:-$("$KIOSK_PYTHON" -c 'import secrets; print(secrets.token_urlsafe(24))')}"
# Rasa's HTTP API (trackers, model) answers only with this token; the kiosk passes it.
export MOTCUA_RASA_TOKEN="${MOTCUA_RASA_TOKEN:-$("$KIOSK_PYTHON" -c 'import secrets; print(secrets.token_urlsafe(24))')}"

pids=()
stop() {
    trap - EXIT INT TERM
    echo
    echo "motcua: dừng kiosk và trợ lý..."
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop EXIT INT TERM

cd "$REPO_DIR"
"$KIOSK_PYTHON" -m kiosk serve --port "$PORT" &
pids+=($!)
"$BOT_DIR/scripts/run-all.sh" &
pids+=($!)

until "$KIOSK_PYTHON" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
        "http://127.0.0.1:$PORT/api/v1/health" 2>/dev/null; do
    kill -0 "${pids[0]}" 2>/dev/null || { echo "motcua: kiosk exited" >&2; exit 1; }
    sleep 1
done
cat <<MSG

  motcua đang chạy: mở http://127.0.0.1:$PORT trên trình duyệt (API: http://127.0.0.1:$PORT/docs)
  Trợ lý hội thoại (Rasa) có thể cần thêm ít phút để sẵn sàng; Ctrl-C để dừng.

MSG
if [ -z "${MOTCUA_PUBLIC_URL:-}" ]; then
    # QR codes for phones need an address a phone can open: never 127.0.0.1/localhost.
    lan="$(hostname -I 2>/dev/null | awk '{print $1}')"
    cat <<MSG
  Mã QR cho điện thoại đang tắt: chưa có địa chỉ công khai. Để bật, chạy lại với
    MOTCUA_HOST=0.0.0.0 MOTCUA_PUBLIC_URL=http://${lan:-<địa chỉ IP của máy>}:$PORT make run
  (hoặc địa chỉ HTTPS công khai của kiosk); thêm MOTCUA_TELEGRAM_BOT_USERNAME=<tên bot>
  để mã QR mở cuộc trò chuyện Telegram (t.me/<bot>?start=<mã>).

MSG
fi
wait -n "${pids[@]}"
