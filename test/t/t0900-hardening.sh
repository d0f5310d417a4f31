#!/bin/bash
# t0900: hardening: request values are only values (never options), every
# report and list keeps to the user's region, and no request stops a worker.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'setup: the demo bundle, an account per role, a server' '
	demo_store_with_roles && start_server && signin_all
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
	: "a division outside the region narrows the region: nothing, never the other county" &&
	curl -s -b clerk.jar "$URL/api/v1/records/projects?in=520524" >r.json && test_grep "^\[\]" r.json &&
	curl -s -b clerk.jar "$URL/api/v1/records/projects" >r.json &&
	! grep -q "520524" r.json && test_grep "621102" r.json
'

test_expect_success 'a value that is not UTF-8 is a 400 anywhere, and no worker dies' '
	pids=$(pgrep -P "$SERVER_PID" | sort) &&
	for path in "/api/v1/bulletin?month=%FF" "/api/v1/reports/funds?from=%FF" "/api/v1/reports/indicators?as_of=%C3" \
		    "/api/v1/records/projects?sort=%FF" "/api/v1/records/projects?search=%FF%FE" "/records/funds?search=%ED%A0%80" \
		    "/api/v1/trace/fund/%FF" "/bulletin?month=%FF" "/p/county/%FF" "/p?lang=%FF"; do
		for who in admin clerk; do
			code=$(status $who.jar "$path") &&
			case $code in 400|403|404) ;; *) echo "$who $path: $code"; return 1;; esac || return 1
		done
	done &&
	p=$(store_sql "SELECT id FROM projects WHERE county = '"'"'621102000000'"'"' LIMIT 1") &&
	code=$(curl -s -o r.json -w "%{http_code}" -b clerk.jar -H "X-CSRF-Token: $(cat clerk.csrf)" -X POST \
		"$URL/api/v1/projects/$p/step?status=started&date=%FF") &&
	test "$code" = 400 &&
	port=${URL##*:} &&
	python3 - "$port" >raw <<-EOP &&
	import socket, sys
	s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
	s.sendall(b"GET /api/v1/trace/fund/\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	print(s.recv(100).split(b"\r\n")[0].decode())
	EOP
	test_grep "^HTTP/1.1 400" raw &&
	test "$(pgrep -P "$SERVER_PID" | sort)" = "$pids" &&
	test "$(status admin.jar /api/v1/me)" = 200
'

test_expect_success '?lang= takes only the languages there are: nothing else reaches Set-Cookie' '
	curl -s -D h -o /dev/null "$URL/p?lang=en;%20Domain=evil" &&
	! grep -qi "Domain=evil" h && ! grep -q "bf_lang=en;" h &&
	curl -s -D h -o /dev/null "$URL/p?lang=zh-TW" && test_grep "Set-Cookie: bf_lang=zh-TW;" h
'

test_expect_success 'a flood of complaints elsewhere hides none of the clerk'"'"'s; the list pages' '
	store_sql "INSERT INTO complaints(seq, tracking, at, about, subject, county, text, status, updated)
		   VALUES(1, '"'"'JB-ANDING-1'"'"', '"'"'2020-01-01T00:00:00Z'"'"', '"'"'other'"'"', '"'"'x'"'"', '"'"'621102000000'"'"', '"'"'t'"'"', '"'"'received'"'"', '"'"'2020-01-01T00:00:00Z'"'"')" &&
	store_sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 520)
		   INSERT INTO complaints(seq, tracking, at, about, subject, county, text, status, updated)
		   SELECT 1 + i, '"'"'JB-FLOOD-'"'"' || i, '"'"'2020-02-01T00:00:00Z'"'"', '"'"'other'"'"', '"'"'x'"'"', '"'"'520524000000'"'"', '"'"'t'"'"', '"'"'received'"'"', '"'"'2020-02-01T00:00:00Z'"'"' FROM n" &&
	curl -s -b clerk.jar "$URL/complaints" >c.html && test_grep "JB-ANDING-1" c.html && ! grep -q "JB-FLOOD" c.html &&
	curl -s -b admin.jar "$URL/complaints" >a.html && test "$(grep -c "JB-FLOOD-" a.html)" = 100 &&
	test_grep "?page=1" a.html &&
	curl -s -b admin.jar "$URL/complaints?page=5" >a5.html && test_grep "JB-ANDING-1" a5.html &&
	test "$(grep -c "JB-FLOOD-" a5.html)" = 20
'

test_expect_success 'user passwd and user disable end the account'"'"'s sessions' '
	signin viewer dingxi-viewer-pw && test "$(status viewer.jar /api/v1/me)" = 200 &&
	echo "dingxi-viewer-pw2" | bf user passwd viewer >/dev/null &&
	test "$(status viewer.jar /api/v1/me)" = 401 &&
	signin viewer dingxi-viewer-pw2 && test "$(status viewer.jar /api/v1/me)" = 200 &&
	bf user disable viewer >/dev/null && test "$(status viewer.jar /api/v1/me)" = 401
'

stop_server

test_expect_success 'sign-in answers alike for unknown and locked names; a lockout holds for one address only' '
	start_server --proxy 127.0.0.1 &&
	try() { # try NAME PASSWORD ADDRESS: the sign-in page'"'"'s answer, without its tokens
		curl -s -c t.jar -b t.jar -H "X-Forwarded-For: $3" "$URL/login" >login.html &&
		csrf=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" login.html | tail -1) &&
		curl -s -c t.jar -b t.jar -H "X-Forwarded-For: $3" -w "%{http_code}\n" --data-urlencode "csrf=$csrf" \
			--data-urlencode "name=$1" --data-urlencode "password=$2" "$URL/login" | sed "s/value=\"[^\"]*\"//g"
	} &&
	for i in 1 2 3 4 5 6; do try admin wrong-password-$i 192.0.2.1 >known.$i; try nobody-here wrong-password-$i 192.0.2.1 >unknown.$i; done &&
	for i in 1 2 3 4 5 6; do test_cmp known.$i unknown.$i || return 1; done &&
	test_grep "^401$" known.6 && ! cmp -s known.1 known.6 &&
	try admin admin-password-1 192.0.2.1 >locked && test_grep "^401$" locked &&
	try admin admin-password-1 192.0.2.2 >other && test_grep "^303$" other &&
	bf user list --format csv >users && test_grep "^admin,admin,,no,20" users &&
	stop_server
'

test_expect_success 'a worker that dies is started again within a second, and its death is logged' '
	start_server --workers 1 &&
	w=$(pgrep -P "$SERVER_PID") && test -n "$w" &&
	kill -9 $w && sleep 1 &&
	w2=$(pgrep -P "$SERVER_PID") && test -n "$w2" && test "$w2" != "$w" &&
	test "$(curl -s -o /dev/null -w "%{http_code}" "$URL/p")" = 200 &&
	test_grep "worker $w died of signal 9" server.err &&
	stop_server
'

test_expect_success 'workers end when their parent dies' '
	start_server --workers 2 &&
	kids=$(pgrep -P "$SERVER_PID" | tr "\n" " ") && test -n "$kids" &&
	kill -9 "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null; sleep 1;
	for k in $kids; do # gone, or a zombie where nothing reaps orphans
		st=$(ps -o stat= -p $k) ; case "$st" in ""|Z*) ;; *) echo "worker $k still runs: $st"; return 1;; esac
	done
'

test_expect_success 'a request trickled a byte at a time is cut off at its deadline' '
	start_server --request-seconds 2 &&
	port=${URL##*:} &&
	python3 - "$port" >trickle <<-EOP &&
	import socket, sys, time
	s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
	t0 = time.time(); closed = False
	for ch in b"GET /login HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa":
	    try:
	        s.sendall(bytes([ch]))
	        s.settimeout(1)
	        if s.recv(100) == b"":
	            closed = True; break
	    except socket.timeout:
	        continue
	    except OSError:
	        closed = True; break
	print("closed" if closed else "open", int(time.time() - t0))
	EOP
	test_grep "^closed" trickle && test "$(cut -d" " -f2 trickle)" -le 6 &&
	test "$(curl -s -o /dev/null -w "%{http_code}" "$URL/login")" = 200 &&
	stop_server
'

test_expect_success 'out of descriptors, the server backs off and says so once, then serves again' '
	(ulimit -n 40 && exec "$BANGFU" --db "$DB" serve --listen 127.0.0.1:0 >fd.out 2>fd.err) &
	pid=$! &&
	for i in $(seq 100); do grep -q "http://" fd.out 2>/dev/null && break; sleep 0.05; done &&
	port=$(sed -n "s|.*:\([0-9]*\)/\$|\1|p" fd.out) &&
	python3 - "$port" <<-EOP &&
	import socket, sys, time
	conns = []
	for i in range(80):
	    try:
	        conns.append(socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1))
	    except OSError:
	        pass
	time.sleep(2.5)
	for c in conns:
	    c.close()
	EOP
	sleep 1.5 &&
	code=$(curl -s -m 5 -o /dev/null -w "%{http_code}" "http://127.0.0.1:$port/login") &&
	stop_served $pid &&
	test "$code" = 200 &&
	test "$(grep -c "cannot accept a connection" fd.err)" -le 2 && test "$(wc -c <fd.err)" -lt 2000
'

test_done
