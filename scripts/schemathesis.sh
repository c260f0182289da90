#!/bin/sh
# Fuzzes the api against /v1/openapi.json; see scripts/schemathesis.ts. Arguments go to schemathesis.
set -e
cd "$(dirname "$0")/.."
command -v schemathesis >/dev/null || pip install schemathesis
exec node --import tsx scripts/schemathesis.ts "$@"
