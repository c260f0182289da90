# The api and the worker: one image, two commands (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
# SpamAssassin's spamd, which the api starts for template spam checks (or set SPAMD_HOST).
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends spamassassin \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
# Herald listens on loopback unless told otherwise; in a container the api must be reachable.
ENV API_HOST=0.0.0.0
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY core ./core
COPY db ./db
COPY activities ./activities
COPY workflows ./workflows
COPY worker ./worker
COPY api ./api
COPY scripts ./scripts
COPY tsconfig.json ./
# Workers start faster from a prebuilt bundle than by bundling workflows/ at start.
RUN npx tsx scripts/bundle-workflows.ts /app/workflow-bundle.js
ENV WORKFLOW_BUNDLE_PATH=/app/workflow-bundle.js
USER node
CMD ["npx", "tsx", "api/main.ts"]
