#!/bin/bash
# serve.sh [SECONDS]: load on the staff server at the province-year data set
# of bench/ledger.sh (10 million payments; run that first, or this builds a
# smaller one), with wrk on loopback, 2 threads and 64 connections:
#   - a records API call (GET /api/v1/records/payments, a page of 50, which
#     the server keeps, made once, until an import changes the store)
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
tool/deps.sh --bench >/dev/null
. bench/lib.sh
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
cleanup() { pkill -P $spid 2>/dev/null; kill $spid 2>/dev/null; [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null; true; }
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
nginx_start $nport
printf '\nloopback, wrk -t2 -c64 -d%ss; answers: API %s bytes, dashboard %s bytes\n\n' "$SECS" \
	"$(wc -c <"$W/www/api.json")" "$(wc -c <"$W/www/dashboard.html")"
load "bangfu: GET $API" "$URL$API" -H "Cookie: $cookie"
load "nginx: static file of the same size" "http://127.0.0.1:$nport/api.json"
load "bangfu: GET $DASH" "$URL$DASH" -H "Cookie: $cookie"
load "nginx: static file of the same size " "http://127.0.0.1:$nport/dashboard.html"
printf '\nAPI: %.2f of nginx; dashboard: %.2f of nginx (aim: the JSON read path >= 1/3, p99 < 50 ms)\n' \
	"$(echo "${RPS["bangfu: GET $API"]} / ${RPS["nginx: static file of the same size"]}" | bc -l)" \
	"$(echo "${RPS["bangfu: GET $DASH"]} / ${RPS["nginx: static file of the same size "]}" | bc -l)"
