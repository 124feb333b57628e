# Vendedor storefront: gunicorn + gevent on port 8001.
# Configure with environment variables (DATABASE_URL, SECRET_KEY, EXTERNAL_URL,
# STORAGE_BACKEND, REDIS_URL, ...; see the README). /app/instance holds the SQLite
# database, the generated secret key and local files when no other backend is set:
# mount a volume there to keep them.
# Workers: one by default. WEB_CONCURRENCY=2 (or more) needs REDIS_URL — rate limits
# and live staff messages are shared through Redis — and refuses to start without it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VENDEDOR_ENV=production

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin vendedor

WORKDIR /app

# Dependencies first, for the layer cache.
COPY pyproject.toml ./
COPY webapp ./webapp
RUN pip install .

COPY . .
RUN chmod +x boot.sh \
    && mkdir -p instance \
    && chown -R vendedor:vendedor /app/instance

USER vendedor

EXPOSE 8001

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8001/health', timeout=4).status == 200 else 1)"

CMD ["./boot.sh"]
