# The dashboard as a container: a room of Streamlit processes behind nginx, started by the same
# command and with the same nginx configuration as `./scripts/run --workers` (scripts/room.py,
# deploy/nginx.conf). compose.yaml runs the two halves in separate containers from this image.
#
#   docker build -t ssw-dashboard .
#   docker run -p 8501:8501 -v ssw-user-data:/data \
#       -e SSW_PUBLIC_URL=http://<this host's address>:8501 ssw-dashboard
FROM python:3.11-slim-bookworm

# Debian's nginx (the one the tests run); its own service is never started.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt pyproject.toml ./
RUN pip install --no-cache-dir -r requirements.txt

# The application and its shipped data (data/ is built and committed).
COPY app.py ./
COPY .streamlit ./.streamlit
COPY assets ./assets
COPY data ./data
COPY deploy ./deploy
COPY pages ./pages
COPY scripts ./scripts
COPY ssw_core ./ssw_core
COPY ui ./ui
# What nginx sends of Streamlit's own files, made once here: each script's .gz, and the icon
# font cut to the icons the pages show (scripts/assets.py).
RUN pip install --no-cache-dir --no-deps -e . && python -m scripts.assets

# Never root; uploads and presentations on a volume every process (and replica) shares.
RUN useradd --create-home --uid 10001 ssw && mkdir -p /data && chown ssw /data
USER ssw
# SSW_CONTAINER: this container cannot see the room's network, so the address participants
# open is never guessed from its own; give it with `-e SSW_PUBLIC_URL=http://<host>:8501`.
ENV SSW_USER_DATA_DIR=/data \
    SSW_CONTAINER=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
EXPOSE 8501

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"

# One process per CPU the container may use (its --cpus limit, its CPU set) by default;
# `--workers N` or SSW_WORKERS to choose, SSW_CAPACITY for the sessions it admits.
CMD ["python", "-m", "scripts.room", "--port", "8501"]
