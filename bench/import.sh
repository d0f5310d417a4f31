#!/bin/bash
# import.sh [N] [REPS]: import N persons (default 1,000,000) into SQLite
# with bangfu, and the same persons.csv with sqlite3's own .import into a
# plain table, in the same run, REPS times each (default 3, alternating);
# prints the medians, the ratio (aim: at most 3x) and bangfu's peak memory.
set -eu
cd "$(dirname "$0")/.."
N=${1:-1000000}
REPS=${2:-3}
BIN=${BANGFU:-build/bangfu}
W=bench/out/import
rm -rf "$W" && mkdir -p "$W"
echo "generating $N persons ..."
python3 bench/gen_persons.py "$W/bundle" "$N"
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: >"$W/t_bangfu"; : >"$W/t_plain"; : >"$W/mem"
for r in $(seq "$REPS"); do
	rm -f "$W"/b.db* "$W"/plain.db*
	$BIN --db "$W/b.db" init >/dev/null
	$BIN --db "$W/b.db" import "$W/bundle/divisions.csv" "$W/bundle/households.csv" >/dev/null 2>"$W/registry.err"
	t0=$(now)
	/usr/bin/time -a -f "%M" -o "$W/mem" $BIN --db "$W/b.db" import "$W/bundle/persons.csv" >/dev/null
	t1=$(now)
	echo "$t1 - $t0" | bc >>"$W/t_bangfu"

	t0=$(now)
	sqlite3 "$W/plain.db" <<-EOS
	PRAGMA journal_mode = WAL;
	CREATE TABLE persons(id_number TEXT, name TEXT, household TEXT, relation TEXT, labour INTEGER, died TEXT);
	.mode csv
	.import --skip 1 $W/bundle/persons.csv persons
	EOS
	t1=$(now)
	echo "$t1 - $t0" | bc >>"$W/t_plain"
done
rows=$(sqlite3 "$W/plain.db" "SELECT count(*) FROM persons")
stored=$(sqlite3 "$W/b.db" "SELECT count(*) FROM persons")
[ "$rows" = "$N" ] && [ "$stored" = "$N" ] || { echo "row counts differ: $rows, $stored"; exit 1; }
plain=$(median <"$W/t_plain")
bangfu=$(median <"$W/t_bangfu")
mem=$(sort -n "$W/mem" | tail -1)
printf '\n%-44s %8s   (runs: %s)\n' "persons import, $N rows, median of $REPS" "seconds" ""
printf '%-44s %8.2f   (%s)\n' "sqlite3 .import into a plain table" "$plain" "$(tr '\n' ' ' <"$W/t_plain")"
printf '%-44s %8.2f   (%s)\n' "bangfu import (validated, hashed, sealed)" "$bangfu" "$(tr '\n' ' ' <"$W/t_bangfu")"
printf '%-44s %8.2fx (aim: at most 3x)\n' "ratio" "$(echo "$bangfu / $plain" | bc -l)"
printf '%-44s %8d MB\n' "bangfu peak memory (max RSS)" "$((mem / 1024))"
