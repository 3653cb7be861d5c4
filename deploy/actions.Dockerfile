# The Rasa action server (rasa-sdk): thin actions that call the kiosk API over HTTP.
# Build from the repository root:  docker build -f deploy/actions.Dockerfile .
FROM python:3.10-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --system --create-home --uid 10001 motcua
WORKDIR /app/bot
# The versions Rasa's own venv is tested with (bot/constraints.txt).
COPY bot/constraints.txt ./
# vntext: the Vietnamese normaliser the validators read answers with.
COPY vntext /app/vntext
RUN pip install -c constraints.txt rasa-sdk==3.6.2 httpx==0.28.1 /app/vntext
COPY bot/actions actions

USER motcua
EXPOSE 5055
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5055/health', timeout=4)"]
CMD ["python", "-m", "rasa_sdk", "--actions", "actions", "--port", "5055"]
