#!/bin/bash
# portal_pg.sh [SECONDS] ["WORKERS ..."]: the public look-up on PostgreSQL through
# a read replica, at the province-year data set of bench/ledger.sh (3 million
# persons, 10 million payments; built if missing).  The bundle goes into a
# PostgreSQL server of its own (as ledger.sh loads it), a streaming standby
# is made of it with pg_basebackup on loopback, and `bangfu serve --read-db`
# answers the look-ups from the standby, with WORKERS processes (default:
# one a core, then four a core: a worker waits for each answer of the
# database, and others use the core meanwhile).  With wrk on loopback, 2 threads and 64
# connections, beside nginx serving a static file of the same size, in the
# same run: one person again and again, and 20,000 persons drawn at random
# from the 3 million.  Aim: at least half of nginx's requests per second,
# p99 under 20 ms.
set -eu
cd "$(dirname "$0")/.."
SECS=${1:-10}
WORKERS=${2:-"$(nproc) $((4 * $(nproc)))"}
BIN=$(pwd)/${BANGFU:-build/bangfu}
L=$(pwd)/bench/out/ledger
W=$(pwd)/bench/out/portal_pg
mkdir -p "$W/www"
tool/deps.sh --bench >/dev/null
. bench/lib.sh
. test/pg.sh
if [ ! -f "$L/bundle/payments.csv" ]; then
	echo "no province-year bundle in $L: building one (bench/ledger.sh)"
	bench/ledger.sh 10000000 100000 3000000 sqlite >/dev/null
fi
B=$L/bundle
spid= nginx_pid=
cleanup() {
	[ -n "$spid" ] && { pkill -P "$spid" 2>/dev/null; kill "$spid" 2>/dev/null; }
	[ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
	stop_standby
	stop_pg
}
trap cleanup EXIT
SETTINGS=(-c shared_buffers=1GB -c max_wal_size=4GB -c synchronous_commit=off)
start_pg "${SETTINGS[@]}"
psql -X -q -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -c "CREATE DATABASE bench"
DB="postgresql://postgres@$PGHOST:$PGPORT/bench"
(cd "$W" && rm -f bangfu.key && "$BIN" --db "$DB" init >/dev/null)
BF=("$BIN" --db "$DB" --key "$W/bangfu.key")
echo "== loading the province-year into PostgreSQL"
"${BF[@]}" import "$B/divisions.csv" "$B/orgs.csv" "$B/pairings.csv" "$B/households.csv" "$B/persons.csv" \
	"$B/funds.csv" "$B/projects.csv" "$B/allocations.csv" >/dev/null
"${BF[@]}" import "$B/payments.csv" >/dev/null
psql -X -q -h "$PGHOST" -p "$PGPORT" -U postgres -d bench -c "VACUUM ANALYZE" -c "CHECKPOINT"
echo "== a standby, by pg_basebackup"
start_standby "${SETTINGS[@]}"
R="postgresql://postgres@127.0.0.1:$STANDBY_PORT/bench"
until [ "$(psql -X -A -t -h 127.0.0.1 -p "$STANDBY_PORT" -U postgres -d bench -c \
	"SELECT COUNT(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'")" = 1 ]; do sleep 0.2; done
# the standby's tables and indexes in its cache, as on a server that has
# been answering (pg_prewarm, PostgreSQL's own module)
psql -X -q -h "$PGHOST" -p "$PGPORT" -U postgres -d bench -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm"
sleep 1
psql -X -q -A -t -h 127.0.0.1 -p "$STANDBY_PORT" -U postgres -d bench -c \
	"SELECT SUM(pg_prewarm(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') AND (c.relname LIKE 'payments%' OR c.relname LIKE 'persons%'
	 OR c.relname LIKE 'households%' OR c.relname LIKE 'projects%' OR c.relname LIKE 'divisions%')" >/dev/null
printf 'store: %s persons, %s payments; standby on port %s\n' \
	"$(psql -X -A -t -h 127.0.0.1 -p "$STANDBY_PORT" -U postgres -d bench -c "SELECT COUNT(*) FROM persons")" \
	"$(psql -X -A -t -h 127.0.0.1 -p "$STANDBY_PORT" -U postgres -d bench -c "SELECT COUNT(*) FROM payments")" \
	"$STANDBY_PORT"
port=$(pg_free_port 20000)
URL=http://127.0.0.1:$port
TOKEN=bench-form-token-0123456789abcdef
tail -n +2 "$B/persons.csv" | shuf -n 20000 --random-source=<(yes) >"$W/pool.csv"
lookup_pool "$W/pool.csv" "$TOKEN" >"$W/pool.lua"
head -1 "$W/pool.csv" >"$W/one.csv"
lookup_pool "$W/one.csv" "$TOKEN" >"$W/one.lua"
ONE=$(head -1 "$W/pool.csv")
serve() {
	"${BF[@]}" --read-db "$R" serve --listen 127.0.0.1:$port --workers "$1" --lookup-limit 100000000 \
		>"$W/serve.out" 2>&1 &
	spid=$!
	for i in $(seq 100); do grep -q http:// "$W/serve.out" && break; sleep 0.1; done
}
serve 1
curl -s -H "Cookie: bf_pre=$TOKEN" --data "csrf=$TOKEN&name=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$(echo "$ONE" | cut -d, -f2)")&id_number=$(echo "$ONE" | cut -d, -f1)" \
	"$URL/p/lookup" >"$W/www/lookup.html"
grep -q 'class="ok"' "$W/www/lookup.html" || { echo "portal_pg.sh: the look-up found nothing"; exit 1; }
pkill -P "$spid" || true; kill "$spid" || true; wait "$spid" || true
nginx_start $((port + 1))
printf '\nloopback, wrk -t2 -c64 -d%ss, bangfu serve --read-db (the standby); look-up %s bytes\n\n' \
	"$SECS" "$(wc -c <"$W/www/lookup.html")"
load "nginx: static file of the same size" "http://127.0.0.1:$((port + 1))/lookup.html"
ratio() { echo "${RPS[$1]} / ${RPS[$2]}" | bc -l; }
for w in $WORKERS; do
	serve "$w"
	load "bangfu --workers $w: look-up, one person" "$URL/p/lookup" -s "$W/one.lua"
	load "bangfu --workers $w: look-up, 20,000 at random" "$URL/p/lookup" -s "$W/pool.lua"
	pkill -P "$spid" || true; kill "$spid" || true; wait "$spid" || true
	spid=
	printf 'of nginx, --workers %s: one person %.2f, 20,000 at random %.2f (aim: >= 0.5, p99 < 20 ms)\n\n' "$w" \
		"$(ratio "bangfu --workers $w: look-up, one person" "nginx: static file of the same size")" \
		"$(ratio "bangfu --workers $w: look-up, 20,000 at random" "nginx: static file of the same size")"
done
