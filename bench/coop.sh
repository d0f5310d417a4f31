#!/bin/bash
# coop.sh [WORKERS] [SALES] [BACKENDS]: a province's cooperation records
# (default 2,000,000 worker transfers and 1,000,000 sales, 84 county and 14
# city pairings and 2,000 enterprise-village pairings) on SQLite and
# PostgreSQL, side by side: `report indicators` for all pairings and
# `bulletin` for the province (aim: each under 200 ms on SQLite), with the
# time to import the records and peak memory.
set -eu
cd "$(dirname "$0")/.."
NW=${1:-2000000}
NS=${2:-1000000}
BACKENDS=${3:-sqlite pg}
BIN=$(pwd)/${BANGFU:-build/bangfu}
W=$(pwd)/bench/out/coop
mkdir -p "$W"
. test/pg.sh
trap stop_pg EXIT
. bench/lib.sh
if [ ! -f "$W/bundle/.done-$NW-$NS" ]; then
	rm -rf "$W/bundle"
	echo "generating $NW worker transfers and $NS sales ..."
	python3 bench/gen_coop.py "$W/bundle" "$NW" "$NS"
	touch "$W/bundle/.done-$NW-$NS"
fi
for be in $BACKENDS; do
	if [ "$be" = sqlite ]; then
		DB=$W/bench.db
		rm -f "$DB" "$DB"-wal "$DB"-shm "$W/bangfu.key"
	else
		[ -n "${PGDIR:-}" ] || start_pg -c shared_buffers=512MB -c max_wal_size=4GB -c synchronous_commit=off
		psql -X -q -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS coop" -c "CREATE DATABASE coop"
		DB="postgresql://postgres@$PGHOST:$PGPORT/coop"
	fi
	(cd "$W" && "$BIN" --db "$DB" init >/dev/null)
	BF=("$BIN" --db "$DB" --key "$W/bangfu.key")
	echo "== $be: importing"
	t0=$(now)
	"${BF[@]}" import "$W/bundle" >/dev/null
	t1=$(now)
	R[$be.import.s]=$(printf '%.1f' "$(echo "$t1 - $t0" | bc)")
	fast "$be.indicators" "${BF[@]}" report indicators --format csv --as-of 2020-12-31
	fast "$be.bulletin" "${BF[@]}" bulletin --month 2020-06 --west 620000 --format csv
	fast "$be.bulletin_html" "${BF[@]}" bulletin --month 2020-06 --west 620000 --format html
done
printf '\nprovince: %s worker transfers, %s sales, %s pairings\n\n' "$NW" "$NS" "$(( $(wc -l <"$W/bundle/pairings.csv") - 1 ))"
printf '%-44s' ""
for be in $BACKENDS; do printf '%12s' "$be"; done
printf '%10s\n' "aim"
row() {
	printf '%-44s' "$1"
	for be in $BACKENDS; do printf '%12s' "${R[$be.$2]:-}"; done
	printf '%10s\n' "$3"
}
row "import of the bundle (s)" import.s ""
row "report indicators, all pairings (ms)" indicators.ms "< 200"
row "bulletin, the province, csv (ms)" bulletin.ms "< 200"
row "bulletin, the province, html (ms)" bulletin_html.ms "< 200"
row "peak memory: report indicators (MB)" indicators.mb ""
row "peak memory: bulletin (MB)" bulletin.mb ""
