#!/bin/bash
# portal.sh [SECONDS] [LONG_SECONDS]: load on the public portal at the
# province-year data set of bench/ledger.sh (3 million persons, 10 million
# payments; run that first, or this builds a smaller one), with wrk on
# loopback, 2 threads and 64 connections:
#   - a village notice board (GET /p/village/CODE)
#   - a personal look-up (POST /p/lookup with a full name and identity number):
#     the same person again and again (the store's pages in the workers'
#     caches), and 20,000 persons drawn at random from the 3 million, each
#     request another (the pages of the person and payments read anew)
# each beside nginx serving a static file of the same size, in the same run;
# then look-ups for LONG_SECONDS (default 300) while the server's memory is
# read every 30 s.  Aim: at least half of nginx's requests per second, p99
# under 20 ms, and memory that does not grow.
set -eu
cd "$(dirname "$0")/.."
SECS=${1:-10}
LONG=${2:-300}
BIN=$(pwd)/${BANGFU:-build/bangfu}
L=$(pwd)/bench/out/ledger
W=$(pwd)/bench/out/portal
mkdir -p "$W/www"
tool/deps.sh --bench >/dev/null
. bench/lib.sh
if [ ! -f "$L/bench.db" ]; then
	echo "no province-year store in $L: building one of 1,000,000 payments (bench/ledger.sh builds the full one)"
	bench/ledger.sh 1000000 10000 300000 sqlite >/dev/null
fi
DB=$L/bench.db
BF=("$BIN" --db "$DB" --key "$L/bangfu.key")
# the store's file in the kernel's cache once, as on a server that has been
# running (the file is read from disk at most once; 3 GB here, 2 s)
cat "$DB" >/dev/null
printf 'store: %s persons, %s payments\n' "$(sqlite3 "$DB" "SELECT COUNT(*) FROM persons")" \
	"$(sqlite3 "$DB" "SELECT COUNT(*) FROM payments")"
# a person paid, and the village of its household
ID=$("${BF[@]}" list payments --clear-ids --limit 1 --format csv | tail -1 | cut -d, -f4)
NAME=$("${BF[@]}" show persons "$ID" --format csv | tail -1 | cut -d, -f2)
HH=$("${BF[@]}" show persons "$ID" --format csv | tail -1 | cut -d, -f3)
VILLAGE=$("${BF[@]}" show households "$HH" --format csv | sed -n 2p | cut -d, -f2)
port=$((20000 + RANDOM % 20000))
"${BF[@]}" serve --listen 127.0.0.1:$port --workers 2 --lookup-limit 100000000 >"$W/serve.out" 2>&1 &
spid=$!
nginx_pid=
cleanup() { pkill -P $spid 2>/dev/null; kill $spid 2>/dev/null; [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null; true; }
trap cleanup EXIT
for i in $(seq 100); do grep -q http:// "$W/serve.out" && break; sleep 0.1; done
URL=http://127.0.0.1:$port
BOARD=/p/village/$VILLAGE
TOKEN=bench-form-token-0123456789abcdef
BODY="csrf=$TOKEN&name=$(printf %s "$NAME" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')&id_number=$ID"
curl -s "$URL$BOARD" >"$W/www/board.html"
curl -s -H "Cookie: bf_pre=$TOKEN" --data "$BODY" "$URL/p/lookup" >"$W/www/lookup.html"
grep -q 'class="ok"' "$W/www/lookup.html" || { echo "portal.sh: the look-up found nothing"; exit 1; }
cat >"$W/lookup.lua" <<EOL
wrk.method = "POST"
wrk.body = "$BODY"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "bf_pre=$TOKEN"
EOL
# the 20,000 persons: full name and identity number, one request each
"${BF[@]}" list persons --clear-ids --limit 100000000 --format csv | tail -n +2 |
	shuf -n 20000 --random-source=<(yes) >"$W/pool.csv"
lookup_pool "$W/pool.csv" "$TOKEN" >"$W/pool.lua"
nport=$((port + 1))
nginx_start $nport
printf '\nloopback, wrk -t2 -c64 -d%ss, bangfu serve --workers 2; answers: board %s bytes, look-up %s bytes\n\n' \
	"$SECS" "$(wc -c <"$W/www/board.html")" "$(wc -c <"$W/www/lookup.html")"
load "bangfu: GET $BOARD" "$URL$BOARD"
load "nginx: static file of the same size" "http://127.0.0.1:$nport/board.html"
load "bangfu: POST /p/lookup, one person" "$URL/p/lookup" -s "$W/lookup.lua"
load "bangfu: POST /p/lookup, 20,000 at random" "$URL/p/lookup" -s "$W/pool.lua"
load "nginx: static file of the same size " "http://127.0.0.1:$nport/lookup.html"
ratio() { echo "${RPS[$1]} / ${RPS[$2]}" | bc -l; }
printf '\nof nginx: board %.2f; look-up, one person %.2f, 20,000 at random %.2f (aim: >= 0.5, p99 < 20 ms)\n' \
	"$(ratio "bangfu: GET $BOARD" "nginx: static file of the same size")" \
	"$(ratio "bangfu: POST /p/lookup, one person" "nginx: static file of the same size ")" \
	"$(ratio "bangfu: POST /p/lookup, 20,000 at random" "nginx: static file of the same size ")"
# memory over a long run of look-ups and boards: the workers' own memory
# (RssAnon: the pages of the store mapped from its file are the kernel's
# cache, shared, and not counted)
rss() {
	local p t=0
	for p in $spid $(pgrep -P $spid); do
		t=$((t + $(awk '/^RssAnon/ { print $2 }' /proc/$p/status)))
	done
	printf '%.1f' "$(echo "$t / 1024" | bc -l)"
}
printf '\nmemory of the server (all workers), look-ups and boards for %s s:\n' "$LONG"
wrk -t2 -c64 -d"${LONG}s" -s "$W/pool.lua" "$URL/p/lookup" >"$W/long1.wrk" &
w1=$!
wrk -t1 -c8 -d"${LONG}s" "$URL$BOARD" >"$W/long2.wrk" &
w2=$!
first=$(rss)
printf '  %4s s: %s MB\n' 0 "$first"
for t in $(seq 30 30 "$LONG"); do
	sleep 30
	printf '  %4s s: %s MB\n' "$t" "$(rss)"
done
wait $w1 $w2
last=$(rss)
printf 'grew by %.1f MB over the run (%s look-ups)\n' "$(echo "$last - $first" | bc -l)" \
	"$(awk '/requests in/ { print $1 }' "$W/long1.wrk")"
