#!/bin/bash
# t0500: the fund ledger: money imports, its rules, reversals, project
# progress, the hash chain and verify, balances, trace.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'a bundle with money imports, and the ledger verifies' '
	make_money_bundle b && new_store && bf init &&
	bf import b >out &&
	test_grep "payments.csv: 4 rows, 4 new" out &&
	bf verify >out &&
	test_grep "ledger intact: 9 entries, every account balanced" out &&
	test_grep "^head: [0-9a-f]\{64\}$" out &&
	bf export before
'

test_expect_success 'balances are kept: funds, projects, and which fund paid what' '
	test "$(store_sql "SELECT balance FROM accounts WHERE account = '"'"'fund:F2018-1'"'"'")" = 10000000 &&
	test "$(store_sql "SELECT balance FROM accounts WHERE account = '"'"'project:P2'"'"'")" = 31800000 &&
	test "$(store_sql "SELECT SUM(balance) FROM accounts")" = 0 &&
	test "$(store_sql "SELECT paid FROM flows WHERE fund = '"'"'F2018-1'"'"' AND project = '"'"'P2'"'"'")" = 3200000 &&
	test "$(store_sql "SELECT paid FROM flows WHERE fund = '"'"'F2018-2'"'"' AND project = '"'"'P2'"'"'")" = 0
'

test_expect_success 're-importing changes nothing; export, import, export is identical' '
	bf import b >out && test_grep "payments.csv: 4 rows, 0 new, 4 already there" out &&
	bf verify >v2 && test "$(tail -1 v2)" = "$(bf verify | tail -1)" &&
	new_store && bf init && bf import before >/dev/null && bf export again &&
	diff -r before again &&
	bf verify | tail -1 >h2 && new_store && bf init && bf import b >/dev/null && bf verify | tail -1 >h1 &&
	test_cmp h1 h2
'

test_expect_success 'an amount with three decimals, and a zero amount' '
	printf "id,date,kind,from,to,amount\nF9,2019-03-01,fiscal,350102,621126,100.005\nF10,2019-03-01,fiscal,350102,621126,0\n" >funds.csv &&
	refused funds.csv &&
	test_grep "^funds.csv:2:6: amount: amount 100.005 has more than two decimals" err &&
	test_grep "^funds.csv:3:6: amount: must be more than 0" err
'

test_expect_success 'a fund can never be allocated beyond its amount' '
	printf "id,date,fund,project,amount\nA9,2019-01-01,F2018-1,P2,60000\nA10,2019-01-02,F2018-1,P2,40000.01\n" >allocations.csv &&
	refused allocations.csv &&
	test_grep "^allocations.csv:3:5: amount: fund F2018-1 has only 40000.00 yuan left to allocate" err
'

test_expect_success 'a project can never pay out beyond what was allocated to it' '
	printf "id,date,project,payee,amount,purpose\nX9,2019-01-01,P1,L-GL-001,100000.01,contract\n" >payments.csv &&
	refused payments.csv &&
	test_grep "^payments.csv:2:5: amount: project P1 has only 100000.00 yuan allocated and not yet paid" err
'

test_expect_success 'fund and project must be in the same county; references must exist' '
	printf "code,name,level,parent\n621125,漳县,county,621100\n" >divisions.csv &&
	bf import divisions.csv >/dev/null && bf export before2 &&
	printf "id,name,county,category,budget,year,status\nP9,漳县项目,621125,other,100,2019,approved\n" >projects.csv &&
	printf "id,date,fund,project,amount\nA11,2019-01-01,F2018-1,P9,100\nA12,2019-01-01,NOFUND,P1,1\nA13,2019-01-01,F2018-1,NOPROJ,1\n" >allocations.csv &&
	printf "id,date,project,payee,amount,purpose\nX10,2019-01-01,P1,L-NOBODY,1,contract\n" >payments.csv &&
	test_must_fail bf import projects.csv allocations.csv payments.csv 2>err &&
	test_grep "^allocations.csv:2:4: project: P9 is in county 621125000000, fund F2018-1 is for county 621126000000" err &&
	test_grep "^allocations.csv:3:3: fund: NOFUND does not exist" err &&
	test_grep "^allocations.csv:4:4: project: NOPROJ does not exist" err &&
	test_grep "^payments.csv:2:4: payee: organisation L-NOBODY does not exist" err &&
	bf export after && diff -r before2 after && rm -rf after before && mv before2 before
'

test_expect_success 'funds go to a western county from the east' '
	printf "id,date,kind,from,to,amount\nF11,2019-03-01,fiscal,621126,350102,1\nF12,2019-03-01,fiscal,350102,621126100,1\n" >funds.csv &&
	refused funds.csv &&
	test_grep "^funds.csv:2:4: from: division 621126000000 lies on the west side" err &&
	test_grep "^funds.csv:2:5: to: 350102000000 lies on the east side" err &&
	test_grep "^funds.csv:3:5: to: 621126100000 is a town; funds go to a western county" err
'

test_expect_success 'money rows never change: same id, other content is an error' '
	printf "id,date,project,payee,amount,purpose\nX1,2018-06-01,P1,L-GL-001,500001,contract\n" >payments.csv &&
	refused payments.csv &&
	test_grep "^payments.csv:2:5: payments X1 was already imported with other content: amount is .500000.00. there, .500001.00. here (money rows never change" err
'

test_expect_success 'reversals: same amount, once only, not of a reversal, not beyond what is left' '
	printf "id,date,project,payee,amount,purpose,reverses\nX11,2019-01-01,P1,L-GL-001,1,contract,X1\nX12,2019-01-01,P2,%s,320000,industry_award,X2\nX13,2019-01-01,P2,%s,320000,industry_award,X3\nX14,2019-01-01,P2,%s,1,other,X99\n" "$H1" "$H1" "$H1" >payments.csv &&
	refused payments.csv &&
	test_grep "^payments.csv:2:5: amount: a reversal repeats the amount it cancels (500000.00 yuan), not 1.00 yuan" err &&
	test_grep "^payments.csv:3:7: reverses: X2 is already cancelled by X3" err &&
	test_grep "^payments.csv:4:7: reverses: X3 is itself a reversal (of X2)" err &&
	test_grep "^payments.csv:5:7: reverses: payments X99 does not exist" err &&
	printf "id,date,fund,project,amount,reverses\nA14,2019-01-01,F2018-1,P1,600000,A1\n" >allocations.csv &&
	refused allocations.csv &&
	test_grep "^allocations.csv:2:6: reverses: project P1 has already paid out 500000.00 yuan of fund F2018-1" err &&
	printf "id,date,kind,from,to,amount,reverses\nF13,2019-01-01,fiscal,350102,621126,1000000,F2018-1\n" >funds.csv &&
	refused funds.csv &&
	test_grep "^funds.csv:2:7: reverses: fund F2018-1 has only 100000.00 yuan not yet allocated" err
'

test_expect_success 'a valid reversal lands and the books still balance' '
	printf "id,date,project,payee,amount,purpose,reverses\nX15,2019-02-01,P1,L-GL-001,500000,contract,X1\n" >payments.csv &&
	bf import payments.csv >/dev/null &&
	test "$(store_sql "SELECT balance FROM accounts WHERE account = '"'"'project:P1'"'"'")" = 60000000 &&
	bf verify >out && test_grep "10 entries" out && bf export before2 && rm -rf before && mv before2 before
'

test_expect_success 'in one file: a payment, its reversal, then the first row again' '
	printf "id,date,project,payee,amount,purpose,reverses\nX16,2019-03-01,P2,L-GL-001,10,other,\nX17,2019-03-02,P2,L-GL-001,10,other,X16\nX16,2019-03-01,P2,L-GL-001,10,other,\nX16,2019-03-01,P2,L-GL-001,11,other,\n" >payments.csv &&
	refused payments.csv &&
	test_grep "^payments.csv:5:5: payments X16 was already imported with other content: amount" err &&
	test_grep_not "payments.csv:4:" err
'

test_expect_success 'projects: status moves forward by re-import, dates fill in; never backward' '
	printf "id,name,county,village,pairing,category,budget,year,status,started,completed,accepted,settled\nP2,岷阳镇劳务奖补,621126,,,labour,300000,2018,completed,2018-05-01,2018-11-30,,\n" >projects.csv &&
	bf import projects.csv >out && test_grep "1 updated" out &&
	test "$(store_sql "SELECT status || '"'"' '"'"'|| completed FROM projects WHERE id = '"'"'P2'"'"'")" = "completed 2018-11-30" &&
	bf export before2 && rm -rf before && mv before2 before &&
	printf "id,name,county,village,pairing,category,budget,year,status,started,completed,accepted,settled\nP2,岷阳镇劳务奖补,621126,,,labour,300000,2018,started,2018-05-01,,,\nP1,城关村饮水工程,621126,621126100201,GL-MX,water,600000,2018,cancelled,2018-04-01,2018-08-01,2018-09-01,2018-10-01\n" >projects.csv &&
	refused projects.csv &&
	test_grep "^projects.csv:2:9: status: only moves forward" err &&
	test_grep "^projects.csv:3:9: status: project P1 is settled and cannot be cancelled" err &&
	printf "id,name,county,category,budget,year,status,settled\nP8,新项目,621126,other,1,2019,started,2019-05-01\n" >projects.csv &&
	refused projects.csv &&
	test_grep "^projects.csv:2:8: settled: a project that is started has no settled date yet" err
'

test_expect_success 'trace a fund: allocations with running balance, projects, payees masked' '
	bf trace fund F2018-1 --format csv >out &&
	test_grep "^0,fund 资金,F2018-1,2018-03-20,fiscal 鼓楼区 → 岷县,1000000.00,1000000.00$" out &&
	test_grep "^1,allocation 安排,A1,2018-03-25,to project P1,-600000.00,400000.00$" out &&
	test_grep "^1,allocation 安排,A2,2018-04-25,to project P2,-300000.00,100000.00$" out &&
	test_grep "^2,payment 拨付,X4,2018-06-07,to 6211\*\*\*\*\*\*\*\*\*\*[0-9X]*,-32000.00,318000.00$" out &&
	test_grep_not "$H1" out
'

test_expect_success 'trace a payment back to every fund it can come from' '
	bf trace payment X4 --format csv >out &&
	test_grep "^2,fund 资金,F2018-1,2018-03-20,.*gave 300000.00.*,32000.00,268000.00$" out &&
	test_grep "^2,fund 资金,F2018-2,2018-05-01,.*gave 50000.00.*,0.00,50000.00$" out &&
	test_must_fail bf trace payment NOPE 2>err && test_grep "no payment NOPE" err
'

test_expect_success 'money rows list by region and search; payees masked unless asked' '
	bf list payments --in 621126 --format csv >out &&
	test "$(wc -l <out)" = 6 && test_grep_not "$H1" out &&
	test_grep "^X2,2018-06-05,P2,6211\*\*\*\*\*\*\*\*\*\*" out &&
	bf list payments --search "$H1" --format csv >out && test "$(wc -l <out)" = 4 &&
	bf list payments --search "$H1" --clear-ids --format csv >out && test_grep ",$H1," out &&
	bf list funds --in 350102 --format csv >out && test "$(wc -l <out)" = 3 &&
	bf list allocations --search F2018-1 --format csv >out && test "$(wc -l <out)" = 3 &&
	bf list projects --search 饮水 --format csv >out && test_grep "^P1," out
'

test_expect_success 'verify names the record whose amount was changed behind its back' '
	store_sql "UPDATE payments SET amount = amount + 100 WHERE id = '"'"'X2'"'"'" &&
	test_must_fail bf verify 2>err &&
	test_grep "NOT INTACT: payments X2 (entry 7) no longer matches its hash" err &&
	store_sql "UPDATE payments SET amount = amount - 100 WHERE id = '"'"'X2'"'"'" &&
	bf verify >/dev/null
'

test_expect_success 'verify finds a deleted entry, a cut chain, and a doctored balance' '
	store_sql "UPDATE funds SET date = '"'"'2018-03-21'"'"' WHERE id = '"'"'F2018-1'"'"'" &&
	test_must_fail bf verify 2>err && test_grep "funds F2018-1 (entry 1) no longer matches" err &&
	store_sql "UPDATE funds SET date = '"'"'2018-03-20'"'"' WHERE id = '"'"'F2018-1'"'"'" &&
	store_sql "UPDATE accounts SET balance = balance + 1 WHERE account = '"'"'fund:F2018-1'"'"'" &&
	test_must_fail bf verify 2>err && test_grep "account fund:F2018-1: its kept balance does not match" err &&
	store_sql "UPDATE accounts SET balance = balance - 1 WHERE account = '"'"'fund:F2018-1'"'"'" &&
	store_sql "DELETE FROM allocations WHERE id = '"'"'A3'"'"'" &&
	test_must_fail bf verify 2>err && test_grep "entry 5 is missing" err
'

test_expect_success 'verify on a fresh store' '
	new_store && bf init && bf verify >out && test_grep "0 entries" out
'

test_expect_success 'a file mixing stored, new and changed money rows: the changed one is named, nothing lands' '
	new_store && bf init && bf import b >/dev/null && rm -rf before && bf export before &&
	printf "id,date,project,payee,amount,purpose\nX1,2018-06-01,P1,L-GL-001,500000,contract\nX1a,2018-06-02,P1,L-GL-001,1,contract\nX4,2018-06-07,P2,%s,32001,industry_award\n" "$(idnum 62112619800101001)" >payments.csv &&
	refused payments.csv &&
	test_grep "^payments.csv:4:" err && test_grep "X4 was already imported with other content" err &&
	sed -i "s/,32001,/,32000,/" payments.csv &&
	bf import payments.csv >out && test_grep "payments.csv: 3 rows, 1 new, 2 already there" out &&
	bf verify >/dev/null
'

test_expect_success 'a payments file larger than the ledger is stored before its indexes are built' '
	new_store && bf init && make_money_bundle big &&
	BANGFU_BULK_ROWS=0 bf import big >out && test_grep "payments.csv: 4 rows, 4 new" out &&
	if [ "$BACKEND" = pg ]; then q="SELECT COUNT(*) FROM pg_indexes WHERE indexname IN ('"'"'payments_project'"'"', '"'"'payments_payee'"'"')";
	else q="SELECT COUNT(*) FROM sqlite_master WHERE name IN ('"'"'payments_project'"'"', '"'"'payments_payee'"'"')"; fi &&
	test "$(store_sql "$q")" = 2 &&
	bf trace project P2 --format csv >out && test_grep "X4" out &&
	bf export before &&
	{ echo id,date,project,payee,amount,purpose &&
	  for i in $(seq 10 40); do echo "X$i,2018-07-01,P1,L-GL-001,1,contract"; done &&
	  echo X91,2018-07-01,P1,L-GL-001,99999999,contract; } >payments.csv &&
	BANGFU_BULK_ROWS=0 refused payments.csv &&
	test "$(store_sql "$q")" = 2
'

test_expect_success 'a bulk import with the store to itself is written outside WAL, which comes back after; beside a server it stays in WAL' '
	new_store && bf init && make_money_bundle solo &&
	BANGFU_BULK_ROWS=0 bf import solo >out && test_grep "payments.csv: 4 rows, 4 new" out &&
	if [ "$BACKEND" = sqlite ]; then
		test "$(store_sql "PRAGMA journal_mode")" = wal
	fi &&
	start_server && test "$(curl -s -o /dev/null -w "%{http_code}" "$URL/p")" = 200 &&
	for i in $(seq 10 20); do echo "X$i,2018-07-01,P1,L-GL-001,1,contract"; done >rows &&
	{ echo id,date,project,payee,amount,purpose && cat rows; } >payments.csv &&
	BANGFU_BULK_ROWS=0 bf import payments.csv >out && test_grep "11 rows, 11 new" out &&
	test "$(curl -s -o /dev/null -w "%{http_code}" "$URL/p")" = 200 &&
	if [ "$BACKEND" = sqlite ]; then
		test "$(store_sql "PRAGMA journal_mode")" = wal && test -s "$DB-wal"
	fi &&
	stop_server &&
	bf verify >out && test_grep "ledger intact" out
'

# An SQLite store left with a rollback journal by a bulk import that stopped
# midway (the process killed): made here by a writer that exits with changes
# spilled into the file and no commit.
if [ "$BACKEND" = sqlite ]; then
test_expect_success 'a bulk import stopped midway: the next command, even one that only reads, finds the store as it was' '
	new_store && bf init && make_money_bundle cut && bf import cut >/dev/null &&
	bf list divisions --format csv >div-before &&
	printf "%s\n" "import os, sqlite3, sys" \
		"c = sqlite3.connect(sys.argv[1], isolation_level=None)" \
		"c.execute(\"PRAGMA journal_mode = DELETE\")" "c.execute(\"PRAGMA cache_size = 1\")" \
		"c.execute(\"BEGIN\")" "c.execute(\"UPDATE divisions SET name = name || hex(randomblob(20000))\")" \
		"os._exit(0)" >cut.py &&
	python3 cut.py "$DB" && test -s "$DB-journal" &&
	test "$(od -An -tx1 -N1 "$DB-journal")" != " 00" &&
	bf list divisions --format csv >div-after && test_cmp div-before div-after &&
	test ! -e "$DB-journal" && test "$(store_sql "PRAGMA journal_mode")" = wal &&
	bf verify >out && test_grep "ledger intact" out
'
fi

test_expect_success 'verify reads notes with tabs, backslashes and line breaks as written' '
	new_store && bf init && make_money_bundle esc && bf import esc >/dev/null &&
	printf "id,date,kind,from,to,pairing,amount,reverses,note\nF-ESC,2019-03-01,social,350102,621126,,10,,\"tab\there \\\\N back\\\\slash\nnew line 鎮雄\"\n" >funds.csv &&
	bf import funds.csv >/dev/null &&
	bf verify >out && test_grep "ledger intact: 10 entries" out
'

test_expect_success 'amounts with thousands separators, whole groups only' '
	printf "id,date,kind,from,to,amount\nF11,2019-03-01,fiscal,350102,621126,\"1,500,000.50\"\nF12,2019-03-01,fiscal,350102,621126,\"1,50\"\n" >funds.csv &&
	test_must_fail bf import funds.csv 2>err &&
	test_grep "^funds.csv:3:6: amount: .1,50. is not an amount" err &&
	sed -i 3d funds.csv && bf import funds.csv >out &&
	test "$(store_sql "SELECT amount FROM funds WHERE id = '"'"'F11'"'"'")" = 150000050
'

test_done
