#!/bin/bash
# t0400: bangfu serve answers on loopback, with its security headers, and
# stops cleanly.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'serve prints its address; the sign-in page has its headers' '
	make_bundle b && new_store && bf init && bf import b >/dev/null && start_server &&
	curl -s -D headers "$URL/login" >page &&
	curl -s -o /dev/null -w "%{http_code}\n" "$URL/nope" >code &&
	curl -s -o /dev/null -w "%{http_code} %{redirect_url}\n" "$URL/" >home &&
	stop_server &&
	test_grep "HTTP/1.1 200" headers &&
	test_grep "Content-Security-Policy: default-src .self.; script-src .self.; style-src .self.;" headers &&
	test_grep "frame-ancestors .none." headers &&
	test_grep "X-Frame-Options: DENY" headers &&
	test_grep "X-Content-Type-Options: nosniff" headers &&
	test_grep "Set-Cookie: bf_pre=.*; HttpOnly; SameSite=Strict" headers &&
	test_grep "<html lang=\"zh-CN\">" page &&
	! grep -q "<script\|style=" page &&
	echo 404 >expect && test_cmp expect code &&
	test_grep "^200 $" home
'

test_expect_success 'a port in use is a clear error' '
	start_server && port=${URL##*:} &&
	test_must_fail bf serve --listen 127.0.0.1:$port 2>err;
	rc=$?; stop_server;
	test $rc = 0 && test_grep "cannot listen on 127.0.0.1:$port" err
'

test_expect_success 'malformed and oversized requests get 400 or 413, and the server goes on' '
	start_server --max-body 1 &&
	host=${URL#http://} && port=${host##*:} &&
	printf "GARBAGE\r\n\r\n" | timeout 5 bash -c "cat >/dev/tcp/127.0.0.1/$port" 2>/dev/null;
	curl -s -o /dev/null -w "%{http_code}" -H "X-Big: $(head -c 20000 /dev/zero | tr "\0" a)" "$URL/login" >big &&
	curl -s -o /dev/null -w "%{http_code}" --data-binary @<(head -c 1100000 /dev/zero | tr "\0" a) "$URL/login" >body &&
	curl -s -o /dev/null -w "%{http_code}" -X DELETE "$URL/login" >method &&
	curl -s -o /dev/null -w "%{http_code}" "$URL/login" >after &&
	stop_server &&
	test "$(cat big)" = 400 && test "$(cat body)" = 413 && test "$(cat method)" = 501 &&
	test "$(cat after)" = 200
'

test_expect_success 'at --max-connections, a new connection waits until one closes' '
	start_server --max-connections 2 &&
	port=${URL##*:} &&
	python3 - "$port" >out <<-EOP &&
	import socket, sys, time
	port = int(sys.argv[1])
	req = b"GET /login HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n"
	def ask(s, t):
	    s.settimeout(t)
	    try:
	        return s.recv(64).startswith(b"HTTP/1.1 200")
	    except socket.timeout:
	        return False
	a = socket.create_connection(("127.0.0.1", port)); a.sendall(req); print("a", ask(a, 3))
	b = socket.create_connection(("127.0.0.1", port)); b.sendall(req); print("b", ask(b, 3))
	c = socket.create_connection(("127.0.0.1", port)); c.sendall(req); print("c waits", not ask(c, 1))
	a.close(); time.sleep(0.3)
	print("c after a closed", ask(c, 3))
	EOP
	stop_server &&
	test_grep "^a True$" out && test_grep "^b True$" out &&
	test_grep "^c waits True$" out && test_grep "^c after a closed True$" out
'

test_expect_success 'a store that grows under a server is read whole, its pages present in the worker before they are asked for' '
	start_server --workers 1 &&
	curl -s "$URL/p/county/621126" >before.html && ! grep -q ">2021<" before.html &&
	worker=$(pgrep -P "$SERVER_PID" | head -1) && store=$(realpath -m "$DB") &&
	present() { # bytes of the store present in the worker'"'"'s map
		local a b c d e path n=0 on=0
		while read -r a b c d e path; do
			case "$a" in
			*-*) [ "$path" = "$store" ] && on=1 || on=0 ;;
			Rss:) [ $on = 1 ] && n=$((n + b * 1024)) ;;
			esac
		done <"/proc/$worker/smaps"
		echo $n
	} &&
	{ echo "id,date,kind,from,to,pairing,amount"
	  for i in $(seq 20000); do echo "GROW-$i,2021-03-01,fiscal,350102,621126,GL-MX,10000"; done; } >grow.csv &&
	bf import grow.csv >/dev/null &&
	if [ "$BACKEND" = sqlite ]; then
		m0=$(present) && s0=$(stat -c %s "$DB") &&
		: "the logged pages written into the store, as a larger import does by itself" &&
		sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null && s1=$(stat -c %s "$DB") &&
		echo "present $m0 of $s0 bytes; the store now $s1" && test "$m0" = "$s0" && test "$s1" -gt "$s0"
	fi &&
	curl -s "$URL/p/county/621126" >after.html &&
	curl -s "$URL/p/county/621126?lang=en" >after-en.html &&
	if [ "$BACKEND" = sqlite ]; then m1=$(present) && echo "present $m1" && test "$m1" = "$s1"; fi &&
	stop_server &&
	: "20,000 funds of 10,000 yuan each, summed from the pages written after the map was made" &&
	test_grep "<td>2021</td><td>财政援助</td><td>鼓楼区</td><td class=\"n\">20000.00</td>" after.html &&
	test_grep "<td>2021</td><td>Fiscal aid</td><td>鼓楼区</td><td class=\"n\">20000.00</td>" after-en.html
'

test_done
