# The kiosk: API, touchscreen UI, staff console, read-aloud and the Telegram/Zalo
# webhooks, one uvicorn process per container. Build from the repository root:
#   docker build -f deploy/kiosk.Dockerfile -t motcua/kiosk .
# Stateless: the data lives in PostgreSQL (MOTCUA_DATABASE_URL) and the search index
# of the bundled catalog is built here, into the image, so replicas share nothing.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

# espeak-ng: the Vietnamese voice of read-aloud (pyttsx3).
RUN apt-get update \
    && apt-get install -y --no-install-recommends espeak-ng \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 10001 motcua

WORKDIR /app
COPY pyproject.toml ./
# vntext: the Vietnamese normaliser motcua shares with the Rasa images.
COPY vntext vntext
COPY knowledge knowledge
COPY kiosk kiosk
COPY connectors connectors
RUN pip install ./vntext && pip install '.[postgres]'

ENV MOTCUA_DATA_DIR=/data \
    MOTCUA_HOST=0.0.0.0 \
    MOTCUA_PORT=8000 \
    MOTCUA_LOG_FORMAT=json
RUN mkdir /data && python -m knowledge build && chown -R motcua:motcua /data

USER motcua
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=4)"]
CMD ["python", "-m", "kiosk", "serve"]
