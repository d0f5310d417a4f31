#!/bin/bash
# pages.sh: every staff page's server time at the province-year store of
# bench/ledger.sh (10,000,000 payments, 3,000,000 persons; run that first,
# or this builds a smaller one), and the size of every public page.
#   - each page asked once as nobody asked it before (the first answer,
#     made, not kept) and then again (kept where the server keeps it),
#     as an administrator, a county clerk and an eastern office
#   - time to the first byte on loopback (curl), beside the time the same
#     curl takes for a static file from nginx in the same run (the floor)
# Aims: every staff page under 200 ms made; public pages under 60 KB.
set -eu
cd "$(dirname "$0")/.."
BIN=$(pwd)/${BANGFU:-build/bangfu}
L=$(pwd)/bench/out/ledger
W=$(pwd)/bench/out/pages
mkdir -p "$W/www"
tool/deps.sh --bench >/dev/null
. bench/lib.sh
if [ ! -f "$L/bench.db" ]; then
	echo "no province-year store in $L: building one of 1,000,000 payments (bench/ledger.sh builds the full one)"
	bench/ledger.sh 1000000 10000 300000 sqlite >/dev/null
fi
DB=$L/bench.db
BF=("$BIN" --db "$DB" --key "$L/bangfu.key")
npay=$("${BF[@]}" list payments --limit 0 | tail -1 | sed -E "s/^\(0 of ([0-9]+).*/\1/")
adduser() { # NAME ROLE [REGION]
	"${BF[@]}" user list --format csv | grep -q "^$1," ||
		echo "bench-password-$1" | "${BF[@]}" user add "$1" --role "$2" ${3:+--region "$3"} >/dev/null
}
adduser bench-admin admin
adduser bench-clerk clerk 621102
adduser bench-east east_office 350100
adduser bench-auditor auditor
adduser bench-cauditor auditor 621102
port=$((20000 + RANDOM % 20000))
"${BF[@]}" serve --listen 127.0.0.1:$port --workers 1 >"$W/serve.out" 2>&1 &
spid=$!
nginx_pid=
cleanup() { pkill -P $spid 2>/dev/null; kill $spid 2>/dev/null; [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null; true; }
trap cleanup EXIT
for i in $(seq 100); do grep -q http:// "$W/serve.out" && break; sleep 0.1; done
URL=http://127.0.0.1:$port
signin() { # NAME: the session cookie
	curl -s -c "$W/jar" "$URL/login" >"$W/login.html"
	local csrf
	csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$W/login.html" | tail -1)
	curl -s -c "$W/jar" -b "$W/jar" -o /dev/null --data-urlencode "csrf=$csrf" -d "name=$1" \
		-d "password=bench-password-$1" "$URL/login"
	awk '$6 == "bf_session" { print "bf_session=" $7 }' "$W/jar"
}
ms() { echo "$1 * 1000" | bc -l | xargs printf '%.1f'; }
worst=0
worst_page=
# page WHO COOKIE PATH: the first answer and the second, in ms, and the size
page() {
	local who=$1 cookie=$2 path=$3 a b code size
	read -r code a size < <(curl -s -o "$W/page" -w "%{http_code} %{time_starttransfer} %{size_download}\n" \
		-H "Cookie: $cookie" "$URL$path")
	read -r _ b _ < <(curl -s -o /dev/null -w "%{http_code} %{time_starttransfer} %{size_download}\n" \
		-H "Cookie: $cookie" "$URL$path")
	printf '%-6s %-62s %4s %9s ms %9s ms %8s B\n' "$who" "$path" "$code" "$(ms "$a")" "$(ms "$b")" "$size"
	[ "$code" = 200 ] || echo "       ^ not 200"
	if [ "$(echo "$a > $worst" | bc -l)" = 1 ]; then worst=$a; worst_page="$who $path"; fi
}
admin=$(signin bench-admin)
clerk=$(signin bench-clerk)
east=$(signin bench-east)
auditor=$(signin bench-auditor)
cauditor=$(signin bench-cauditor)
proj=$("${BF[@]}" list projects --in 621102 --limit 1 --format csv | sed -n 2p | cut -d, -f1)
pay=$("${BF[@]}" list payments --search "$proj" --limit 1 --format csv | sed -n 2p | cut -d, -f1)
fund=$("${BF[@]}" list funds --in 621102 --limit 1 --format csv | sed -n 2p | cut -d, -f1)
head -c 20000 /dev/urandom | base64 >"$W/www/static.html"
nginx_start $((port + 1))
read -r _ floor _ < <(curl -s -o /dev/null -w "%{http_code} %{time_starttransfer} %{size_download}\n" \
	"http://127.0.0.1:$((port + 1))/static.html")
read -r _ floor _ < <(curl -s -o /dev/null -w "%{http_code} %{time_starttransfer} %{size_download}\n" \
	"http://127.0.0.1:$((port + 1))/static.html")
printf '\nstore: %s payments; one worker; time to the first byte on loopback\n' "$npay"
printf 'nginx, a 27 KB static file, the same curl: %s ms (the floor)\n\n' "$(ms "$floor")"
printf '%-6s %-62s %4s %12s %12s %10s\n' who page code made kept size
for who in admin clerk east; do
	c=${!who}
	page $who "$c" "/dashboard"
	page $who "$c" "/dashboard?year=2019"
	page $who "$c" "/reports/indicators"
	page $who "$c" "/reports/indicators?year=2020&pairing=P01"
	page $who "$c" "/records"
	page $who "$c" "/records/payments"
	page $who "$c" "/records/payments?page=200"
	page $who "$c" "/records/payments?year=2020&purpose=industry_award&min=50&max=200"
	page $who "$c" "/records/payments?pairing=P01&year=2020"
	page $who "$c" "/records/projects?in=621102100&status=started"
	page $who "$c" "/records/persons?search=%E5%BC%A0"
	page $who "$c" "/records/funds?pairing=FZ-DX"
	page $who "$c" "/projects/$proj"
	page $who "$c" "/trace/payment/$pay"
	page $who "$c" "/trace/fund/$fund"
	page $who "$c" "/reports/funds"
	page $who "$c" "/bulletin?month=2020-06"
done
page admin "$admin" "/audit"
page admin "$admin" "/complaints"
# the audit checks' pages (findings as bench/audit.sh kept them), for the
# whole store and for a county's auditor
for who in auditor cauditor; do
	c=${!who}
	page $who "$c" "/checks"
	page $who "$c" "/checks/asset_owner"
	page $who "$c" "/checks/asset_owner?state=open&page=20"
	page $who "$c" "/checks/cadre_household?county=621102000000"
	page $who "$c" "/api/v1/findings?check=paid_after_death"
	page $who "$c" "/dashboard"
done
printf 'findings kept in the store: %s\n' "$("${BF[@]}" list findings --limit 0 | tail -1 | sed -E "s/^\(0 of ([0-9]+).*/\1/")"
printf '\nslowest made: %s ms (%s); aim: under 200 ms\n' "$(ms "$worst")" "$worst_page"

printf '\npublic pages (aim: under 60 KB each)\n'
village=621102100200
for path in / /p /p/county/621102 "/p/village/$village" "/p/project/$proj" /p/pairing/P01 /p/ledger /p/lookup /p/report; do
	read -r code size < <(curl -s -o /dev/null -w "%{http_code} %{size_download}\n" "$URL$path")
	printf '%-40s %4s %8s B %s\n' "$path" "$code" "$size" "$([ "$size" -lt 61440 ] && echo ok || echo 'OVER 60 KB')"
done
