#!/bin/bash
# audit.sh [REGISTERS]: the audit checks at the province-year store of
# bench/ledger.sh (10,000,000 payments, 3,000,000 persons; run that first,
# or this builds a smaller one) with REGISTERS register entries (default
# 500,000: deaths, staff, village cadres and assets of persons drawn from
# the registry): their import, every check together (`audit`, and `audit
# --keep`), each check alone, and peak memory, beside sqlite3 counting the
# payments in the same run.  Aim: every check together under 60 s, peak
# memory under 500 MB.
set -eu
cd "$(dirname "$0")/.."
NREG=${1:-500000}
BIN=$(pwd)/${BANGFU:-build/bangfu}
L=$(pwd)/bench/out/ledger
W=$(pwd)/bench/out/audit
mkdir -p "$W"
. bench/lib.sh
if [ ! -f "$L/bench.db" ]; then
	echo "no province-year store in $L: building one of 1,000,000 payments (bench/ledger.sh builds the full one)"
	bench/ledger.sh 1000000 10000 300000 sqlite >/dev/null
fi
DB=$L/bench.db
BF=("$BIN" --db "$DB" --key "$L/bangfu.key")
if [ ! -f "$W/registers-$NREG.csv" ]; then
	python3 - "$L/bundle/persons.csv" "$L/bundle/households.csv" "$NREG" "$W/registers-$NREG.csv" <<'EOP'
import csv, random, sys
persons, households, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
R = random.Random(11)
village = {}
with open(households) as f:
    for row in csv.DictReader(f):
        village[row['id']] = row['village']
people = []
with open(persons) as f:
    for row in csv.DictReader(f):
        people.append((row['id_number'], row['household']))
kinds = ['death', 'staff', 'cadre', 'vehicle', 'property', 'business']
seen = set()
with open(out, 'w') as f:
    f.write('register,id_number,name,from,until,place,note\n')
    while len(seen) < n:
        idn, hh = R.choice(people)
        k = kinds[len(seen) % len(kinds)]
        day = '2020-%02d-%02d' % (R.randint(1, 12), R.randint(1, 28))
        if (k, idn, day) in seen:
            continue
        seen.add((k, idn, day))
        place = village[hh] if k == 'cadre' else ''
        f.write(f'{k},{idn},,{day},,{place},\n')
EOP
fi
if [ "$("${BF[@]}" list registers --limit 0 | tail -1 | sed -E 's/^\(0 of ([0-9]+).*/\1/; s/^\(([0-9]+) .*/\1/')" -lt "$NREG" ]; then
	run registers "${BF[@]}" import "$W/registers-$NREG.csv"
fi
npay=$("${BF[@]}" list payments --limit 0 | tail -1 | sed -E 's/^\(0 of ([0-9]+).*/\1/')
t0=$(now); sqlite3 "$DB" "SELECT COUNT(*), SUM(amount) FROM payments" >/dev/null; t1=$(now)
R[sqlite3.s]=$(secs "$t0" "$t1")
run all "${BF[@]}" audit --as-of 2021-06-30 --format csv
run keep "${BF[@]}" audit --as-of 2021-06-30 --keep --format csv
printf '\n%s payments, %s register entries; SQLite\n' "$npay" "$NREG"
[ -n "${R[registers.s]:-}" ] && printf '%-44s %8.1f s %6s MB\n' "import of the registers" "${R[registers.s]}" "${R[registers.mb]}"
printf '%-44s %8.1f s\n' "sqlite3: count and sum the payments (floor)" "${R[sqlite3.s]}"
printf '%-44s %8.1f s %6s MB   (aim: < 60 s, < 500 MB)\n' "every check together" "${R[all.s]}" "${R[all.mb]}"
printf '%-44s %8.1f s %6s MB\n' "every check, findings kept" "${R[keep.s]}" "${R[keep.mb]}"
printf 'findings: %s\n' "$(tail -n +2 "$W/all.out" | cut -d, -f1 | sort | uniq -c | tr '\n' ';')"
for c in allocated_before_arrival paid_before_allocation late_fiscal duplicate_payment paid_after_death payee_is_staff \
	cadre_household asset_owner idle_funds large_personal_payment complaint_overdue project_stalled; do
	run "c-$c" "${BF[@]}" audit --as-of 2021-06-30 --check "$c" --format csv
	printf '  %-42s %8.1f s %6s MB\n' "$c" "${R[c-$c.s]}" "${R[c-$c.mb]}"
done
