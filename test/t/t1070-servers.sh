#!/bin/bash
# t1070: two servers of one store behind nginx, configured as the
# repository ships it (etc/nginx/bangfu.conf): a session started through
# one works through the other, CSRF tokens and sign-in lockouts hold for
# both, the portal's look-up limit is one for the whole installation, a
# page kept by one is dropped after an import through the other, and a
# server stopped under load is passed over with every answer right (and,
# stopped under load without a proxy, cuts no answer short).
. "$(dirname "$0")/../lib.sh"

# the first loopback port from $1 nobody listens on; nginx's is drawn below
# the kernel's range for outgoing connections (32768 up), lest a client's
# connection hold it between the probe and nginx's bind()
free_port() {
	local p
	for p in $(seq "$1" $(($1 + 200))); do
		(: </dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return 0; }
	done
	return 1
}

test_expect_success 'setup: the demo, two servers, nginx before them as etc/nginx/bangfu.conf says' '
	demo_store_with_roles &&
	serve_bg a 127.0.0.1:0 --workers 2 --lookup-limit 6 --proxy 127.0.0.1 && A=$SERVED_URL && A_PID=$SERVED_PID &&
	serve_bg b 127.0.0.1:0 --workers 2 --lookup-limit 6 --proxy 127.0.0.1 && B=$SERVED_URL && B_PID=$SERVED_PID &&
	PORT=$(free_port $((20000 + RANDOM % 12000))) && mkdir -p ngx/logs &&
	sed -e "s|server 127.0.0.1:8081|server ${A#http://}|; s|server 127.0.0.1:8082|server ${B#http://}|" \
		-e "s|listen 80;|listen 127.0.0.1:$PORT;|" "$SRCDIR/etc/nginx/bangfu.conf" >ngx/site.conf &&
	test_grep "server ${A#http://} max_fails" ngx/site.conf && test_grep "server ${B#http://} max_fails" ngx/site.conf &&
	cat >ngx/nginx.conf <<-EOC &&
	daemon off;
	worker_processes 1;
	pid $TRASH/ngx/nginx.pid;
	error_log $TRASH/ngx/error.log;
	events { worker_connections 256; }
	http {
		access_log $TRASH/ngx/access.log;
		client_body_temp_path $TRASH/ngx/body;
		proxy_temp_path $TRASH/ngx/proxy;
		include $TRASH/ngx/site.conf;
	}
	EOC
	{ nginx -c "$TRASH/ngx/nginx.conf" -p "$TRASH/ngx" & } && NGX_PID=$! &&
	N=http://127.0.0.1:$PORT &&
	for i in $(seq 50); do curl -s -o /dev/null "$N/p" && break; sleep 0.1; done &&
	test "$(curl -s -o /dev/null -w "%{http_code}" "$N/p")" = 200 &&
	echo "A=$A B=$B N=$N" >urls
'

test_expect_success 'a session started through one server works through the other, its CSRF token too' '
	URL=$A && signin clerk anding-clerk-pw1 && test "$(cat signin.code)" = 303 &&
	curl -s -b clerk.jar "$B/dashboard?year=2020" >d.html && test_grep "安定区" d.html &&
	curl -s -b clerk.jar "$N/records/projects" >r.html && test_grep "安定区" r.html &&
	: "signing out through B with the token A gave ends the session everywhere" &&
	curl -s -b clerk.jar -o /dev/null -w "%{http_code}" --data-urlencode "csrf=$(cat clerk.csrf)" "$B/logout" >code &&
	test "$(cat code)" = 303 &&
	test "$(curl -s -b clerk.jar -o /dev/null -w "%{http_code}" "$A/dashboard")" = 303 &&
	URL=$B && signin clerk anding-clerk-pw1 &&
	curl -s -b clerk.jar -o /dev/null -w "%{http_code}" --data-urlencode "csrf=wrong-token" "$A/logout" >code &&
	test "$(cat code)" = 403
'

test_expect_success 'five wrong passwords, some through each server, lock the account on both' '
	for i in 1 2 3 4 5; do
		if [ $((i % 2)) = 0 ]; then URL=$A; else URL=$B; fi
		signin viewer "wrong-password-$i"; test "$(cat signin.code)" = 401 || { echo "try $i: $(cat signin.code)"; return 1; }
	done &&
	URL=$A && { signin viewer dingxi-viewer-pw; test "$(cat signin.code)" = 401; } &&
	URL=$B && { signin viewer dingxi-viewer-pw; test "$(cat signin.code)" = 401; } &&
	URL=$N && { signin viewer dingxi-viewer-pw; test "$(cat signin.code)" = 401; } &&
	test "$(store_sql "SELECT failures FROM signin_failures WHERE name = '"'"'viewer'"'"'")" -ge 5
'

test_expect_success 'the look-up limit is one for the whole installation, not one a server' '
	curl -s -c pub.jar -b pub.jar "$A/p/lookup" >/dev/null && tok=$(awk "\$6 == \"bf_pre\" { print \$7 }" pub.jar) &&
	who=$(idnum 62010219800101001) &&
	look() { curl -s -b pub.jar --data-urlencode "csrf=$tok" -d name=某某某 -d "id_number=$who" \
		-o /dev/null -w "%{http_code}\n" "$@"; } &&
	: >codes && for i in 1 2 3 4; do
		look -H "X-Forwarded-For: 198.51.100.70" "$A/p/lookup" >>codes && look -H "X-Forwarded-For: 198.51.100.70" "$B/p/lookup" >>codes
	done &&
	printf "200\n200\n200\n200\n200\n200\n429\n429\n" >want && test_cmp want codes &&
	: "through nginx, as the address nginx forwards" &&
	: >codes && for i in 1 2 3 4 5 6 7; do look "$N/p/lookup" >>codes; done &&
	test "$(grep -c 200 codes)" = 6 && test "$(sed -n 7p codes)" = 429
'

test_expect_success 'a large limit too is one for the whole installation: at most the limit, at least it less the shares unspent' '
	: "on PostgreSQL a worker takes a sixty-fourth of a large limit at a time: 4 of 256 here" &&
	serve_bg c 127.0.0.1:0 --workers 2 --lookup-limit 256 --proxy 127.0.0.1 && C=$SERVED_URL && C_PID=$SERVED_PID &&
	serve_bg d 127.0.0.1:0 --workers 2 --lookup-limit 256 --proxy 127.0.0.1 && D=$SERVED_URL && D_PID=$SERVED_PID &&
	: >codes && for i in $(seq 140); do
		look -H "X-Forwarded-For: 198.51.100.71" "$C/p/lookup" >>codes && look -H "X-Forwarded-For: 198.51.100.71" "$D/p/lookup" >>codes
	done &&
	stop_served "$C_PID" && stop_served "$D_PID" &&
	ok=$(grep -c "^200$" codes) && no=$(grep -c "^429$" codes) &&
	echo "allowed $ok, refused $no" &&
	test $((ok + no)) = 280 && test "$ok" -le 256 &&
	if [ "$BACKEND" = pg ]; then
		: "four workers, each holding at most 3 unspent" && test "$ok" -ge 244 &&
		: "the count in the store stopped at the limit" &&
		test "$(store_sql "SELECT max(n) FROM limits")" = 256
	else
		test "$ok" = 256
	fi
'

test_expect_success 'a page kept by one server is made again after an import through the other' '
	curl -s "$B/p/county/621102" >before.html && curl -s "$B/p/county/621102" >before2.html &&
	cmp before.html before2.html && ! grep -q "2021" before.html &&
	URL=$A && signin admin admin-password-1 &&
	printf "id,date,kind,from,to,pairing,amount\nMS-F1,2021-03-01,fiscal,350103,621102,TJ-AD,1000000\n" >funds.csv &&
	curl -s -b admin.jar -F "csrf=$(cat admin.csrf)" -F "files=@funds.csv" -o imp.html -w "%{http_code}" "$A/import" >code &&
	test "$(cat code)" = 200 && bf list funds --search MS-F1 --format csv | grep -q "^MS-F1," &&
	curl -s "$B/p/county/621102" >after.html && test_grep "2021" after.html
'

test_expect_success 'a server stopped under load is passed over: every answer right, none lost' '
	: "four clients, each asking until twenty answers after the server stopped (2,000 at most)" &&
	rm -f stopped && pids= && for w in 1 2 3 4; do
		( i=0 after=0 && while [ $after -lt 20 ] && [ $i -lt 2000 ]; do
			[ -f stopped ] && after=$((after + 1)); i=$((i + 1))
			curl -s -o "page.$w.$i" -w "%{http_code}\n" "$N/p/county/621102?lang=zh-TW" || echo failed
		  done >"answers.$w" ) & pids="$pids $!"
	done &&
	sleep 0.5 && stop_served "$A_PID" && touch stopped && wait $pids &&
	test "$(cat answers.* | sort -u)" = 200 && test "$(cat answers.* | wc -l)" -ge 80 &&
	for w in 1 2 3 4; do test "$(wc -l <"answers.$w")" -lt 2000 || return 1; done &&
	for f in page.*; do grep -q "安定區" "$f" || { echo "$f"; return 1; }; done &&
	: "nginx saw the stopped server fail, and sent what it had not answered to the other" &&
	test_grep "\[error\].* upstream" ngx/error.log
'

test_expect_success 'a server stopped while answering as fast as it can cuts no answer short' '
	: "16 clients, the server stopped under them eight times: every answer begun is whole" &&
	python3 "$SRCDIR/test/tool/stopload.py" "$BANGFU" "$DB" "/p/county/621102?lang=zh-TW" 8 >out &&
	test_grep "answers whole, 0 cut$" out
'

test_expect_success 'stop nginx and the other server' '
	kill "$NGX_PID"; wait "$NGX_PID" 2>/dev/null; stop_served "$B_PID"; true
'

test_done
