#!/bin/bash
# t0950: hostile values to every route as every role and as nobody (a fixed
# seed, a fixed count a route): no 5xx, no dead worker, no answer outside
# the role's region.
. "$(dirname "$0")/../lib.sh"

SEED=${FUZZ_SEED:-20261130}
COUNT=${FUZZ_COUNT:-10}

test_expect_success 'setup: the demo bundle, an account per role, two workers' '
	demo_store_with_roles && start_server --workers 2 --lookup-limit 1000 &&
	mkdir roles && cd roles && signin_all && cd .. &&
	pgrep -P "$SERVER_PID" | sort >workers.before
'

test_expect_success "hostile requests, seed $SEED, $COUNT a route and role: no 5xx, no answer outside a region" '
	python3 "$SRCDIR/test/tool/reqfuzz.py" "$URL" roles "$SEED" "$COUNT" \
		--outside=clerk=织金,520524 --outside=east=织金,520524 --outside=viewer=织金,520524 >fuzz.out;
	rc=$?; tail -20 fuzz.out; test $rc = 0 && test_grep "^reqfuzz: [0-9]* requests, 0 failures" fuzz.out
'

test_expect_success 'no worker died' '
	pgrep -P "$SERVER_PID" | sort >workers.after && test_cmp workers.before workers.after &&
	! grep -q "died\|exited with" server.err &&
	test "$(curl -s -o /dev/null -w "%{http_code}" "$URL/login")" = 200
'

stop_server
test_done
