#!/bin/bash
# t0800: the public portal (阳光公示): county, pairing, project and village
# pages without an account, names and identity numbers masked; a person's
# own payments by full name and number, one answer for every miss, limited
# per address, nothing of it logged; reports with tracking numbers handled
# by staff with every step audited; the ledger's daily heads, checked by
# verify; and a crawl of every public page for anything personal.
. "$(dirname "$0")/../lib.sh"

public_form() { # the double-submitted token of the public forms: in pub.jar, echoed
	curl -s -c pub.jar -b pub.jar "$URL/p/lookup" >/dev/null &&
	awk '$6 == "bf_pre" { print $7 }' pub.jar
}

lookup() { # NAME IDNUM [CURL ARGS] -> the answer's body in look.html, its status echoed
	curl -s -b pub.jar --data-urlencode "csrf=$tok" --data-urlencode "name=$1" \
		--data-urlencode "id_number=$2" -o look.html -w "%{http_code}" "${@:3}" "${LURL:-$URL}/p/lookup"
}

test_expect_success 'setup: the demo bundle, staff of Anding and Minxian, a server' '
	new_store && bf init && bf import "$SRCDIR/data/demo" >/dev/null 2>&1 &&
	echo "anding-clerk-pw1" | bf user add clerk --role clerk --region 621102 >/dev/null &&
	echo "minxian-clerk-pw" | bf user add mclerk --role clerk --region 621126 >/dev/null &&
	echo "auditor-password" | bf user add auditor --role auditor >/dev/null &&
	echo "dingxi-viewer-pw" | bf user add viewer --role viewer --region 621100 >/dev/null &&
	start_server --lookup-limit 6 && tok=$(public_form) && test -n "$tok"
'

test_expect_success 'public pages need no account; unknown ones are 404' '
	for p in /p /p/county/621102 /p/pairing/TJ-AD /p/project/P2017-0001 /p/village/621102108217 /p/ledger \
		/p/lookup /p/report /p/track; do
		test "$(status none.jar "$p")" = 200 || { echo "$p"; return 1; }
	done &&
	test "$(status none.jar /p/county/999999)" = 404 && test "$(status none.jar /p/project/NOPE)" = 404 &&
	test "$(status none.jar /p/village/621102)" = 404 && test "$(status none.jar /dashboard)" = 303
'

test_expect_success 'a county: money by year and source adds up to its funds; its projects with money paid' '
	curl -s "$URL/p/county/621102" >c.html &&
	test_grep "安定区 帮扶资金公示" c.html &&
	total=$(store_sql "SELECT SUM(CASE WHEN reverses IS NULL THEN amount ELSE -amount END) FROM funds WHERE to_ = '"'"'621102000000'"'"'") &&
	wan=$(echo "scale=2; ($total + 5000) / 1000000" | bc) &&
	test_grep "<th colspan=\"3\">合计</th><th class=\"n\">$wan</th>" c.html &&
	test_grep "台江区" c.html && test_grep "/p/pairing/TJ-AD" c.html &&
	paid=$(store_sql "SELECT SUM(paid) FROM flows WHERE project = '"'"'P2017-0001'"'"'") &&
	curl -s "$URL/p/project/P2017-0001" >p.html &&
	test_grep "韩家湾村学校教学楼项目" p.html && test_grep "台江区</td><td>财政援助" p.html &&
	n=$(store_sql "SELECT COUNT(*) FROM payments WHERE project = '"'"'P2017-0001'"'"'") &&
	test "$(grep -c "^<tr><td>20[0-9-]*</td><td>.*class=\"n\">[-0-9.]*</td><td>[^<]" p.html)" = "$n"
'

test_expect_success 'a village notice board: every payment to its people, names and numbers masked' '
	v=$(store_sql "SELECT h.village FROM payments p JOIN persons pe ON pe.id_number_hash = p.payee_hash JOIN households h ON h.id = pe.household GROUP BY h.village HAVING COUNT(*) <= 50 ORDER BY COUNT(*) DESC, h.village LIMIT 1") &&
	n=$(store_sql "SELECT COUNT(*) FROM payments p JOIN persons pe ON pe.id_number_hash = p.payee_hash JOIN households h ON h.id = pe.household WHERE h.village = '"'"'$v'"'"'") &&
	curl -s "$URL/p/village/$v" >v.html &&
	test "$(grep -c "^<tr><td>20" v.html)" = "$n" &&
	name=$(store_sql "SELECT pe.name FROM payments p JOIN persons pe ON pe.id_number_hash = p.payee_hash JOIN households h ON h.id = pe.household WHERE h.village = '"'"'$v'"'"' ORDER BY p.date, p.id LIMIT 1") &&
	ends=$(store_sql "SELECT p.payee_ends FROM payments p JOIN persons pe ON pe.id_number_hash = p.payee_hash JOIN households h ON h.id = pe.household WHERE h.village = '"'"'$v'"'"' ORDER BY p.date, p.id LIMIT 1") &&
	masked="$(echo "$name" | cut -c1-3)*" &&
	test_grep "<td>$masked[^<]* ${ends:0:4}\*\*\*\*\*\*\*\*\*\*${ends:4:4}</td>" v.html &&
	! grep -q "$name" v.html
'

test_expect_success 'a person finds their own payments by full name and identity number' '
	bf list payments --clear-ids --format csv >pay.csv &&
	id=$(awk -F, "\$4 ~ /^[0-9]+[0-9X]\$/ && length(\$4) == 18 { print \$4 }" pay.csv | sort | uniq -c | sort -k1,1nr -k2 |
		awk "{ print \$2; exit }") && test -n "$id" &&
	name=$(bf show persons "$id" --format csv | tail -1 | cut -d, -f2) && test -n "$name" &&
	n=$(awk -F, -v id="$id" "\$4 == id" pay.csv | wc -l) &&
	test "$(lookup "$name" "$id")" = 200 &&
	test_grep "class=\"ok\">查询结果" look.html &&
	test_grep "，共 $n 笔，合计 " look.html && ! grep -q "$id" look.html && ! grep -q "$name" look.html &&
	test "$n" -gt 1 &&
	awk -F, -v id="$id" "\$4 == id { print \$2 }" pay.csv | sort >want &&
	sed -n "s|^<tr><td>\(20[0-9-]*\)</td>.*|\1|p" look.html >have && test_cmp want have
'

test_expect_success 'no such person, another name, a person without payments: one and the same answer' '
	strip() { sed "s/name=\"csrf\" value=\"[^\"]*\"//" "$1"; } &&
	lookup "$name" "$(idnum 62010219800101001)" >c1 && strip look.html >a1 &&
	lookup "某某某" "$id" >c2 && strip look.html >a2 &&
	nopay=$(bf list persons --clear-ids --format csv | tail -1) &&
	lookup "$(echo "$nopay" | cut -d, -f2)" "$(echo "$nopay" | cut -d, -f1)" >c3 && strip look.html >a3 &&
	test "$(cat c1 c2 c3)" = "200200200" && test_cmp a1 a2 && test_cmp a1 a3 &&
	test_grep "没有查到与该姓名和身份证号相符的发放记录" a1 &&
	test "$(lookup "$name" 12345)" = 400 && test_grep "身份证号格式不正确" look.html
'

test_expect_success 'look-ups are limited per address; nothing of them is logged' '
	for i in 1 2 3; do c=$(lookup "$name" "$id"); done && test "$c" = 429 &&
	test_grep "查询过于频繁" look.html &&
	test "$(lookup "$name" "$id" -H "X-Forwarded-For: 203.0.113.9")" = 429 &&
	! grep -q "$id" server.out server.err && ! grep -q "$name" server.out server.err &&
	test "$(store_sql "SELECT COUNT(*) FROM audit WHERE what LIKE '"'"'%${id:14:4}%'"'"' OR after LIKE '"'"'%$name%'"'"'")" = 0 &&
	curl -s -o /dev/null -w "%{http_code}" -d "name=x&id_number=y" "$URL/p/lookup" >code && test "$(cat code)" = 403
'

test_expect_success 'a report gets a tracking number; staff of its county handle it, each step audited' '
	curl -s -b pub.jar --data-urlencode "csrf=$tok" -d about=project -d subject=P2017-0001 \
		--data-urlencode "text=路灯没有安装" -o r.html "$URL/p/report" &&
	no=$(grep -o "JB-[A-Z0-9-]*" r.html | head -1) && test -n "$no" &&
	curl -s "$URL/p/track?no=$no" >t.html && test_grep "class=\"status\">已受理" t.html &&
	test "$(status none.jar "/p/track?no=JB-NONE-NONE-NONE")" = 404 &&
	curl -s -b pub.jar --data-urlencode "csrf=$tok" -d about=project -d subject=NOPE --data-urlencode "text=x" \
		-o /dev/null -w "%{http_code}" "$URL/p/report" >code && test "$(cat code)" = 400 &&
	: "unanswered more than 15 days on, it is a finding of complaint_overdue" &&
	d15=$(date -u -d "+15 days" +%Y-%m-%d) && d16=$(date -u -d "+16 days" +%Y-%m-%d) &&
	bf audit --check complaint_overdue --as-of "$d16" --format csv >a &&
	test_grep "^complaint_overdue,complaints,$no,,\"filed $(date -u +%Y-%m-%d), no reply by $d16\"$" a &&
	bf audit --check complaint_overdue --as-of "$d16" --west 621126 --format csv >a && ! grep -q "$no" a &&
	bf audit --check complaint_overdue --as-of "$d15" --format csv >a && ! grep -q "$no" a &&
	signin clerk anding-clerk-pw1 && signin mclerk minxian-clerk-pw && signin viewer dingxi-viewer-pw &&
	seq=$(store_sql "SELECT seq FROM complaints WHERE tracking = '"'"'$no'"'"'") &&
	curl -s -b clerk.jar "$URL/complaints" | grep -q "$no" &&
	! curl -s -b mclerk.jar "$URL/complaints" | grep -q "$no" &&
	test "$(status mclerk.jar /complaints/$seq)" = 404 && test "$(status viewer.jar /complaints)" = 403 &&
	post() { curl -s -b clerk.jar --data-urlencode "csrf=$(cat clerk.csrf)" "$@" -o /dev/null -w "%{http_code}" "$URL/complaints/$seq"; } &&
	test "$(post -d action=assign -d assignee=clerk)" = 303 &&
	test "$(post -d action=reply --data-urlencode "reply=已核实，路灯于下周安装")" = 303 &&
	bf audit --check complaint_overdue --as-of "$d16" --format csv >a && ! grep -q "$no" a &&
	test "$(post -d action=resolve)" = 303 &&
	test "$(post -d action=reply --data-urlencode "reply=again")" = 400 &&
	curl -s "$URL/p/track?no=$no" >t.html && test_grep "class=\"status\">已办结" t.html &&
	test_grep "已核实，路灯于下周安装" t.html &&
	store_sql "SELECT action || '"'"' '"'"' || who || '"'"' '"'"' || COALESCE(before, '"'"''"'"') FROM audit WHERE what = '"'"'complaint $no'"'"' ORDER BY seq" >trail &&
	printf "complaint_filed public \ncomplaint_assign clerk received\ncomplaint_reply clerk assigned\ncomplaint_resolve clerk replied\n" >expect &&
	test_cmp expect trail && bf verify >/dev/null
'

test_expect_success 'the ledger page: the head verify prints, and a daily history verify checks' '
	head=$(bf verify | sed -n "s/^head: //p") &&
	curl -s "$URL/p/ledger" >l.html && test_grep "<code>$head</code>" l.html &&
	test_grep "<td>$(date -u +%Y-%m-%d)</td>" l.html &&
	store_sql "UPDATE ledger_heads SET hash = CASE WHEN SUBSTR(hash, 1, 2) = '"'"'00'"'"' THEN '"'"'ff'"'"' ELSE '"'"'00'"'"' END || SUBSTR(hash, 3)" &&
	test_must_fail bf verify >out 2>err &&
	test_grep "the head published for $(date -u +%Y-%m-%d)" err
'

test_expect_success 'crawl: every public page under 60 KB, no third-party host, nothing personal in clear' '
	bf list persons --format csv | cut -d, -f2 | tail -n +2 | sort -u >allnames &&
	for k in divisions orgs projects; do bf list $k --format csv | cut -d, -f2; done >places &&
	{ grep -oF -f allnames places | sort -u >inplaces || true; } &&
	grep -vxF -f inplaces allnames >names && test "$(wc -l <names)" -gt 15000 &&
	printf "/p\n/p/lookup\n/p/report\n/p/track\n/p/ledger\n/p/county/621102?lang=zh-TW\n/p/county/621102?lang=en\n/p/nope\n" >todo &&
	: >seen && pages=0 &&
	# an identity number standing alone: a run of 18 digits inside a hex hash is not one
	idre="(^|[^0-9A-Za-z])[1-9][0-9]{16}[0-9Xx]([^0-9A-Za-z]|\$)" &&
	while [ -s todo ]; do
		sort -u todo | grep -vxF -f seen >next || true; [ -s next ] || break
		cat next >>seen; : >cfg; i=0
		while read -r u; do i=$((i + 1)); printf "url = \"%s%s\"\noutput = \"pg.%d\"\n" "$URL" "$u" $i >>cfg; done <next
		rm -f pg.*; curl -s -K cfg; : >todo
		for f in pg.*; do
			pages=$((pages + 1))
			test "$(stat -c %s "$f")" -lt 61440 || { echo "$f over 60 KB"; return 1; }
			! grep -Eq "$idre" "$f" || { echo "an identity number in clear"; grep -Eo "$idre" "$f" | head -2; return 1; }
			! grep -Eq "(src|href)=\"(https?:)?//" "$f" || { echo "a third-party host"; return 1; }
			! grep -qF -f names "$f" || { echo "a full name in clear:"; grep -oF -f names "$f" | head -3; return 1; }
			grep -o "href=\"/p[^\"]*\"" "$f" | sed "s/^href=\"//; s/\"$//; s/&amp;/\&/g" | grep -v "lang=" >>todo || true
		done
	done &&
	echo "$pages pages crawled" && test "$pages" -gt 1000
'

test_expect_success 'with several workers an address has the limit once, not once a worker' '
	: "an address this test has not used (a server of the same store counts alike: t1070)" &&
	serve_bg side 127.0.0.1:0 --workers 3 --lookup-limit 4 --proxy 127.0.0.1 && u3=$SERVED_URL &&
	pids= && for i in $(seq 12); do
		curl -s -b pub.jar --data-urlencode "csrf=$tok" --data-urlencode "name=$name" --data-urlencode "id_number=$id" \
			-H "X-Forwarded-For: 198.51.100.44" -o /dev/null -w "%{http_code}\n" "$u3/p/lookup" >"code.$i" & pids="$pids $!"
	done && wait $pids &&
	cat code.* | sort | uniq -c | awk "{ print \$2, \$1 }" >codes &&
	printf "200 4\n429 8\n" >want && test_cmp want codes &&
	curl -s -b pub.jar --data-urlencode "csrf=$tok" -d about=project -d subject=P2017-0001 -H "X-Forwarded-For: 198.51.100.44" \
		--data-urlencode "text=limits count look-ups and reports apart" -o /dev/null -w "%{http_code}" "$u3/p/report" >code &&
	test "$(cat code)" = 200;
	rc=$?; stop_served "$SERVED_PID"; test $rc = 0
'

test_expect_success 'behind a proxy (--proxy ADDR) the address it forwards is counted, and audited' '
	serve_bg side 127.0.0.1:0 --proxy 127.0.0.1 --lookup-limit 1 && LURL=$SERVED_URL &&
	test "$(lookup "$name" "$id" -H "X-Forwarded-For: 198.51.100.1")" = 200 &&
	test "$(lookup "$name" "$id" -H "X-Forwarded-For: 198.51.100.1")" = 429 &&
	test "$(lookup "$name" "$id" -H "X-Forwarded-For: 198.51.100.1, 198.51.100.2")" = 200 &&
	test "$(lookup "$name" "$id" -H "X-Forwarded-For: 198.51.100.2, 198.51.100.1")" = 429 &&
	test "$(lookup "$name" "$id" -H "X-Forwarded-For: 198.51.100.3")" = 200 &&
	curl -s -c px.jar "$LURL/login" >login.html &&
	csrf=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" login.html | tail -1) &&
	curl -s -b px.jar -o /dev/null -H "X-Forwarded-For: 198.51.100.4" --data-urlencode "csrf=$csrf" \
		-d name=clerk -d password=wrong-password "$LURL/login" &&
	test "$(store_sql "SELECT addr FROM audit WHERE action = '"'"'signin_failed'"'"' ORDER BY seq DESC LIMIT 1")" = 198.51.100.4;
	rc=$?; unset LURL; stop_served "$SERVED_PID"; test $rc = 0 &&
	test_must_fail "$BANGFU" --db "$DB" serve --proxy nginx.local 2>err && test_grep "IP address" err
'

test_expect_success 'over IPv6 ([::1]): the portal answers, and an address is limited (by its /64: the unit test)' '
	serve_bg side "[::1]:0" --lookup-limit 2 && LURL=$SERVED_URL &&
	case "$LURL" in http://\[::1\]:[0-9]*) ;; *) false ;; esac &&
	c6="Cookie: bf_pre=$tok" &&
	test "$(lookup "$name" "$id" -H "$c6")" = 200 && test_grep "class=\"ok\"" look.html &&
	test "$(lookup "$name" "$id" -H "$c6")" = 200 && test "$(lookup "$name" "$id" -H "$c6")" = 429;
	rc=$?; unset LURL; stop_served "$SERVED_PID"; test $rc = 0
'

test_expect_success 'stop the server' 'stop_server'
test_done
