#!/bin/bash
# t0520: money files of many batches (512 rows a batch).  PostgreSQL takes
# them by one COPY, looking keys up only until a batch has none stored; a
# key stored already, or twice in the file, past that point makes the
# import run again looking every key up.  Both stores must answer alike.
. "$(dirname "$0")/../lib.sh"

# pays FROM TO [DAY]: payments XFROM..XTO of 1 yuan each from project P1
pays() {
	echo "id,date,project,payee,amount,purpose"
	seq "$1" "$2" | awk -v d="${3:-2018-07-01}" '{ printf "Y%06d,%s,P1,L-GL-001,1,contract\n", $1, d }'
}

test_expect_success 'a file of three batches lands, and verifies' '
	make_money_bundle b && new_store && bf init && bf import b >/dev/null &&
	pays 1 1500 >p1.csv && bf import p1.csv >out &&
	test_grep "p1.csv: 1500 rows, 1500 new, 0 already there" out &&
	test "$(store_sql "SELECT COUNT(*) FROM payments WHERE id LIKE '"'"'Y%'"'"'")" = 1500 &&
	bf verify >out && test_grep "ledger intact" out
'

test_expect_success 'the same file again changes nothing' '
	bf verify | grep "^head:" >h1 &&
	bf import p1.csv >out &&
	test_grep "p1.csv: 1500 rows, 0 new, 1500 already there" out &&
	bf verify | grep "^head:" >h2 && test_cmp h1 h2
'

test_expect_success 'new rows first, then rows stored already: the new ones land once' '
	{ pays 2001 2700; pays 1 1500 | tail -n +2; } >p2.csv &&
	bf import p2.csv >out &&
	test_grep "p2.csv: 2200 rows, 700 new, 1500 already there" out &&
	test "$(store_sql "SELECT COUNT(*) FROM payments WHERE id LIKE '"'"'Y%'"'"'")" = 2200 &&
	test "$(store_sql "SELECT paid FROM flows WHERE project = '"'"'P1'"'"'")" = \
	     "$(store_sql "SELECT SUM(CASE WHEN reverses IS NULL THEN amount ELSE -amount END) FROM payments WHERE project = '"'"'P1'"'"'")" &&
	bf verify >out && test_grep "ledger intact" out
'

test_expect_success 'a key twice in the file, far apart, other content: the line is named, nothing lands' '
	bf verify | grep "^head:" >h1 &&
	{ pays 3001 4200; echo "Y003010,2018-07-02,P1,L-GL-001,2,contract"; } >p3.csv &&
	test_must_fail bf import p3.csv 2>err &&
	test_grep "^p3.csv:1202:2: payments Y003010 was already imported with other content: date is .2018-07-01. there, .2018-07-02. here" err &&
	test_grep "nothing was imported" err &&
	test "$(store_sql "SELECT COUNT(*) FROM payments WHERE id LIKE '"'"'Y003%'"'"'")" = 0 &&
	bf verify | grep "^head:" >h2 && test_cmp h1 h2
'

test_expect_success 'a key twice in the file with the same content is one payment' '
	{ pays 3001 4200; pays 3010 3010 | tail -n +2; } >p4.csv &&
	bf import p4.csv >out &&
	test_grep "p4.csv: 1201 rows, 1200 new, 1 already there" out &&
	test "$(store_sql "SELECT COUNT(*) FROM payments WHERE id LIKE '"'"'Y003%'"'"' OR id LIKE '"'"'Y004%'"'"'")" = 1200 &&
	bf verify >out && test_grep "ledger intact" out
'

test_expect_success 'a payment beyond what the project holds, past the first batch, is named' '
	{ pays 5001 6000; echo "Y006001,2018-07-01,P1,L-GL-001,999999,contract"; } >p5.csv &&
	test_must_fail bf import p5.csv 2>err &&
	test_grep "^p5.csv:1002:5: amount: project P1 has only .* yuan allocated and not yet paid" err &&
	test "$(store_sql "SELECT COUNT(*) FROM payments WHERE id LIKE '"'"'Y005%'"'"'")" = 0
'

test_done
