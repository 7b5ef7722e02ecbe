# lookalike: the API server with the PostgreSQL and Redis extras (docs/operations.md).
#   docker build -t lookalike .
#   docker run -p 8000:8000 -v lookalike-data:/var/lib/lookalike lookalike --workers 2
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LOOKALIKE_DATA_DIR=/var/lib/lookalike

# Only what the package build needs (.dockerignore keeps the rest out of the context).
WORKDIR /src
COPY pyproject.toml README.md NOTICE ./
COPY src ./src
RUN pip install ".[postgres,redis]" && rm -rf /src

RUN useradd --system --uid 10001 --home-dir /var/lib/lookalike --shell /usr/sbin/nologin lookalike \
    && mkdir -p /var/lib/lookalike \
    && chown lookalike:lookalike /var/lib/lookalike
USER lookalike
WORKDIR /var/lib/lookalike
# SQLite file (embedded mode), index generations and the demo key.
VOLUME ["/var/lib/lookalike"]

EXPOSE 8000
# /readyz answers 503 until the store, the rate-limit store and a current index are there. The
# first start on an empty store builds the demo universe and its index first: hence the long
# start period. The slim image has no curl; the standard library does the request.
HEALTHCHECK --interval=15s --timeout=5s --start-period=600s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]

# Arguments of `docker run IMAGE ...` (or compose `command:`) are added: --workers (keep port
# 8000, which the healthcheck asks).
# Other commands: docker run --entrypoint lookalike IMAGE index build
ENTRYPOINT ["lookalike", "serve", "--host", "0.0.0.0"]
CMD ["--port", "8000"]
