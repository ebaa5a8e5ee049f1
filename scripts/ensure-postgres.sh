#!/bin/sh
# The PostgresStore tests need the local PostgreSQL service (127.0.0.1:5432, trust auth, database
# `test`). Starts the Debian cluster when it is not running; silent when it is. Never fails the run
# itself: without a server, test/store/postgres*.test.ts fail loudly with the reason.
set -u
warn() { echo "ensure-postgres: $*" >&2; }
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then exit 0; fi
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /etc/postgresql ]; then
  warn "PostgreSQL is not installed here (no pg_ctlcluster or /etc/postgresql); the Postgres tests will fail"
  exit 0
fi
VERSION=$(ls /etc/postgresql | sort -V | tail -n 1)
if [ -z "$VERSION" ]; then
  warn "no cluster under /etc/postgresql; the Postgres tests will fail"
  exit 0
fi
warn "starting PostgreSQL $VERSION/main"
pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start >&2 || warn "pg_ctlcluster could not start $VERSION/main; the Postgres tests will fail"
exit 0
