# syntax=docker/dockerfile:1
# Multi-stage build on the current Node LTS. better-sqlite3 compiles in the build stage; the runtime
# stage holds only production dependencies and dist/, runs as a non-root user, and lets tini forward
# SIGTERM so the gateway drains gracefully.

FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
# The project's .npmrc points node-gyp at /usr for the dev machines; inside the image use the
# image's own Node headers instead.
RUN sed -i '/^nodedir=/d' .npmrc && npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
# The operator console, built by Vite into dist/public/console.
COPY console ./console
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production PORT=8443 DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8443
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8443)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]
