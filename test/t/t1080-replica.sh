#!/bin/bash
# t1080: a read replica.  A PostgreSQL store with a streaming standby made
# by pg_basebackup on loopback: commands that only read read the standby,
# `serve --read-db` sends its pages' reads there and its writes to the
# store, a user who has just written reads the store until the standby has
# replayed the write, and the audit checks read the standby and keep their
# findings in the store.  On SQLite, --read-db is refused with the reason.
. "$(dirname "$0")/../lib.sh"

if [ "$BACKEND" != pg ]; then
	test_expect_success 'an SQLite store has no standby: --read-db says so' '
		new_store && bf init >/dev/null &&
		test_must_fail "$BANGFU" --db "$DB" --read-db "$DB" report indicators 2>err &&
		test_grep "read-db names a PostgreSQL standby of a PostgreSQL store" err
	'
	test_done
fi

. "$SRCDIR/test/pg.sh"
# a server of this test's own (the standby copies the whole server)
stop_all() { stop_standby; stop_pg; }
trap stop_all EXIT

test_expect_success 'setup: a store on a server of its own, and a standby of it' '
	start_pg >/dev/null && demo_store_with_roles &&
	start_standby &&
	R="postgresql://postgres@127.0.0.1:$STANDBY_PORT/$PGDBNAME" &&
	sb() { psql -X -q -A -t -h 127.0.0.1 -p "$STANDBY_PORT" -U postgres -d "$PGDBNAME" -c "$1"; } &&
	test "$(sb "SELECT pg_is_in_recovery()")" = t
'

# caught_up: the standby has replayed all the store has written, up to
# the end of its last record (the insert position stands past a page's
# header when that record ended on the page's edge, as a log switch does;
# the server's bf_lsn is taken the same way)
caught_up() {
	lsn=$(store_sql "SELECT l - CASE WHEN (l - '0/0') % seg = 40 THEN 40 WHEN (l - '0/0') % blk = 24 THEN 24 ELSE 0 END
		FROM (SELECT pg_current_wal_insert_lsn() AS l, CAST(current_setting('wal_block_size') AS numeric) AS blk,
		(SELECT CAST(setting AS numeric) FROM pg_settings WHERE name = 'wal_segment_size') AS seg) w") &&
	for i in $(seq 200); do
		test "$(sb "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t && return 0
		sleep 0.05
	done
	echo "the standby replayed $(sb "SELECT pg_last_wal_replay_lsn()") of $lsn in 10 s"
	return 1
}

test_expect_success 'commands that only read read the standby; it takes no write' '
	: "a log switch leaves the store'"'"'s insert position past a page header no replay reaches" &&
	store_sql "SELECT pg_switch_wal()" >/dev/null &&
	caught_up &&
	bf report indicators --format csv >p.csv &&
	"$BANGFU" --db "$DB" --read-db "$R" report indicators --format csv >s.csv &&
	test_cmp p.csv s.csv && test "$(wc -l <s.csv)" -gt 5 &&
	printf "id,date,kind,from,to,pairing,amount\nRR-F0,2021-03-01,fiscal,350103,621102,TJ-AD,1\n" >f0.csv &&
	test_must_fail "$BANGFU" --db "$R" import f0.csv 2>err &&
	test_grep "read-only" err
'

test_expect_success 'serve --read-db: the pages read the standby' '
	"$BANGFU" --db "$DB" --read-db "$R" serve --listen 127.0.0.1:0 --workers 2 >srv.out 2>srv.err &
	SRV=$! &&
	for i in $(seq 100); do grep -q "http://" srv.out && break; sleep 0.05; done &&
	URL=$(sed -n "s|.* on \(http://.*\)/\$|\1|p" srv.out) && test -n "$URL" &&
	signin admin admin-password-1 && signin auditor auditor-password &&
	caught_up && sb "SELECT pg_wal_replay_pause()" >/dev/null &&
	: "written behind the standby, which is paused: the store has it, the pages not yet" &&
	printf "id,date,kind,from,to,pairing,amount\nRR-F1,2021-03-01,fiscal,350103,621102,TJ-AD,1000000\n" >f1.csv &&
	bf import f1.csv >/dev/null &&
	curl -s -b auditor.jar "$URL/records/funds?format=csv&search=RR-F" >a1.csv &&
	test_grep "id,date,kind" a1.csv && ! grep -q "RR-F1" a1.csv &&
	test "$(store_sql "SELECT COUNT(*) FROM funds WHERE id = '"'"'RR-F1'"'"'")" = 1
'

test_expect_success 'a user who has just imported sees it at once; the others when the standby has it' '
	printf "id,date,kind,from,to,pairing,amount\nRR-F2,2021-03-02,fiscal,350103,621102,TJ-AD,2000000\n" >f2.csv &&
	curl -s -b admin.jar -c admin.jar -F "csrf=$(cat admin.csrf)" -F "files=@f2.csv" -o imp.html -w "%{http_code}" \
		"$URL/import" >code && test "$(cat code)" = 200 &&
	grep -q "bf_lsn" admin.jar &&
	curl -s -b admin.jar -c admin.jar "$URL/records/funds?format=csv&search=RR-F" >m.csv &&
	test_grep "^RR-F1," m.csv && test_grep "^RR-F2," m.csv &&
	curl -s -b auditor.jar "$URL/records/funds?format=csv&search=RR-F" >a2.csv && ! grep -q "RR-F2" a2.csv &&
	: "what a GET writes goes to the store: a view of the registers is in the trail" &&
	test "$(status auditor.jar /records/registers)" = 200 &&
	test "$(store_sql "SELECT COUNT(*) FROM audit WHERE action = '"'"'view_registers'"'"' AND who = '"'"'auditor'"'"'")" = 1 &&
	sb "SELECT pg_wal_replay_resume()" >/dev/null && caught_up &&
	curl -s -b auditor.jar "$URL/records/funds?format=csv&search=RR-F" >a3.csv &&
	test_grep "^RR-F1," a3.csv && test_grep "^RR-F2," a3.csv &&
	: "once the standby has it, the cookie goes and the admin reads the standby again" &&
	curl -s -b admin.jar -c admin.jar -o /dev/null "$URL/records/funds" && ! grep -q "bf_lsn.*[0-9A-F]/" admin.jar
'

test_expect_success 'a villager'"'"'s look-up (a POST that only reads) is answered from the standby' '
	id=$(bf list payments --clear-ids --format csv | awk -F, "length(\$4) == 18 { print \$4; exit }") &&
	name=$(bf show persons "$id" --format csv | tail -1 | cut -d, -f2) && test -n "$name" &&
	curl -s -c pub.jar -b pub.jar "$URL/p/lookup" >/dev/null && tok=$(awk "\$6 == \"bf_pre\" { print \$7 }" pub.jar) &&
	look() { curl -s -b pub.jar --data-urlencode "csrf=$tok" --data-urlencode "name=$name" \
		--data-urlencode "id_number=$id" -o look.html -w "%{http_code}" "$URL/p/lookup"; } &&
	test "$(look)" = 200 && test_grep "class=\"ok\"" look.html &&
	: "the standby paused, a payment to the person lands in the store: the look-up has it not yet" &&
	sb "SELECT pg_wal_replay_pause()" >/dev/null &&
	proj=$(store_sql "SELECT substr(account, 9) FROM accounts WHERE account LIKE '"'"'project:%'"'"' AND balance >= 100 ORDER BY account LIMIT 1") &&
	n=$(grep -o "，共 [0-9]* 笔" look.html) &&
	printf "id,date,project,payee,amount,purpose\nRR-X1,2021-05-01,%s,%s,1,industry_award\n" "$proj" "$id" >x.csv &&
	bf import x.csv >/dev/null &&
	test "$(look)" = 200 && test_grep "$n" look.html &&
	sb "SELECT pg_wal_replay_resume()" >/dev/null && caught_up &&
	test "$(look)" = 200 && ! grep -q "$n" look.html &&
	: "the limit is counted in the store" &&
	test "$(store_sql "SELECT SUM(n) FROM limits")" -ge 3
'

test_expect_success 'the audit checks read the standby and keep their findings in the store' '
	bf audit --format csv >p.csv &&
	"$BANGFU" --db "$DB" --read-db "$R" audit --keep --format csv >s.csv 2>kept &&
	test_cmp p.csv s.csv &&
	n=$(($(wc -l <s.csv) - 1)) && test_grep "kept: $n findings, $n new" kept &&
	test "$(store_sql "SELECT COUNT(*) FROM findings")" = "$n" &&
	test "$(store_sql "SELECT COUNT(*) FROM audit WHERE action = '"'"'audit_run'"'"'")" = 1
'

test_expect_success 'the standby stopped, the store answers the pages' '
	stop_standby &&
	for i in 1 2 3 4; do test "$(status auditor.jar /records/funds)" = 200 || return 1; done &&
	curl -s -b auditor.jar "$URL/records/funds?format=csv&search=RR-F" >a4.csv &&
	test_grep "^RR-F1," a4.csv && test_grep "^RR-F2," a4.csv &&
	test "$(status auditor.jar /dashboard)" = 200
'

test_expect_success 'stop the server' '
	stop_served "$SRV"
'

test_done
