#!/bin/bash
# t0910: rewrites that verify must see: the audit trail's newest entries
# removed, and the ledger rewritten consistently inside the store (hashes,
# heads and balances recomputed), caught by a signed copy of the daily
# heads kept outside it.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'setup: the money bundle, and a signed copy of the heads kept outside the store' '
	make_money_bundle b && new_store && FIRST=$DB && bf init >/dev/null && bf import b >/dev/null &&
	bf heads --output kept.txt 2>msg && test_grep "signed by ed25519:" msg &&
	test "$(stat -c %a bangfu.sign)" = 600 &&
	test_grep "^key: ed25519:" kept.txt && test_grep "^signature: " kept.txt &&
	test_grep "^$(date +%Y-%m-%d),9,[0-9a-f]\{64\}$" kept.txt &&
	bf verify --heads kept.txt >out && test_grep "passes through all 1 heads kept in kept.txt" out &&
	test_grep "this installation" out
'

test_expect_success 'removing the newest audit entries fails verify' '
	store_sql "DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)" &&
	test_must_fail bf verify 2>err &&
	test_grep "audit trail recorded 2 entries but holds 1: its newest entries were removed" err
'

test_expect_success 'the last payment removed, meta, heads, balances and flows recomputed: only the kept heads see it' '
	new_store && bf init >/dev/null && bf import b >/dev/null && bf heads --output kept2.txt 2>/dev/null &&
	store_sql "DELETE FROM payments WHERE id = '"'"'X4'"'"'" &&
	store_sql "UPDATE meta SET value = '"'"'8'"'"' WHERE key = '"'"'ledger_seq'"'"'" &&
	h8=$(store_sql "SELECT hash FROM payments WHERE seq = 8") && test -n "$h8" &&
	store_sql "UPDATE meta SET value = '"'"'$h8'"'"' WHERE key = '"'"'ledger_head'"'"'" &&
	store_sql "UPDATE ledger_heads SET seq = 8, hash = '"'"'$h8'"'"'" &&
	store_sql "UPDATE accounts SET balance = balance - 3200000 WHERE account = '"'"'paid:P2'"'"'" &&
	store_sql "UPDATE accounts SET balance = balance + 3200000 WHERE account = '"'"'project:P2'"'"'" &&
	store_sql "UPDATE flows SET paid = paid - 3200000 WHERE project = '"'"'P2'"'"' AND paid >= 3200000" &&
	bf verify >out && test_grep "ledger intact: 8 entries" out &&
	test_must_fail bf verify --heads kept2.txt 2>err &&
	test_grep "name entry 9 for $(date +%Y-%m-%d), but the ledger holds 8 entries: entries were removed" err
'

test_expect_success 'an amount changed and the whole chain written again: verify passes, the kept heads fail' '
	"$BANGFU" --db "$FIRST" export dump >/dev/null &&
	sed -i "s/^X1,2018-06-01,P1,L-GL-001,500000.00,/X1,2018-06-01,P1,L-GL-001,400000.00,/" dump/payments.csv &&
	grep -q "^X1,.*,400000.00," dump/payments.csv &&
	first=$DB && new_store && bf init >/dev/null && bf import dump >/dev/null &&
	bf verify >out && test_grep "ledger intact: 9 entries" out &&
	test_must_fail bf verify --heads kept.txt 2>err &&
	test_grep "the heads kept in kept.txt give [0-9a-f]* for $(date +%Y-%m-%d) (entry 9), but the chain there is" err &&
	test_grep "rewritten on or before $(date +%Y-%m-%d)" err
'

test_expect_success 'a kept copy changed, or signed by another key, is refused' '
	sed "s/,9,0/,9,X/; s/,9,[1-9a-f]/,9,0/; s/,9,X/,9,1/" kept.txt >forged.txt && ! cmp -s kept.txt forged.txt &&
	test_must_fail bf verify --heads forged.txt 2>err &&
	test_grep "signature does not match its content" err &&
	mkdir other && cp bangfu.key other/ && cp kept.txt other/ && (
		cd other && DB2=$DB && "$BANGFU" --db "$DB2" --key bangfu.key heads --output mine.txt 2>/dev/null
	) && test -f other/mine.txt &&
	test_must_fail bf verify --heads other/mine.txt 2>err &&
	test_grep "not this installation.s signing key" err
'

test_expect_success 'a damaged or missing file of heads is a clear error' '
	printf "hello\n" >junk.txt &&
	test_must_fail bf verify --heads junk.txt 2>err && test_grep "not a signed file of heads" err &&
	test_must_fail bf verify --heads nosuch.txt 2>err && test_grep "nosuch.txt: cannot read it" err
'

test_expect_success 'the portal offers the signed heads, and explains how to keep and check them' '
	start_server &&
	curl -s "$URL/p/ledger" >ledger.html &&
	test_grep "/p/ledger/heads" ledger.html && test_grep "bangfu verify --heads heads.txt" ledger.html &&
	curl -s -D h -o portal-heads.txt "$URL/p/ledger/heads" &&
	test_grep "filename=\"heads.txt\"" h &&
	bf verify --heads portal-heads.txt >out && test_grep "passes through all 1 heads" out &&
	stop_server
'

test_done
