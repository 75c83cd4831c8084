#!/usr/bin/env bash
# Run the whole suite against SQLite and a throwaway PostgreSQL server on loopback.
# The server lives in a temporary folder and is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "${KIZUNA_TEST_POSTGRES_URL:-}" ]; then
  echo "PostgreSQL: using KIZUNA_TEST_POSTGRES_URL"
elif [ -n "$pg_bin" ]; then
  pgdir=$(mktemp -d /tmp/kizuna-pg.XXXXXX)
  port=$(( 20000 + RANDOM % 20000 ))
  run_as=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$pgdir"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$pg_bin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  "${run_as[@]}" "$pg_bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
    -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  trap '"${run_as[@]}" "$pg_bin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
  "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres kizuna_test
  export KIZUNA_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/kizuna_test"
  echo "PostgreSQL: throwaway server on 127.0.0.1:$port"
else
  echo "PostgreSQL: not installed; PostgreSQL tests will be skipped (run scripts/system-deps.sh)"
fi

# two workers: the suite runs on both cores (each session gets its own PostgreSQL schema)
"$BIN/python" -m pytest -n 2 "$@"
