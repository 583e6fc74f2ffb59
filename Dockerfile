# `ilr serve` in a container, for any server or Google Cloud Run (see the README's
# "Google Sheets menu" section). The sheet's ILR > Refresh menu calls it.
#
#   docker build -t ilr-serve .
#   docker run -p 8080:8080 -e ILR_SERVE_SECRET=... \
#     -e ILR_GOOGLE_CREDENTIALS=/secrets/key.json -v "$PWD/key.json:/secrets/key.json:ro" ilr-serve
#
# Jobs live in the server's memory: run one copy (Cloud Run: --max-instances 1), and let it
# keep its CPU between requests (Cloud Run: --no-cpu-throttling), since it refreshes after
# it has answered.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY sheets_templates ./sheets_templates
COPY sync ./sync
COPY reports ./reports
COPY addin ./addin
RUN pip install . \
    && useradd --create-home --uid 10001 ilr

USER ilr
EXPOSE 8080
# Cloud Run sets $PORT, which `ilr serve` reads; elsewhere it is 8080.
CMD ["ilr", "serve", "--host", "0.0.0.0"]
