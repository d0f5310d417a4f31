#!/bin/bash
# t0940: backup while the store is in use (a server answering, imports
# going on), and restore: verify passes on the restored store, with the
# entries and head the backup printed.
. "$(dirname "$0")/../lib.sh"

# funds_file DIR I: one new fund, F-L-I, in DIR/funds.csv.
funds_file() {
	mkdir -p "$1" && printf "id,date,kind,from,to,pairing,amount,reverses,note\nF-L-%d,2019-04-01,fiscal,350102,621126,GL-MX,%d.00,,\n" "$2" "$2" >"$1/funds.csv"
}

test_expect_success 'setup: the money bundle and a server' '
	make_money_bundle b && new_store && SRC=$DB && bf init >/dev/null && bf import b >/dev/null && start_server
'

test_expect_success 'a backup under load restores to a store that verifies, with the head the backup printed' '
	( for i in $(seq 1 40); do funds_file load$i $i; "$BANGFU" --db "$SRC" import load$i >/dev/null 2>&1;
	  curl -s -o /dev/null "$URL/p/ledger"; done ) &
	load=$! &&
	sleep 0.5 && bf backup backup.file >backup.out && wait $load &&
	test_grep "^backup backup.file: ledger [0-9]* entries, head [0-9a-f]\{64\}; audit trail [0-9]* entries$" backup.out &&
	test "$(stat -c %a backup.file)" = 600 &&
	n=$(sed -n "s/.*ledger \([0-9]*\) entries.*/\1/p" backup.out) &&
	h=$(sed -n "s/.*head \([0-9a-f]*\);.*/\1/p" backup.out) &&
	bf verify >src.out && now=$(sed -n "s/ledger intact: \([0-9]*\) entries.*/\1/p" src.out) &&
	test "$now" = 49 && test "$n" -ge 9 && test "$n" -le 49 &&
	new_store && bf restore "$TRASH/backup.file" >restore.out &&
	test_grep "^restored .*: ledger $n entries, head $h;" restore.out &&
	bf verify >v.out && test_grep "^ledger intact: $n entries" v.out && test_grep "^head: $h$" v.out &&
	test "$(bf list funds --format csv | grep -c "^F-L-")" = $((n - 9)) &&
	stop_server
'

test_expect_success 'a restored store takes imports as the original did' '
	funds_file more 999 && bf import more >/dev/null && bf verify >/dev/null
'

test_expect_success 'backup never writes over a file; restore never over a store' '
	DB=$SRC && test_must_fail bf backup backup.file 2>err && test_grep "exists already" err &&
	test_must_fail bf restore backup.file 2>err && test_grep "restore: .*already holds a store\|restore: .* exists" err &&
	printf "not a backup" >junk.file && new_store &&
	test_must_fail bf restore junk.file 2>err && test_grep "restore: " err
'

test_done
