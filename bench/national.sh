#!/bin/bash
# national.sh [PAYMENTS] [PROJECTS] [PERSONS] [SECONDS]: a national year on
# PostgreSQL (default 50,000,000 payments over 500,000 projects and
# 15,000,000 persons, generated as bench/ledger.sh's province-year is, kept
# in bench/out/national/): the time and peak memory of
#   - the registry's import, and the payments' beside PostgreSQL's own \copy
#     of the same CSV into a plain table, in the same run
#   - report indicators for the whole country, a trace of one project
#   - verify of the whole chain, and a backup (bangfu backup: pg_dump)
#   - a villager's look-up of a person drawn at random from 20,000 of the
#     PERSONS, under wrk (2 threads, 64 connections) for SECONDS (default
#     10), beside nginx serving a static file of the same size
# and the store's size on disk (table, indexes, the rest), the figures the
# README's capacity note is made from.  Needs some 40 GB of disk.
set -eu
cd "$(dirname "$0")/.."
NPAY=${1:-50000000}
NPROJ=${2:-500000}
NPERS=${3:-15000000}
SECS=${4:-10}
BIN=$(pwd)/${BANGFU:-build/bangfu}
W=$(pwd)/bench/out/national
mkdir -p "$W/www"
tool/deps.sh --bench >/dev/null
. test/pg.sh
. bench/lib.sh
spid= nginx_pid=
cleanup() {
	[ -n "$spid" ] && { pkill -P "$spid" 2>/dev/null; kill "$spid" 2>/dev/null; }
	[ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
	stop_pg
}
trap cleanup EXIT

B=$W/bundle
if [ ! -f "$B/.done-$NPAY-$NPROJ-$NPERS" ]; then
	rm -rf "$B"
	echo "generating $NPAY payments, $NPROJ projects, $NPERS persons ..."
	python3 bench/gen_ledger.py "$B" "$NPAY" "$NPROJ" "$NPERS"
	touch "$B/.done-$NPAY-$NPROJ-$NPERS"
fi
start_pg -c shared_buffers=1GB -c max_wal_size=8GB -c synchronous_commit=off
PSQL=(psql -X -q -A -t -h "$PGHOST" -p "$PGPORT" -U postgres)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE nation"
DB="postgresql://postgres@$PGHOST:$PGPORT/nation"
(cd "$W" && rm -f bangfu.key && "$BIN" --db "$DB" --key "$W/bangfu.key" init >/dev/null)
BF=("$BIN" --db "$DB" --key "$W/bangfu.key")

echo "== the registry, funds, projects and allocations"
run registry "${BF[@]}" import "$B/divisions.csv" "$B/orgs.csv" "$B/pairings.csv" "$B/households.csv" \
	"$B/persons.csv" "$B/funds.csv" "$B/projects.csv" "$B/allocations.csv"
echo "== $NPAY payments"
run import "${BF[@]}" import "$B/payments.csv"
"${PSQL[@]}" -d nation -c "CREATE TABLE plain_payments(id TEXT, date TEXT, project TEXT, payee TEXT, amount TEXT, purpose TEXT)"
sync
t0=$(now)
"${PSQL[@]}" -d nation -c "\\copy plain_payments FROM '$B/payments.csv' CSV HEADER"
t1=$(now)
pgcopy=$(secs "$t0" "$t1")
"${PSQL[@]}" -d nation -c "DROP TABLE plain_payments" -c "CHECKPOINT"
echo "== reports, trace, verify, backup"
fast indicators "${BF[@]}" report indicators --format csv
fast trace "${BF[@]}" trace project J000042 --format csv
run verify "${BF[@]}" verify
rm -f "$W/nation.backup"
run backup "${BF[@]}" backup "$W/nation.backup"
size() { "${PSQL[@]}" -d nation -c "$1"; }
TOTAL=$(size "SELECT pg_database_size('nation')")
# the payments are a table a year: their sizes added up
PAYT=$(size "SELECT SUM(pg_table_size(inhrelid)) FROM pg_inherits WHERE inhparent = CAST('payments' AS regclass)")
PAYI=$(size "SELECT SUM(pg_indexes_size(inhrelid)) + pg_total_relation_size('payment_keys') FROM pg_inherits
	WHERE inhparent = CAST('payments' AS regclass)")
BACKUP=$(stat -c %s "$W/nation.backup")
WAL=$(du -sb "$PGDIR/data/pg_wal" | cut -f1)

echo "== a villager's look-up under load"
port=$(pg_free_port 20000)
"${BF[@]}" serve --listen 127.0.0.1:$port --workers 2 --lookup-limit 100000000 >"$W/serve.out" 2>&1 &
spid=$!
for i in $(seq 100); do grep -q http:// "$W/serve.out" && break; sleep 0.1; done
URL=http://127.0.0.1:$port
TOKEN=bench-form-token-0123456789abcdef
# 20,000 persons from the registry's CSV (their numbers in clear there)
tail -n +2 "$B/persons.csv" | shuf -n 20000 --random-source=<(yes) >"$W/pool.csv"
lookup_pool "$W/pool.csv" "$TOKEN" >"$W/pool.lua"
ONE=$(head -1 "$W/pool.csv")
curl -s -H "Cookie: bf_pre=$TOKEN" --data "csrf=$TOKEN&name=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$(echo "$ONE" | cut -d, -f2)")&id_number=$(echo "$ONE" | cut -d, -f1)" \
	"$URL/p/lookup" >"$W/www/lookup.html"
grep -q 'class="ok"' "$W/www/lookup.html" || { echo "national.sh: the look-up found nothing"; exit 1; }
nginx_start $((port + 1))
load "bangfu: POST /p/lookup, 20,000 at random" "$URL/p/lookup" -s "$W/pool.lua"
load "nginx: static file of the same size" "http://127.0.0.1:$((port + 1))/lookup.html"

gb() { printf '%.1f GB' "$(echo "$1 / 1073741824" | bc -l)"; }
printf '\nnational year on PostgreSQL: %s payments, %s projects, %s persons\n\n' "$NPAY" "$NPROJ" "$NPERS"
printf '%-44s %14s %14s\n' "" "seconds" "peak MB"
for k in registry import verify backup; do
	printf '%-44s %14s %14s\n' "$k" "$(printf '%.1f' "${R[$k.s]}")" "${R[$k.mb]}"
done
printf '%-44s %14s\n' "payments per second" "$(echo "$NPAY / ${R[import.s]}" | bc)"
printf '%-44s %14s   (%.1f s)\n' "vs PostgreSQL's \\copy into a plain table" \
	"$(printf '%.2fx' "$(echo "${R[import.s]} / $pgcopy" | bc -l)")" "$pgcopy"
printf '%-44s %14s ms %11s\n' "report indicators, the whole country" "${R[indicators.ms]}" "${R[indicators.mb]}"
printf '%-44s %14s ms %11s\n' "trace of one project" "${R[trace.ms]}" "${R[trace.mb]}"
printf '%-44s %14s\n' "store on disk" "$(gb "$TOTAL")"
printf '%-44s %14s\n' "  payments: table" "$(gb "$PAYT")"
printf '%-44s %14s\n' "  payments: indexes, and payment_keys" "$(gb "$PAYI")"
printf '%-44s %14s\n' "backup (pg_dump, custom format)" "$(gb "$BACKUP")"
printf '%-44s %14s\n' "write-ahead log kept" "$(gb "$WAL")"
printf '%-44s %14s\n' "look-up of one of 20,000 / nginx" \
	"$(printf '%.2f' "$(echo "${RPS[bangfu: POST /p/lookup, 20,000 at random]} / ${RPS[nginx: static file of the same size]}" | bc -l)")"
