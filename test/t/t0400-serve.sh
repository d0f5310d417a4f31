#!/bin/bash
# t0400: bangfu serve answers on loopback and stops cleanly.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'serve prints its address and answers' '
	make_bundle b && new_store && bf init && bf import b >/dev/null || return 1
	"$BANGFU" --db "$DB" serve --listen 127.0.0.1:0 >out 2>err &
	pid=$! &&
	for i in $(seq 50); do grep -q "http://" out && break; sleep 0.1; done &&
	url=$(grep -o "http://[0-9.:]*/" out) &&
	curl -s -D headers "$url" >page &&
	curl -s -o /dev/null -w "%{http_code}\n" "${url}nope" >code &&
	kill $pid && wait $pid
	test_grep "HTTP/1.1 200" headers &&
	test_grep "Content-Security-Policy" headers &&
	test_grep "<html lang=\"zh-CN\">" page &&
	test_grep "<th>人员</th><td>3</td>" page &&
	echo 404 >expect && test_cmp expect code
'

test_expect_success 'a port in use is a clear error' '
	"$BANGFU" --db "$DB" serve --listen 127.0.0.1:0 >out &
	pid=$! &&
	for i in $(seq 50); do grep -q "http://" out && break; sleep 0.1; done &&
	port=$(sed -n "s|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p" out) &&
	test_must_fail bf serve --listen 127.0.0.1:$port 2>err;
	rc=$?; kill $pid; wait $pid;
	test $rc = 0 && test_grep "cannot listen on 127.0.0.1:$port" err
'

test_done
