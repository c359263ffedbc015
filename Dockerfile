# flireo-mock as a container: docker run -p 4010:4010 flireo-mock
# Every command-line flag is also an environment variable (FLIREO_MOCK_*), see the README.

# Build: compile better-sqlite3 (no prebuilt binary can be downloaded everywhere), the TypeScript
# and the bundle the command runs.
FROM node:22-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# The package's own prepare script needs the sources, which come next; better-sqlite3 is built here.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json ./
COPY schemas ./schemas
COPY src ./src
COPY scripts ./scripts
COPY ui ./ui
RUN npm run build && npm prune --omit=dev

# Runtime: the bundled server, production dependencies (better-sqlite3, Swagger UI's files) and the
# seed, run as the node user.
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    FLIREO_MOCK_HOST=0.0.0.0 \
    FLIREO_MOCK_PORT=4010
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY seed ./seed
RUN mkdir /data && chown node:node /data
USER node
# For a database that outlives the container: -e FLIREO_MOCK_DB=/data/flireo.sqlite -v flireo:/data
VOLUME ["/data"]
EXPOSE 4010
HEALTHCHECK --interval=2s --timeout=2s --start-period=2s --retries=15 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.FLIREO_MOCK_PORT || 4010) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself, not npm, so SIGTERM reaches the server
CMD ["node", "dist/flireo-mock.js"]
