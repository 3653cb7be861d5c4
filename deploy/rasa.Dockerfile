# The Rasa 3.6 server (Python 3.10): REST channel, HTTP API for the kiosk, the model
# trained here at build time (fixed seeds, bot/config.yml). Build from the repository
# root:  docker build -f deploy/rasa.Dockerfile .
# Runs with bot/endpoints.production.yml: PostgreSQL tracker store, Redis lock store.
# The HTTP API needs MOTCUA_RASA_TOKEN (scripts/rasa_run.py refuses to start without
# it and keeps it off the command line); listens on all interfaces of its container,
# reached only inside the compose network (the port is not published).
FROM python:3.10-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=2

RUN useradd --system --create-home --uid 10001 rasa
WORKDIR /app/bot
COPY bot/requirements.txt bot/constraints.txt ./
# vntext: the Vietnamese normaliser of the tokenizer (components/normalizer.py).
COPY vntext /app/vntext
RUN pip install -r requirements.txt /app/vntext

COPY bot/config.yml bot/credentials.yml bot/endpoints.production.yml bot/lock_store.py ./
COPY bot/domain domain
COPY bot/data data
COPY bot/components components
COPY bot/scripts/rasa_run.py scripts/rasa_run.py
RUN rasa train --domain domain --fixed-model-name motcua --out models \
    && chown -R rasa:rasa /app/bot

USER rasa
EXPOSE 5005
# /status answers once the model is loaded, and only with the token.
HEALTHCHECK --interval=15s --timeout=5s --start-period=180s --retries=3 \
    CMD ["python", "-c", "import os, urllib.parse, urllib.request; urllib.request.urlopen('http://127.0.0.1:5005/status?token=' + urllib.parse.quote(os.environ['MOTCUA_RASA_TOKEN']), timeout=4)"]
CMD ["python", "scripts/rasa_run.py", "--model", "models/motcua.tar.gz", \
     "--endpoints", "endpoints.production.yml", "--credentials", "credentials.yml", \
     "--enable-api", "--port", "5005"]
