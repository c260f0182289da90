#!/bin/sh
# Creates (unless SKIP_DB_CREATE=true) and migrates Temporal's two Postgres databases with
# temporal-sql-tool, from the schema built into the tool. Idempotent: run it before every start.
# The launcher's cluster mode, docker-compose.yml and the Helm chart run this same script with
# the same variables as deploy/temporal/server.yaml.
set -eu
tool="${SQL_TOOL:-temporal-sql-tool}"
for db in "${DBNAME:-temporal}:temporal" "${VISIBILITY_DBNAME:-temporal_visibility}:visibility"; do
  name="${db%%:*}"
  schema="postgresql/v12/${db##*:}"
  set -- --plugin postgres12 --ep "${POSTGRES_SEEDS}" -p "${DB_PORT:-5432}" \
    -u "${POSTGRES_USER}" --pw "${POSTGRES_PWD}" --db "${name}"
  if [ "${SKIP_DB_CREATE:-false}" != "true" ]; then "$tool" "$@" create-database; fi
  "$tool" "$@" setup-schema -v 0.0
  "$tool" "$@" update-schema --schema-name "${schema}"
done
