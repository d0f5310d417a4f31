#!/bin/bash
# t0930: kill -9 at random moments of a bulk import and of a web upload:
# nothing half-written (verify passes, a file landed whole or not at all),
# nothing left behind in /tmp, and the same files import afterwards.
. "$(dirname "$0")/../lib.sh"

KILLS=${KILLS:-6}
# A bulk import large enough for SQLite's bulk path (a rollback journal,
# from 200,000 rows); on PostgreSQL, or under the sanitisers, a smaller one
# is killed as well in its middle and keeps the suite's time in bounds.
BIG=260000 UP=60000
case "$BACKEND:$BANGFU" in sqlite:*/asan/*|pg:*) BIG=40000 UP=20000 KILLS=${KILLS_SLOW:-4};; esac

# funds FILE N: N fiscal funds of GL-MX, one yuan each.
funds() {
	awk -v n="$2" 'BEGIN { print "id,date,kind,from,to,pairing,amount,reverses,note"
		for (i = 1; i <= n; i++) printf "F-K-%07d,2019-03-%02d,fiscal,350102,621126,GL-MX,1.00,,\n", i, i % 28 + 1 }' >"$1"
}

leftovers() {
	ls -a "${TMPDIR:-/tmp}" | grep -c "^bangfu-tmp\.\|^bangfu-upload\|^bangfu-xlsx" || true
}

test_expect_success 'setup: the registry, and a bulk file of funds' '
	make_money_bundle b && rm b/funds.csv b/allocations.csv b/payments.csv b/projects.csv b/beneficiaries.csv &&
	new_store && bf init >/dev/null && bf import b >/dev/null &&
	mkdir big && funds big/funds.csv $BIG && tmp0=$(leftovers)
'

test_expect_success "kill -9 during a bulk import, $KILLS times: all of it or none of it, and verify passes" '
	for i in $(seq "$KILLS"); do
		"$BANGFU" --db "$DB" import big >/dev/null 2>&1 &
		pid=$!
		sleep "0.$((RANDOM % 9 + 1))"
		kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
		n=$(bf list funds --format csv | grep -c "^F-K-"; true) &&
		case $n in 0|$BIG) ;; *) echo "after kill $i: $n funds"; return 1;; esac &&
		bf verify >/dev/null || return 1
		if [ "$n" = "$BIG" ]; then break; fi
	done &&
	echo "killed $i imports" &&
	bf import big >/dev/null && bf verify >out && test_grep "ledger intact: $BIG entries" out &&
	test "$(leftovers)" = "$tmp0"
'

test_expect_success "kill -9 the worker during a web upload, $KILLS times: nothing half-written, nothing in /tmp" '
	new_store && bf init >/dev/null && bf import b >/dev/null &&
	echo "minxian-clerk-pw" | bf user add mclerk --role clerk --region 621126 >/dev/null &&
	funds up.csv $UP && mv up.csv funds.csv &&
	start_server --workers 1 && signin mclerk minxian-clerk-pw &&
	for i in $(seq "$KILLS"); do
		curl -s -m 20 -b mclerk.jar -F "csrf=$(cat mclerk.csrf)" -F "file=@funds.csv" -o /dev/null "$URL/import" &
		cpid=$!
		sleep "0.$((RANDOM % 9 + 1))"
		w=$(pgrep -P "$SERVER_PID")
		kill -9 $w 2>/dev/null; wait $cpid 2>/dev/null
		for t in $(seq 40); do curl -s -o /dev/null "$URL/login" && break; sleep 0.05; done
		n=$(bf list funds --format csv | grep -c "^F-K-"; true) &&
		case $n in 0|$UP) ;; *) echo "after kill $i: $n funds"; return 1;; esac &&
		bf verify >/dev/null || return 1
		signin mclerk minxian-clerk-pw || return 1
	done &&
	echo "killed $KILLS workers" &&
	test "$(leftovers)" = "$tmp0" &&
	code=$(curl -s -b mclerk.jar -F "csrf=$(cat mclerk.csrf)" -F "file=@funds.csv" -o r.html -w "%{http_code}" "$URL/import") &&
	test "$code" = 200 && test "$(bf list funds --format csv | grep -c "^F-K-")" = "$UP" &&
	bf verify >/dev/null &&
	stop_server
'

test_expect_success 'stores and clear exports are for their owner alone' '
	test "$(stat -c %a "$TRASH/store1.db" 2>/dev/null || echo 600)" = 600 &&
	bf export --clear-ids clear >/dev/null && test "$(stat -c %a clear)" = 700 &&
	test "$(stat -c %a clear/persons.csv)" = 600 &&
	test "$(stat -c %a bangfu.key)" = 600
'

test_done
