#!/bin/bash
# t1090: PostgreSQL keeps the payments a table a year.  A year's table is
# made when its first payment comes; an old year can be archived (its
# table detached into the schema "archive") and brought back: the live
# ledger reads the other years, verify still reads it all, and a payment of
# an archived year, or one reusing an archived id, is refused at its row.
# On SQLite, archive is refused with what to do instead.
. "$(dirname "$0")/../lib.sh"

if [ "$BACKEND" != pg ]; then
	test_expect_success 'an SQLite store is one file: archive says to back it up whole' '
		new_store && bf init >/dev/null &&
		test_must_fail bf archive 2018 2>err &&
		test_grep "archive: an SQLite store keeps its payments in one file; keep a copy of it whole with .bangfu backup FILE." err
	'
	test_done
fi

year_tables() {
	store_sql "SELECT string_agg(CAST(CAST(inhrelid AS regclass) AS TEXT), ' ' ORDER BY CAST(CAST(inhrelid AS regclass) AS TEXT)) FROM pg_inherits
		WHERE inhparent = CAST('payments' AS regclass)"
}

test_expect_success 'setup: the money bundle, and a payment of 2019; a year'"'"'s table is made when its first payment comes' '
	make_money_bundle b && new_store && bf init >/dev/null && bf import b >/dev/null &&
	test "$(year_tables)" = "payments_y2018" &&
	printf "id,date,project,payee,amount,purpose,reverses\nX5,2019-02-01,P1,L-GL-001,50000,contract,\n" >p19.csv &&
	bf import p19.csv >/dev/null &&
	test "$(year_tables)" = "payments_y2018 payments_y2019" &&
	test "$(store_sql "SELECT COUNT(*) FROM payment_keys")" = 5 &&
	bf archive >y.csv && cat >want <<-EOD &&
	year,state,payments,amount
	2018,live,4,532000.00
	2019,live,1,50000.00
	EOD
	test_cmp want y.csv &&
	bf verify >v0 && head0=$(sed -n "s/^head: //p" v0) && test -n "$head0"
'

test_expect_success 'an old year archived: lists and pages read the live years, verify still reads it all' '
	bf archive 2018 >out && test_grep "^the payments of 2018 are archived: table archive.payments_y2018$" out &&
	test "$(year_tables)" = "payments_y2019" &&
	bf archive >y.csv && test_grep "^2018,archived,4,532000.00$" y.csv && test_grep "^2019,live,1,50000.00$" y.csv &&
	bf list payments --format csv >l.csv && test "$(tail -n +2 l.csv | cut -d, -f1)" = X5 &&
	bf list payments | tail -1 >t && test_grep "^(1 record; 金额合计 50000.00元" t &&
	bf verify >v1 && test_grep "^ledger intact: 10 entries, every account balanced" v1 &&
	test "$(sed -n "s/^head: //p" v1)" = "$head0" &&
	test "$(store_sql "SELECT what FROM audit WHERE action = '"'"'payments_archived'"'"'")" = 2018 &&
	test_must_fail bf archive 2018 2>err && test_grep "archive: the payments of 2018 are archived already; nothing was changed" err
'

test_expect_success 'the payments page says which years are archived, in the reader'"'"'s language' '
	echo "admin-password-1" | bf user add admin --role admin >/dev/null &&
	start_server && signin admin admin-password-1 &&
	curl -s -b admin.jar "$URL/records/payments" >zh.html &&
	test_grep "<p class=\"fix\">这些年份的拨付已归档，不在此列：2018</p>" zh.html &&
	test_grep ">X5<" zh.html && test_grep_not ">X1<" zh.html &&
	curl -s -b admin.jar "$URL/records/payments?lang=en" >en.html &&
	test_grep "Payments of these years are archived and not listed here: 2018</p>" en.html &&
	curl -s -b admin.jar "$URL/records/funds" >f.html && test_grep_not "已归档" f.html &&
	stop_server
'

test_expect_success 'verify reads the archived year: a changed archived payment is found' '
	store_sql "UPDATE archive.payments_y2018 SET amount = amount + 1 WHERE id = '"'"'X4'"'"'" &&
	test_must_fail bf verify 2>err && test_grep "NOT INTACT" err &&
	store_sql "UPDATE archive.payments_y2018 SET amount = amount - 1 WHERE id = '"'"'X4'"'"'" &&
	bf verify >/dev/null
'

test_expect_success 'a payment of an archived year, or one taking an archived id, is refused at its row' '
	printf "id,date,project,payee,amount,purpose,reverses\nX6,2019-03-01,P1,L-GL-001,100,contract,\nX7,2018-07-01,P1,L-GL-001,100,contract,\n" >p.csv &&
	test_must_fail bf import p.csv 2>err &&
	test_grep "p.csv:3:2: date: the payments of 2018 are archived; a payment of that year can be added after .bangfu archive --restore 2018. brings them back" err &&
	printf "id,date,project,payee,amount,purpose,reverses\nX1,2019-03-01,P1,L-GL-001,100,contract,\n" >p.csv &&
	test_must_fail bf import p.csv 2>err &&
	test_grep "p.csv:2:1: id: X1 is a payment of 2018, a year archived; .bangfu archive --restore 2018. brings that year back$" err &&
	cut -d, -f1-6 p.csv | sed "2s/^X1,\(.*\)/X8,\1,X2/;1s/$/,reverses/" >r.csv &&
	test_must_fail bf import r.csv 2>err &&
	test_grep "r.csv:2:7: reverses: X2 is a payment of 2018, a year archived; .bangfu archive --restore 2018. brings that year back before it can be reversed" err &&
	test "$(store_sql "SELECT COUNT(*) FROM payments")" = 1 && bf verify >/dev/null
'

test_expect_success 'the import page says what to do about an archived year, without command-line text' '
	cat p.csv >payments.csv && tail -1 r.csv >>payments.csv &&
	start_server && signin admin admin-password-1 &&
	curl -s -b admin.jar -F "csrf=$(cat admin.csrf)" -F "kind=" -F "file=@payments.csv" -o zh.html "$URL/import" &&
	test_grep "X1 是 2018 年的拨付，该年已归档：须请系统管理员恢复该年，才能核对或更正它" zh.html &&
	test_grep "X2 是 2018 年的拨付，该年已归档：须请系统管理员恢复该年，才能冲销它" zh.html &&
	curl -s -b admin.jar -F "csrf=$(cat admin.csrf)" -F "kind=" -F "file=@payments.csv" -o en.html "$URL/import?lang=en" &&
	test_grep "X1 is a payment of 2018, a year now archived: ask the system.s administrator to restore that year first" en.html &&
	test_grep "X2 is a payment of 2018, a year now archived: ask the system.s administrator to restore that year before reversing it" en.html &&
	printf "id,date,project,payee,amount,purpose,reverses\nX7,2018-07-01,P1,L-GL-001,100,contract,\n" >payments.csv &&
	curl -s -b admin.jar -F "csrf=$(cat admin.csrf)" -F "kind=" -F "file=@payments.csv" -o zh.html "$URL/import" &&
	test_grep "2018 年的拨付已归档：须请系统管理员恢复该年，才能补录该年的拨付" zh.html &&
	! grep -h "bangfu archive" zh.html en.html &&
	test "$(store_sql "SELECT COUNT(*) FROM payments")" = 1
'

test_expect_success 'trace of an archived payment says its year is archived, on the command line and the page' '
	test_must_fail bf trace payment X2 2>err &&
	test_grep "trace: payment X2 is of 2018, a year archived; .bangfu archive --restore 2018. brings that year back" err &&
	test_must_fail bf trace payment NOSUCH 2>err && test_grep "trace: no payment NOSUCH" err &&
	curl -s -b admin.jar -w "%{http_code}" -o zh.html "$URL/trace/payment/X2" >code && test "$(cat code)" = 404 &&
	test_grep "这笔拨付所在的年份已归档，须请系统管理员恢复该年后才能查看其去向。归档的年份：2018" zh.html &&
	curl -s -b admin.jar -o en.html "$URL/trace/payment/X2?lang=en" &&
	test_grep "ask the system&#39;s administrator to restore that year to follow its money. The year archived: 2018" en.html &&
	curl -s -b admin.jar -w "%{http_code}" -o no.html "$URL/trace/payment/NOSUCH?lang=zh-CN" >code && test "$(cat code)" = 404 &&
	test_grep "没有这条记录，请核对编号：NOSUCH" no.html && ! grep -h "trace:" zh.html en.html no.html &&
	stop_server
'

test_expect_success 'restored, the year is live again, as it was' '
	bf archive --restore 2018 >out && test_grep "^the payments of 2018 are live again$" out &&
	test "$(year_tables)" = "payments_y2018 payments_y2019" &&
	bf list payments --format csv | tail -n +2 | cut -d, -f1 | sort | tr "\n" " " >ids && test "$(cat ids)" = "X1 X2 X3 X4 X5 " &&
	bf list payments | tail -1 >t && test_grep "^(5 records; 金额合计 582000.00元" t &&
	bf verify >v2 && test "$(sed -n "s/^head: //p" v2)" = "$head0" &&
	start_server && curl -s -b admin.jar "$URL/records/payments" >zh.html && stop_server &&
	test_grep ">X1<" zh.html && test_grep_not "已归档" zh.html &&
	test_must_fail bf archive --restore 2018 2>err && test_grep "live already" err &&
	test_must_fail bf archive 2020 2>err && test_grep "archive: no payments of 2020 are stored; .bangfu archive. lists the years" err &&
	test_must_fail bf archive 20x0 2>err && test_grep "archive: 20x0 is not a year" err &&
	: "and it takes payments again" &&
	printf "id,date,project,payee,amount,purpose,reverses\nX7,2018-07-01,P1,L-GL-001,100,contract,\n" >p.csv &&
	bf import p.csv >/dev/null && bf verify >/dev/null
'

test_done
