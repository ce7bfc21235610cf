# One image for every service of the system (and the demo's bank simulator); the SERVICE variable chooses which one runs:
#   docker build -t birth-one-thing .
#   docker run -e SERVICE=gateway -e ... birth-one-thing
# The TypeScript sources run as they are, compiled on load by SWC (as infra/run-node.sh
# does locally), so there is no build step and the stack traces point at the sources.
FROM node:24-bookworm-slim

WORKDIR /app

# Dependencies first: this layer is rebuilt only when the lockfile changes.
# Development dependencies are kept on purpose: @swc-node/register, which compiles the
# sources at start, is one. --ignore-scripts: no install script is needed at run time (the
# SWC binary comes as a per-platform package), and the slim image has no C toolchain for
# the optional native builds of test-only packages (ssh2, cpu-features).
COPY package.json package-lock.json ./
# npm 11.6, as infra/node/npm-ci.sh explains: the lockfile lists only the Linux builds of platform packages.
RUN npx -y npm@11.6.1 ci --ignore-scripts --no-audit --no-fund && npm cache clean --force

# Sources, owned by root and read-only for the process (see .dockerignore for what is left out).
COPY . .

ENV SWC_NODE_PROJECT=/app/tsconfig.base.json
# The console (apps/console), built by Vite into dist/console, which the gateway serves at /console/.
RUN node -r @swc-node/register apps/console/build.ts
# Non-root: the `node` user (uid 1000) of the official image.
# The keys volume is mounted here; `migrate` (as node) writes the keyring into it.
RUN mkdir -p /keys && chown node:node /keys
USER node

EXPOSE 8080-8087
# exec: node becomes PID 1 and receives SIGTERM itself, so a service drains its consumer
# and flushes its outbox relay before it stops.
CMD ["sh", "-c", "exec node --enable-source-maps --disable-warning=TimeoutNegativeWarning -r @swc-node/register apps/${SERVICE:?SERVICE must name a directory of apps/}/src/main.ts"]
