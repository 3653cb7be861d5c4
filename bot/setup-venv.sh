#!/usr/bin/env bash
# Create the Rasa virtualenv (.venv-rasa at the repository root, Python 3.10) and
# install bot/requirements.txt, the test and lint tools of bot/requirements-dev.txt and
# the shared Vietnamese normaliser (vntext/, editable). Idempotent: skipped when the
# stamp is newer than all of them. Python: $RASA_PYTHON, else python3.10 on PATH, else
# pyenv's 3.10.
set -euo pipefail

BOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$BOT_DIR")"
VENV="${RASA_VENV:-$REPO_DIR/.venv-rasa}"
REQS="$BOT_DIR/requirements.txt"
DEV_REQS="$BOT_DIR/requirements-dev.txt"
CONSTRAINTS="$BOT_DIR/constraints.txt"
VNTEXT="$REPO_DIR/vntext"
STAMP="$VENV/.installed"

up_to_date() {
    local input
    [[ -f "$STAMP" ]] || return 1
    for input in "$REQS" "$DEV_REQS" "$CONSTRAINTS" "$VNTEXT/pyproject.toml"; do
        [[ "$STAMP" -nt "$input" ]] || return 1
    done
}

if up_to_date; then
    echo "setup-venv: $VENV is up to date"
    exit 0
fi

find_python() {
    if [[ -n "${RASA_PYTHON:-}" ]]; then
        echo "$RASA_PYTHON"
        return
    fi
    if command -v python3.10 >/dev/null 2>&1 && python3.10 -c '' 2>/dev/null; then
        command -v python3.10
        return
    fi
    if command -v pyenv >/dev/null 2>&1; then
        local candidate
        for candidate in "$(pyenv root)"/versions/3.10.*/bin/python3.10; do
            [[ -x "$candidate" ]] && { echo "$candidate"; return; }
        done
    fi
    return 1
}

PYTHON="$(find_python)" || {
    echo "setup-venv: cần Python 3.10 (đặt RASA_PYTHON, hoặc cài python3.10 / pyenv 3.10)" >&2
    exit 1
}
"$PYTHON" -c 'import sys; assert sys.version_info[:2] == (3, 10), sys.version' || {
    echo "setup-venv: $PYTHON is not Python 3.10" >&2
    exit 1
}

echo "setup-venv: creating $VENV with $PYTHON"
[[ -x "$VENV/bin/python" ]] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade "pip<25"
"$VENV/bin/python" -m pip install --quiet -r "$REQS" -r "$DEV_REQS" -e "$VNTEXT"
touch "$STAMP"
echo "setup-venv: done"
