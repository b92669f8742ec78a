# attune in a container: `docker compose up -d` (compose.yaml) or `docker build -t attune . && docker run …`.
# Two stages: the first installs the production dependencies (native modules may need a compiler), the second
# carries only what runs. The process runs as the unprivileged `node` user; the database lives on the /data volume.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# better-sqlite3 and @napi-rs/canvas ship prebuilt binaries for this platform; the compiler is the fallback when
# none fits (another CPU architecture or libc).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Exactly the lockfile's versions, without dev tools. The optional @tensorflow/tfjs-node backends install only where
# their native library can be fetched; without them TRAINING_BACKEND=auto trains on the wasm backend.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    DATABASE_PATH=/data/attune.db \
    METRICS_HOST=0.0.0.0 \
    METRICS_PORT=9464
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY migrations ./migrations
COPY commands ./commands
COPY src ./src
COPY types ./types
# The data folder belongs to the user the bot runs as; a named volume mounted there starts with this owner.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 9464
# /healthz answers 200 when the gateway is ready and the database answers (README, Operations).
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.METRICS_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts attune's graceful shutdown (up to SHUTDOWN_TIMEOUT_SECONDS, 20): stop with `-t 30` or more.
STOPSIGNAL SIGTERM
# node itself is PID 1's child-free process here: it handles SIGTERM/SIGINT (src/ops/shutdown.ts).
CMD ["node", "--max-semi-space-size=32", "--import", "tsx", "src/main.ts"]
