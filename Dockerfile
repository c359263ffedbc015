# flireo-mock as a container: docker run --rm -p 4010:4010 flireo-mock
# Every command-line flag is also an environment variable (FLIREO_MOCK_*), see the README.
# NODE_VERSION picks the official node:<version>-bookworm-slim base: 24 (LTS) by default, 22 works too
# (docker build --build-arg NODE_VERSION=22 -t flireo-mock:node22 .).
ARG NODE_VERSION=24

# Build: compile better-sqlite3 (no prebuilt binary can be downloaded everywhere), the TypeScript
# and the bundle the command runs.
FROM node:${NODE_VERSION}-bookworm-slim AS build
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
FROM node:${NODE_VERSION}-bookworm-slim
# NODE_COMPILE_CACHE: Node's compile cache of the bundle, filled while the image is built (below),
# so a container's first start reads the compiled code instead of compiling 1.5 MB of JavaScript.
ENV NODE_ENV=production \
    FLIREO_MOCK_HOST=0.0.0.0 \
    FLIREO_MOCK_PORT=4010 \
    NODE_COMPILE_CACHE=/app/.compile-cache
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY seed ./seed
COPY scripts/healthcheck.mjs ./
# For a database that outlives the container: -e FLIREO_MOCK_DB=/data/flireo.sqlite -v flireo-data:/data
# (a new named volume takes this directory's owner, so the node user can write to it). No VOLUME
# instruction: the default database is in memory, and VOLUME would leave an empty anonymous volume
# behind on every run without --rm.
RUN mkdir /data && chown node:node /data \
 && node dist/flireo-mock.js --help > /dev/null && chown -R node:node /app/.compile-cache
USER node
EXPOSE 4010
HEALTHCHECK --interval=2s --timeout=2s --start-period=2s --retries=15 \
  CMD ["node", "healthcheck.mjs"]
# node itself, not npm, so SIGTERM reaches the server
CMD ["node", "dist/flireo-mock.js"]
