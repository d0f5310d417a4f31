#!/bin/bash
# audit.sh [REGISTERS] [BACKENDS]: the audit checks at the province-year
# store of bench/ledger.sh (10,000,000 payments, 3,000,000 persons; run that
# first, or this builds a smaller one) with REGISTERS register entries
# (default 500,000: deaths, staff, village cadres and assets), on SQLite and
# PostgreSQL (default both).  As other offices' registers are, most entries
# are of the province's people the poverty registry does not hold; HITS
# percent (default 2) are of its persons, and touch their payments (about
# one payment in a hundred flagged: Ningguo flagged 3,639 of 2.31 million,
# one in 630).  HITS=100 makes every entry a registry person's.
# Measured: their import, every check together
# (`audit`, and `audit --keep`), each check alone, and peak memory, beside
# the engine's own count and sum of the payments in the same run.  Aim:
# every check together under 60 s, peak memory under 500 MB.
set -eu
cd "$(dirname "$0")/.."
NREG=${1:-500000}
BACKENDS=${2:-sqlite pg}
HITS=${HITS:-2}
BIN=$(pwd)/${BANGFU:-build/bangfu}
L=$(pwd)/bench/out/ledger
W=$(pwd)/bench/out/audit
mkdir -p "$W"
. test/pg.sh
trap stop_pg EXIT
. bench/lib.sh
if [ ! -f "$L/bench.db" ]; then
	echo "no province-year store in $L: building one of 1,000,000 payments (bench/ledger.sh builds the full one)"
	bench/ledger.sh 1000000 10000 300000 sqlite >/dev/null
fi
REG=$W/registers-$NREG-$HITS.csv
if [ ! -f "$REG" ]; then
	python3 - "$L/bundle/persons.csv" "$L/bundle/households.csv" "$NREG" "$HITS" "$REG" <<'EOP'
import csv, random, sys
persons, households, n, hits, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
R = random.Random(11)
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idnum(s):
    c = (12 - sum(int(a) * b for a, b in zip(s, W)) % 11) % 11
    return s + ('X' if c == 10 else str(c))
village = {}
with open(households) as f:
    for row in csv.DictReader(f):
        village[row['id']] = row['village']
villages = sorted(set(village.values()))
people = []
with open(persons) as f:
    for row in csv.DictReader(f):
        people.append((row['id_number'], row['household']))
known = set(p[0] for p in people)
counties = sorted(set(v[:6] for v in villages))
kinds = ['death', 'staff', 'cadre', 'vehicle', 'property', 'business']
seen = set()
with open(out, 'w') as f:
    f.write('register,id_number,name,from,until,place,note\n')
    while len(seen) < n:
        k = kinds[len(seen) % len(kinds)]
        if R.random() * 100 < hits:   # a person of the registry
            idn, hh = R.choice(people)
            place = village[hh]
        else:                         # one of the province's other people
            idn = idnum('%s%04d%02d%02d%03d' % (R.choice(counties), R.randint(1940, 2005), R.randint(1, 12),
                                                 R.randint(1, 28), R.randint(0, 999)))
            if idn in known:
                continue
            place = R.choice(villages)
        day = '2020-%02d-%02d' % (R.randint(1, 12), R.randint(1, 28))
        if (k, idn, day) in seen:
            continue
        seen.add((k, idn, day))
        f.write(f'{k},{idn},,{day},,{place if k == "cadre" else ""},\n')
EOP
fi
CHECKS="allocated_before_arrival paid_before_allocation late_fiscal duplicate_payment paid_after_death payee_is_staff
	cadre_household asset_owner idle_funds large_personal_payment complaint_overdue project_stalled"
for be in $BACKENDS; do
	if [ "$be" = sqlite ]; then
		DB=$L/bench.db
		q=(sqlite3 "$DB")
	else
		[ -n "${PGDIR:-}" ] || start_pg -c shared_buffers=512MB -c max_wal_size=4GB -c synchronous_commit=off
		psql -X -q -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench"
		DB="postgresql://postgres@$PGHOST:$PGPORT/bench"
		q=(psql -X -q -h "$PGHOST" -p "$PGPORT" -U postgres -d bench -c)
		echo "== pg: loading the province-year bundle (bench/ledger.sh's)"
		"$BIN" --db "$DB" init >/dev/null
		B=$L/bundle
		run pg.bundle "$BIN" --db "$DB" --key "$L/bangfu.key" import "$B/divisions.csv" "$B/orgs.csv" "$B/pairings.csv" \
			"$B/households.csv" "$B/persons.csv" "$B/funds.csv" "$B/projects.csv" "$B/allocations.csv" "$B/payments.csv"
	fi
	BF=("$BIN" --db "$DB" --key "$L/bangfu.key")
	if [ "$be" = pg ] || [ "$(cat "$W/sqlite-registers" 2>/dev/null)" != "$REG" ]; then
		"${q[@]}" "DELETE FROM registers" >/dev/null
		run registers "${BF[@]}" import "$REG"
		[ "$be" = pg ] || echo "$REG" >"$W/sqlite-registers"
	fi
	npay=$("${BF[@]}" list payments --limit 0 | tail -1 | sed -E 's/^\(0 of ([0-9]+).*/\1/')
	"${q[@]}" "SELECT COUNT(*), SUM(amount) FROM payments" >/dev/null
	t0=$(now); "${q[@]}" "SELECT COUNT(*), SUM(amount) FROM payments" >/dev/null; t1=$(now)
	R[floor.s]=$(secs "$t0" "$t1")
	"${q[@]}" "DELETE FROM findings" >/dev/null
	run all "${BF[@]}" audit --as-of 2021-06-30 --format csv
	run keep "${BF[@]}" audit --as-of 2021-06-30 --keep --format csv
	run again "${BF[@]}" audit --as-of 2021-06-30 --keep --format csv
	printf '\n%s payments, %s register entries; %s\n' "$npay" "$NREG" "$be"
	[ "$be" = pg ] && printf '%-44s %8.1f s %6s MB\n' "import of the bundle (10 files)" "${R[pg.bundle.s]}" "${R[pg.bundle.mb]}"
	[ -n "${R[registers.s]:-}" ] && printf '%-44s %8.1f s %6s MB\n' "import of the registers" "${R[registers.s]}" "${R[registers.mb]}"
	unset 'R[registers.s]'
	printf '%-44s %8.1f s\n' "$be itself: count and sum the payments" "${R[floor.s]}"
	printf '%-44s %8.1f s %6s MB   (aim: < 60 s, < 500 MB)\n' "every check together" "${R[all.s]}" "${R[all.mb]}"
	printf '%-44s %8.1f s %6s MB   (%s)\n' "every check, findings kept" "${R[keep.s]}" "${R[keep.mb]}" "$(cat "$W/keep.err")"
	printf '%-44s %8.1f s %6s MB   (%s)\n' "every check again, findings kept" "${R[again.s]}" "${R[again.mb]}" "$(cat "$W/again.err")"
	printf 'findings: %s\n' "$(tail -n +2 "$W/all.out" | cut -d, -f1 | sort | uniq -c | awk '{ printf "%s %s; ", $2, $1 }')"
	cp "$W/all.out" "$W/all-$be.out"
	for c in $CHECKS; do
		run "c-$c" "${BF[@]}" audit --as-of 2021-06-30 --check "$c" --format csv
		printf '  %-42s %8.1f s %6s MB\n' "$c" "${R[c-$c.s]}" "${R[c-$c.mb]}"
	done
done
if [ -f "$W/all-sqlite.out" ] && [ -f "$W/all-pg.out" ]; then
	cmp -s "$W/all-sqlite.out" "$W/all-pg.out" && echo "the findings on SQLite and PostgreSQL: the same" ||
		echo "the findings on SQLite and PostgreSQL DIFFER: diff $W/all-sqlite.out $W/all-pg.out"
fi
