#!/usr/bin/env bash
# Install (if needed) and start a local PostgreSQL for the test suite, with a role
# and database accord/accord reachable by password on 127.0.0.1:5432.
#
# Needs root and apt-get. On success it prints the URL to export as
# ACCORD_TEST_POSTGRES_URL; on any failure it prints why on stderr and exits 1,
# and the PostgreSQL tests then skip.
set -euo pipefail

ROLE=${ACCORD_PG_ROLE:-accord}
PASSWORD=${ACCORD_PG_PASSWORD:-accord}
DATABASE=${ACCORD_PG_DATABASE:-accord_test}
PORT=${ACCORD_PG_PORT:-5432}

say() { echo "postgres-test-server: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  say "not root: not installing or starting PostgreSQL"
  exit 1
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  command -v apt-get >/dev/null 2>&1 || { say "no apt-get to install PostgreSQL"; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v' | grep -q .; then
  pg_createcluster "$version" main --port "$PORT" >&2
fi
cluster=$(pg_lsclusters -h | awk -v v="$version" '$1 == v {print $2; exit}')
if ! pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $4}' \
  | grep -q online; then
  pg_ctlcluster "$version" "$cluster" start >&2 || service postgresql start >&2
fi

for _ in $(seq 1 50); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 0.2
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { say "PostgreSQL did not come up"; exit 1; }

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -q -p $PORT $*" >&2; }
psql_admin "-c \"DO \\\$\\\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD' CREATEDB;
  ELSE
    ALTER ROLE $ROLE LOGIN PASSWORD '$PASSWORD' CREATEDB;
  END IF;
END \\\$\\\$;\""
if ! su postgres -c "psql -p $PORT -tAc \"SELECT 1 FROM pg_database WHERE datname = '$DATABASE'\"" \
  | grep -q 1; then
  psql_admin "-c 'CREATE DATABASE $DATABASE OWNER $ROLE'"
fi

echo "postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
