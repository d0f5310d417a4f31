#!/bin/bash
# serve.sh [SECONDS]: load on the staff server at the province-year data set
# of bench/ledger.sh (10 million payments; run that first, or this builds a
# smaller one), with wrk on loopback, 2 threads and 64 connections:
#   - a records API call (GET /api/v1/records/payments, a page of 50)
#   - the dashboard of the province
# beside nginx serving a static file of the same size as each answer, in
# the same run.  Aim: the JSON read path at no less than a third of nginx's
# requests per second, p99 under 50 ms.
set -eu
cd "$(dirname "$0")/.."
SECS=${1:-10}
BIN=$(pwd)/${BANGFU:-build/bangfu}
L=$(pwd)/bench/out/ledger
W=$(pwd)/bench/out/serve
mkdir -p "$W/www"
tool/deps.sh >/dev/null
for p in wrk nginx; do command -v $p >/dev/null || { echo "serve.sh: needs $p (apt-get install $p)"; exit 1; }; done
if [ ! -f "$L/bench.db" ]; then
	echo "no province-year store in $L: building one of 1,000,000 payments (bench/ledger.sh builds the full one)"
	bench/ledger.sh 1000000 10000 300000 sqlite >/dev/null
fi
DB=$L/bench.db
BF=("$BIN" --db "$DB" --key "$L/bangfu.key")
"${BF[@]}" user list --format csv | grep -q "^loadtest," ||
	echo "load-test-password" | "${BF[@]}" user add loadtest --role viewer >/dev/null
port=$((20000 + RANDOM % 20000))
"${BF[@]}" serve --listen 127.0.0.1:$port --workers 2 >"$W/serve.out" 2>&1 &
spid=$!
nginx_pid=
cleanup() { kill $spid 2>/dev/null; [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null; true; }
trap cleanup EXIT
for i in $(seq 100); do grep -q http:// "$W/serve.out" && break; sleep 0.1; done
URL=http://127.0.0.1:$port
curl -s -c "$W/jar" "$URL/login" >"$W/login.html"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$W/login.html" | tail -1)
curl -s -c "$W/jar" -b "$W/jar" -o /dev/null --data-urlencode "csrf=$csrf" -d name=loadtest \
	-d password=load-test-password "$URL/login"
cookie=$(awk '$6 == "bf_session" { print "bf_session=" $7 }' "$W/jar")
API=/api/v1/records/payments
DASH="/dashboard?year=2020"
curl -s -H "Cookie: $cookie" "$URL$API" >"$W/www/api.json"
curl -s -H "Cookie: $cookie" "$URL$DASH" >"$W/www/dashboard.html"
nport=$((port + 1))
cat >"$W/nginx.conf" <<EOC
worker_processes 2;
pid $W/nginx.pid;
error_log $W/nginx.err;
events { worker_connections 1024; }
http {
	access_log off;
	default_type application/octet-stream;
	server { listen 127.0.0.1:$nport; root $W/www; }
}
EOC
nginx -c "$W/nginx.conf" -p "$W" -g "daemon off;" &
nginx_pid=$!
sleep 0.5
n=0
run() { # name url [header]
	local name=$1 url=$2 out
	shift 2
	n=$((n + 1))
	out=$W/run$n.wrk
	wrk -t2 -c64 -d"${SECS}s" --latency "$@" "$url" >"$out"
	rps=$(awk '/Requests\/sec/ { print $2 }' "$out")
	p50=$(awk '$1 == "50%" { print $2 }' "$out")
	p99=$(awk '$1 == "99%" { print $2 }' "$out")
	printf '%-44s %10s req/s   p50 %8s   p99 %8s\n' "$name" "$rps" "$p50" "$p99"
}
printf '\nloopback, wrk -t2 -c64 -d%ss; answers: API %s bytes, dashboard %s bytes\n\n' "$SECS" \
	"$(wc -c <"$W/www/api.json")" "$(wc -c <"$W/www/dashboard.html")"
run "bangfu: GET $API" "$URL$API" -H "Cookie: $cookie"
run "nginx: static file of the same size" "http://127.0.0.1:$nport/api.json"
run "bangfu: GET $DASH" "$URL$DASH" -H "Cookie: $cookie"
run "nginx: static file of the same size" "http://127.0.0.1:$nport/dashboard.html"
printf '\naim: the JSON read path at >= 1/3 of nginx'"'"'s requests per second, p99 < 50 ms\n'
