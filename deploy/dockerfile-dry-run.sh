#!/usr/bin/env bash
# No Docker engine here: run deploy/Dockerfile's build and runtime steps in a clean directory (a
# `git archive` of HEAD, the same commands, npm from the local cache), then boot the result as uid
# 10001 with a read-only application directory and a writable /tmp and /data, and wait for /readyz.
# The same run is part of `npm test` (test/deploy/dockerfile.test.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
exec npx mocha test/deploy/dockerfile.test.ts
