#!/bin/bash
# t0900: hardening: request values are only values (never options), every
# report and list keeps to the user's region, and no request stops a worker.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'setup: the demo bundle, an account per role, a server' '
	new_store && bf init && bf import "$SRCDIR/data/demo" >/dev/null 2>&1 &&
	echo "admin-password-1" | bf user add admin --role admin >/dev/null &&
	echo "anding-clerk-pw1" | bf user add clerk --role clerk --region 621102 >/dev/null &&
	echo "fuzhou-office-pw" | bf user add east --role east_office --region 350100 >/dev/null &&
	echo "dingxi-viewer-pw" | bf user add viewer --role viewer --region 621100 >/dev/null &&
	start_server &&
	signin admin admin-password-1 && signin clerk anding-clerk-pw1 &&
	signin east fuzhou-office-pw && signin viewer dingxi-viewer-pw
'

test_expect_success 'a value that looks like an option is a value: no report crosses a region' '
	curl -s -b admin.jar "$URL/api/v1/reports/funds?pairing=GZ-ZJ" >zj.json &&
	test_grep "\"fiscal\"" zj.json &&
	for who in clerk viewer east; do
		for what in funds projects labour indicators; do
			for q in "pairing=--output&from=GZ-ZJ" "pairing=--pairing&to=GZ-ZJ" "pairing=--east=350100" \
				 "pairing=GZ-ZJ" "pairing=--west&year=520524" "pairing=%2D%2Doutput&from=GZ-ZJ"; do
				code=$(curl -s -o r.json -w "%{http_code}" -b $who.jar "$URL/api/v1/reports/$what?$q") &&
				case $code in 400|403|404) ;; *) echo "$who $what $q: $code"; return 1;; esac &&
				! cmp -s r.json zj.json || return 1
			done
		done
	done
'

test_expect_success 'an unknown pairing is a 404, for every role' '
	for who in admin clerk east viewer; do
		test "$(status $who.jar "/api/v1/reports/funds?pairing=NO-SUCH")" = 404 &&
		test "$(status $who.jar "/reports/projects?pairing=NO-SUCH")" = 404 || return 1
	done
'

test_expect_success 'without a pairing, a report is the user'"'"'s region, as the command line gives it' '
	curl -s -b clerk.jar "$URL/api/v1/reports/funds" >api.json &&
	bf report funds --west 621102 --format json >cli.json && test_cmp cli.json api.json &&
	curl -s -b east.jar "$URL/api/v1/reports/projects?from=2018&to=2020" >api.json &&
	bf report projects --east 350100 --from 2018 --to 2020 --format json >cli.json && test_cmp cli.json api.json
'

test_expect_success 'a bad value is a 400 that says which and why' '
	curl -s -b clerk.jar -w "%{http_code}" -o r.json "$URL/api/v1/reports/funds?from=GZ-ZJ" >code &&
	test "$(cat code)" = 400 && test_grep "from: GZ-ZJ" r.json &&
	test "$(status clerk.jar "/api/v1/reports/indicators?as_of=2020-02-30")" = 400 &&
	test "$(status clerk.jar "/api/v1/bulletin?month=--east")" = 400
'

test_expect_success 'a search within a region: the list answers (it used to kill the worker)' '
	for who in clerk viewer east; do
		test "$(status $who.jar "/api/v1/records/pairings?search=x")" = 200 &&
		test "$(status $who.jar "/records/pairings?search=%E5%AE%89&in=621102")" = 200 || return 1
	done &&
	bf list pairings --in 621102 --search x --format csv >out && test_grep "^id," out &&
	bf list pairings --in 621102 --search TJ --format csv >out && test_grep "^TJ-AD," out
'

test_expect_success 'a search value beginning with -- is searched for, and a list keeps to the region' '
	curl -s -b clerk.jar "$URL/api/v1/records/projects?search=--in&in=520524" >r.json &&
	test_grep "^\[\]" r.json &&
	curl -s -b clerk.jar "$URL/api/v1/records/projects?in=520524" >r.json &&
	! grep -q "520524" r.json && test_grep "621102" r.json
'

test_expect_success 'the server still answers' '
	test "$(status admin.jar /api/v1/me)" = 200
'

stop_server
test_done
