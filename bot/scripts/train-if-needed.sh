#!/usr/bin/env bash
# Train bot/models/motcua.tar.gz when it is missing or older than anything it is
# trained from (config.yml, domain/, data/, components/, the normaliser ../vntext/src/vntext);
# otherwise do nothing.
# Runs from any directory; Rasa itself runs from bot/ (custom components import).
set -euo pipefail

BOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RASA="${RASA:-$(dirname "$BOT_DIR")/.venv-rasa/bin/rasa}"
MODEL="$BOT_DIR/models/motcua.tar.gz"
export RASA_TELEMETRY_ENABLED=false

cd "$BOT_DIR"
if [[ -f "$MODEL" ]]; then
    newer="$(find config.yml domain data components ../vntext/src/vntext -type f -newer "$MODEL" \
        -not -name '*.pyc' -not -path '*/__pycache__/*' -print -quit)"
    if [[ -z "$newer" ]]; then
        echo "train-if-needed: $MODEL is up to date"
        exit 0
    fi
    echo "train-if-needed: $newer changed, retraining"
fi
start=$(date +%s)
"$RASA" train --domain domain --fixed-model-name motcua --out models
echo "train-if-needed: trained in $(( $(date +%s) - start )) s"
