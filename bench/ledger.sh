#!/bin/bash
# ledger.sh [PAYMENTS] [PROJECTS] [PERSONS] [BACKENDS]: a province-year (default
# 10,000,000 payments over 100,000 projects and 3,000,000 persons) on SQLite
# and PostgreSQL, side by side:
#   - payment import throughput, beside sqlite3's .import of the same CSV into
#     a plain table (aim: at most 3x)
#   - report indicators for all pairings (aim: under 100 ms)
#   - trace of one project (aim: under 50 ms)
#   - verify of the whole chain (aim: under 20 s)
#   - peak memory of each (aim: under 500 MB)
set -eu
cd "$(dirname "$0")/.."
NPAY=${1:-10000000}
NPROJ=${2:-100000}
NPERS=${3:-3000000}
BACKENDS=${4:-sqlite pg}
BIN=$(pwd)/${BANGFU:-build/bangfu}
W=$(pwd)/bench/out/ledger
mkdir -p "$W"
. test/pg.sh
trap stop_pg EXIT
. bench/lib.sh

if [ ! -f "$W/bundle/.done-$NPAY-$NPROJ-$NPERS" ]; then
	rm -rf "$W/bundle"
	echo "generating $NPAY payments, $NPROJ projects, $NPERS persons ..."
	python3 bench/gen_ledger.py "$W/bundle" "$NPAY" "$NPROJ" "$NPERS"
	touch "$W/bundle/.done-$NPAY-$NPROJ-$NPERS"
fi
B=$W/bundle
for be in $BACKENDS; do
	if [ "$be" = sqlite ]; then
		DB=$W/bench.db
		rm -f "$DB" "$DB"-wal "$DB"-shm "$W/bangfu.key"
	else
		[ -n "${PGDIR:-}" ] || start_pg -c shared_buffers=512MB -c max_wal_size=4GB -c synchronous_commit=off
		psql -X -q -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench"
		DB="postgresql://postgres@$PGHOST:$PGPORT/bench"
	fi
	echo "== $be: loading the registry and the projects"
	(cd "$W" && "$BIN" --db "$DB" init >/dev/null)
	BF=("$BIN" --db "$DB" --key "$W/bangfu.key")
	run "$be.registry" "${BF[@]}" import "$B/divisions.csv" "$B/orgs.csv" "$B/pairings.csv" "$B/households.csv" "$B/persons.csv" "$B/funds.csv" "$B/projects.csv" "$B/allocations.csv"
	echo "== $be: importing $NPAY payments"
	run "$be.import" "${BF[@]}" import "$B/payments.csv"
	fast "$be.indicators" "${BF[@]}" report indicators --format csv
	fast "$be.trace" "${BF[@]}" trace project J000042 --format csv
	run "$be.verify" "${BF[@]}" verify
	if [ "$be" = pg ]; then # PostgreSQL's own \copy of the same CSV into a plain table, the same server
		PSQL=(psql -X -q -h "$PGHOST" -p "$PGPORT" -U postgres -d bench)
		"${PSQL[@]}" -c "CREATE TABLE plain_payments(id TEXT, date TEXT, project TEXT, payee TEXT, amount TEXT, purpose TEXT)"
		sync
		t0=$(now)
		"${PSQL[@]}" -c "\\copy plain_payments FROM '$B/payments.csv' CSV HEADER"
		t1=$(now)
		pgcopy=$(secs "$t0" "$t1")
	fi
done

rm -f "$W/plain.db"
sync
t0=$(now)
sqlite3 "$W/plain.db" <<EOS
PRAGMA journal_mode = WAL;
CREATE TABLE payments(id TEXT, date TEXT, project TEXT, payee TEXT, amount TEXT, purpose TEXT);
.mode csv
.import --skip 1 $B/payments.csv payments
EOS
t1=$(now)
plain=$(secs "$t0" "$t1")

printf '\nprovince-year: %s payments, %s projects, %s persons\n\n' "$NPAY" "$NPROJ" "$NPERS"
printf '%-46s' ""
for be in $BACKENDS; do printf '%16s' "$be"; done
printf '%12s\n' "aim"
row() { # label key unit aim
	printf '%-46s' "$1"
	for be in $BACKENDS; do printf '%16s' "${R[$be.$2]:-}$3"; done
	printf '%12s\n' "$4"
}
row "registry, funds, projects import (s)" "registry.s" "" ""
row "payments import (s)" "import.s" "" ""
printf '%-46s' "payments per second"
for be in $BACKENDS; do printf '%16s' "$(echo "$NPAY / ${R[$be.import.s]}" | bc)"; done
printf '\n'
printf '%-46s' "vs sqlite3 .import into a plain table"
for be in $BACKENDS; do printf '%16s' "$(printf '%.2fx' "$(echo "${R[$be.import.s]} / $plain" | bc -l)")"; done
printf '%12s\n' "<= 3x"
row "  (sqlite3 .import: $(printf '%.2f' "$plain") s)" "none" "" ""
if [ -n "${pgcopy:-}" ]; then
	printf '%-46s' "vs PostgreSQL's \\copy into a plain table"
	for be in $BACKENDS; do
		[ "$be" = pg ] && printf '%16s' "$(printf '%.2fx' "$(echo "${R[pg.import.s]} / $pgcopy" | bc -l)")" || printf '%16s' ""
	done
	printf '%12s\n' "<= 4x"
	row "  (psql \\copy: $(printf '%.2f' "$pgcopy") s)" "none" "" ""
fi
row "report indicators, all pairings (ms)" "indicators.ms" "" "< 100"
row "trace of one project (ms)" "trace.ms" "" "< 50"
row "verify, whole chain (s)" "verify.s" "" "< 20"
row "peak memory: payments import (MB)" "import.mb" "" "< 500"
row "peak memory: report indicators (MB)" "indicators.mb" "" "< 500"
row "peak memory: trace (MB)" "trace.mb" "" "< 500"
row "peak memory: verify (MB)" "verify.mb" "" "< 500"
