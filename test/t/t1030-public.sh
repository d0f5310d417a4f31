#!/bin/bash
# t1030: the public's way in: a landing page at /, error pages in the
# page's language, Traditional Chinese by phrase, tracking numbers as
# people type them, the look-up forgiving spaces and an input method's
# full-width digits (６２１１…), and a report about one's
# own payments reaching the county of one's household.
. "$(dirname "$0")/../lib.sh"

public_form() {
	curl -s -c pub.jar -b pub.jar "$URL/p/lookup" >/dev/null &&
	awk '$6 == "bf_pre" { print $7 }' pub.jar
}

wide() { # TEXT: its ASCII letters, digits, dashes and spaces full-width, as an input method types them
	python3 -c "import sys; print(\"\".join(\"\u3000\" if c == \" \" else chr(ord(c) + 0xFEE0) if c.isalnum() or c == \"-\" else c for c in sys.argv[1]))" "$1"
}

lookup() { # NAME IDNUM -> look.html, the status echoed
	curl -s -b pub.jar --data-urlencode "csrf=$tok" --data-urlencode "name=$1" \
		--data-urlencode "id_number=$2" -o look.html -w "%{http_code}" "$URL/p/lookup"
}

test_expect_success 'setup: the demo bundle, a clerk of each of two counties, a server' '
	new_store && bf init && bf import "$SRCDIR/data/demo" >/dev/null 2>&1 &&
	echo "anding-clerk-pw1" | bf user add clerk --role clerk --region 621102 >/dev/null &&
	echo "lintao-clerk-pw1" | bf user add lclerk --role clerk --region 621124 >/dev/null &&
	start_server && tok=$(public_form) && test -n "$tok"
'

test_expect_success '/ is a landing page: the public notice for the public, the sign-in for staff' '
	curl -s -o home.html -w "%{http_code}" "$URL/" >code && test "$(cat code)" = 200 &&
	test_grep "href=\"/p\">群众查询：帮扶资金阳光公示" home.html && test_grep "href=\"/login\">工作人员登录" home.html &&
	curl -s "$URL/login" >login.html && test_grep "href=\"/p\">不是工作人员？" login.html &&
	signin clerk anding-clerk-pw1 &&
	curl -s -b clerk.jar -o /dev/null -w "%{http_code} %{redirect_url}" "$URL/" >code &&
	test_grep "^303 .*/dashboard$" code
'

test_expect_success 'error pages speak the page'"'"'s language' '
	curl -s "$URL/p/project/NOPE" >e.html && test_grep "<title>页面不存在" e.html && ! grep -q "Not Found" e.html &&
	curl -s "$URL/p/project/NOPE?lang=en" >e.html && test_grep "<title>Page not found" e.html &&
	curl -s "$URL/nope" >e.html && test_grep "<h1>页面不存在</h1>" e.html && ! grep -q "Not Found" e.html
'

test_expect_success 'Traditional Chinese by phrase: 群眾, not 羣衆' '
	curl -s "$URL/?lang=zh-TW" >tw.html &&
	test_grep "群眾查詢" tw.html && ! grep -q "羣" tw.html
'

test_expect_success 'a county'"'"'s villages by town, with a box to find one; a village board with its projects' '
	curl -s "$URL/p/county/621102" >c.html &&
	test_grep "<h3>凤翔镇</h3>" c.html && test_grep "name=\"village\"" c.html &&
	curl -s -G --data-urlencode "village=韓家灣" "$URL/p/county/621102" >f.html &&
	test_grep "/p/village/621102108217\">韩家湾村民委员会" f.html &&
	test "$(sed -n "/id=\"villages\"/,\$p" f.html | grep -o "/p/village/[0-9]*" | sort -u | wc -l)" = 1 &&
	curl -s "$URL/p/village/621102108217" >v.html &&
	test_grep "<h2>本村帮扶项目</h2>" v.html && test_grep "/p/project/P2017-0001\">韩家湾村学校教学楼项目" v.html &&
	test_grep "<td>教育</td><td>报账</td>" v.html &&
	n=$(store_sql "SELECT COUNT(DISTINCT b.household) FROM beneficiaries b JOIN households h ON h.id = b.household WHERE h.village = '"'"'621102108217'"'"'") &&
	test_grep "本村受益农户（户）：$n" v.html
'

test_expect_success 'the look-up forgives spaces and full-width digits in the number and keeps the name after an error' '
	bf list payments --clear-ids --format csv >pay.csv &&
	id=$(awk -F, "\$4 ~ /^621124[0-9X]+\$/ && length(\$4) == 18 { print \$4 }" pay.csv | sort | uniq -c | sort -k1,1nr -k2 |
		awk "{ print \$2; exit }") && test -n "$id" &&
	name=$(bf show persons "$id" --format csv | tail -1 | cut -d, -f2) && test -n "$name" &&
	test "$(lookup "$name" "${id:0:6} ${id:6:8} ${id:14:4}")" = 200 && test_grep "class=\"ok\"" look.html &&
	test "$(lookup "$name" "$(wide "${id:0:6} ${id:6:12}")")" = 200 && test_grep "class=\"ok\"" look.html &&
	test "$(lookup "$name" "12345")" = 400 && test_grep "name=\"name\"[^>]*value=\"$name\"" look.html
'

test_expect_success 'a report about one'"'"'s own payments reaches the county of one'"'"'s household' '
	test "$(lookup "$name" "$id")" = 200 &&
	test_grep "/p/report?about=person&amp;county=621124\"" look.html &&
	curl -s -b pub.jar "$URL/p/report?about=person&county=621124" >form.html &&
	test_grep "name=\"county\" value=\"621124\"" form.html &&
	curl -s -b pub.jar --data-urlencode "csrf=$tok" -d about=person -d county=621124 \
		--data-urlencode "text=这笔劳务奖补我没有收到" -o r.html "$URL/p/report" &&
	no=$(grep -o "JB-[A-Z0-9-]*" r.html | head -1) && test -n "$no" &&
	test "$(store_sql "SELECT county FROM complaints WHERE tracking = '"'"'$no'"'"'")" = 621124000000 &&
	signin lclerk lintao-clerk-pw1 && curl -s -b lclerk.jar "$URL/complaints" | grep -q "$no" &&
	! curl -s -b clerk.jar "$URL/complaints" | grep -q "$no"
'

test_expect_success 'a tracking number is found in any case, with or without its dashes, in full-width forms too' '
	lower=$(echo "$no" | tr A-Z a-z) && bare=$(echo "$no" | tr -d -) &&
	curl -s "$URL/p/track?no=$lower" >t.html && test_grep "class=\"status\">已受理" t.html &&
	curl -s "$URL/p/track?no=$bare" >t.html && test_grep "class=\"status\">已受理" t.html &&
	curl -s -G --data-urlencode "no=${lower:0:7} ${lower:8}" "$URL/p/track" >t.html && test_grep "class=\"status\">已受理" t.html &&
	curl -s -G --data-urlencode "no=$(wide "$lower")" "$URL/p/track" >t.html && test_grep "class=\"status\">已受理" t.html
'

test_expect_success 'the report form promises a reply and names the hotline, as serve is told' '
	curl -s "$URL/p/report" >f.html &&
	test_grep "我们将在<b>15</b>个工作日内答复。也可拨打扶贫监督举报电话：<a href=\"tel:12317\">12317</a>" f.html &&
	serve_bg side 127.0.0.1:0 --reply-days 10 --hotline "0932-12317" &&
	curl -s "$SERVED_URL/p/report?lang=en" >g.html; rc=$?; stop_served "$SERVED_PID"; test $rc = 0 &&
	test_grep "We answer within <b>10</b> working days. " g.html && test_grep "tel:0932-12317" g.html &&
	test_must_fail bf serve --hotline "call me" 2>err && test_grep "hotline" err
'

test_expect_success 'a records table names places, payees and values in words' '
	curl -s -b clerk.jar "$URL/records/projects" >p.html &&
	test_grep "<td><span title=\"621102000000\">安定区</span></td>" p.html &&
	grep -q "<td>产业发展</td>\|<td>基础设施</td>" p.html && ! grep -q "<td>industry</td>\|<td>settled</td>" p.html &&
	curl -s -b clerk.jar "$URL/records/projects?lang=en" >e.html && grep -q "<td>industry</td>\|<td>infrastructure</td>" e.html &&
	: "in English the kind and its headings in words too, not the CSV names" &&
	test_grep "<title>Projects · " e.html && test_grep "<b>Projects</b> <a href=\"/records/beneficiaries\">Beneficiaries</a>" e.html &&
	test_grep ">Budget (yuan)" e.html && test_grep ">ID<" e.html && test_grep_not ">budget\|>id<\|<h1>项目" e.html &&
	curl -s -b clerk.jar "$URL/records/workers?lang=en" >w.html && test_grep "<title>Workers moved · " w.html &&
	test_grep ">ID number<" w.html && test_grep_not ">id_number<" w.html &&
	curl -s -b clerk.jar "$URL/records/payments" >x.html && test_grep "<td>工程合同款</td>" x.html &&
	grep -q "<span title=\"[0-9A-Z]\{18\}\">[^<]*\(公司\|合作社\|局\)</span>" x.html &&
	budget=$(store_sql "SELECT budget FROM projects WHERE id = '"'"'P2017-0001'"'"'") &&
	grouped=$(printf "%d" $((budget / 100)) | sed ":a;s/\B[0-9]\{3\}\>/,&/;ta") &&
	test_grep "<td class=\"n\">$grouped.00</td>" p.html && test_grep "预算（元）" p.html &&
	curl -s -b clerk.jar "$URL/records" >idx.html &&
	test "$(grep -o "href=\"/records/[a-z]*\"" idx.html | wc -l)" = 18 &&
	n=$(bf list projects --in 621102 | tail -1 | sed -E "s/^\((50 of )?([0-9]+).*/\2/") &&
	grouped_n=$(printf "%d" "$n" | sed ":a;s/\B[0-9]\{3\}\>/,&/;ta") &&
	test_grep "<tr><td><a href=\"/records/projects\">项目</a></td><td class=\"n\">$grouped_n</td>" idx.html &&
	test_grep "<b>项目</b>" p.html
'

test_expect_success 'a fund'"'"'s and a payment'"'"'s path as pages, every step a link; within the region only' '
	pay=$(store_sql "SELECT x.id FROM payments x JOIN projects p ON p.id = x.project WHERE p.county = '"'"'621102000000'"'"' ORDER BY x.id LIMIT 1") &&
	curl -s -b clerk.jar "$URL/trace/payment/$pay" >t.html &&
	test_grep "<h1>资金流向 · $pay</h1>" t.html && test_grep "<th>余额（元）</th>" t.html &&
	test_grep "href=\"/projects/P20" t.html && test_grep "href=\"/trace/fund/F20" t.html &&
	fund=$(grep -o "/trace/fund/F[0-9-]*" t.html | head -1) &&
	curl -s -b clerk.jar -o f.html -w "%{http_code}" "$URL$fund" >code && test "$(cat code)" = 200 &&
	test_grep "href=\"/projects/" f.html &&
	test_grep "<td>资金</td>" f.html && test_grep "<td>　资金安排</td>" f.html && test_grep "安排给项目 P20" f.html &&
	! grep -q "allocation\|payment 拨付\|\[settled\]\|\[started\]\| from fund \|of this fund" f.html &&
	curl -s -b clerk.jar "$URL$fund?lang=en" >fe.html && test_grep "<td>　Allocation</td>" fe.html &&
	test_grep "to project P20" fe.html && ! grep -q "安排给项目" fe.html &&
	bf trace payment "$pay" --format csv | grep -q "^0,payment 拨付,$pay," &&
	curl -s -b clerk.jar "$URL/records/payments" >x.html && test_grep "href=\"/trace/payment/X20" x.html &&
	other=$(store_sql "SELECT x.id FROM payments x JOIN projects p ON p.id = x.project WHERE p.county = '"'"'621124000000'"'"' LIMIT 1") &&
	test "$(status clerk.jar "/trace/payment/$other")" = 403 && test "$(status clerk.jar /trace/payment/NOPE)" = 403 &&
	test "$(status clerk.jar /trace/nothing)" = 404
'

test_expect_success 'the audit trail: Beijing time, actions in words, before and after, filtered and paged, as CSV' '
	echo "auditor-password" | bf user add auditor --role auditor >/dev/null &&
	for i in $(seq 52); do echo "viewer-password-$i" | bf user add "u$i" --role viewer >/dev/null || return 1; done &&
	signin auditor auditor-password &&
	curl -s -b auditor.jar "$URL/audit" >a.html &&
	test_grep "时间为北京时间" a.html && test_grep "<td class=\"nw\">登录</td>" a.html &&
	test_grep "<th>变更前</th><th>变更后</th>" a.html &&
	at=$(store_sql "SELECT at FROM audit WHERE action = '"'"'import'"'"' LIMIT 1") &&

	test "$(grep -c "^<tr><td class=\"n\">" a.html)" = 50 && test_grep "href=\"?page=1\">下一页" a.html &&
	curl -s -b auditor.jar "$URL/audit?page=1" >a1.html &&
	test "$(grep -c "^<tr><td class=\"n\">" a1.html)" = $(( $(store_sql "SELECT COUNT(*) FROM audit") - 50 )) &&
	test_grep "<td class=\"nw\">新增账号</td>" a1.html && test_grep "<td class=\"nw\">导入</td>" a1.html &&
	bj=$(date -u -d "${at%Z} UTC + 8 hours" "+%Y-%m-%d %H:%M:%S") && test_grep "<td class=\"nw\">$bj</td><td>cli:" a1.html &&
	curl -s -b auditor.jar "$URL/audit?action=import" >i.html &&
	test "$(grep -c "<td class=\"nw\">导入</td>" i.html)" = "$(grep -c "^<tr><td class=\"n\">" i.html)" &&
	curl -s -b auditor.jar "$URL/audit?who=lclerk&action=signin" >w.html && test_grep "<td>lclerk</td>" w.html &&
	! grep -q "<td>clerk</td>" w.html &&
	curl -s -b auditor.jar "$URL/audit?what=%E8%BF%99&action=complaint_filed&lang=en" >e.html &&
	curl -s -b auditor.jar "$URL/audit?from=2000-01-01&to=2000-01-02" >none.html &&
	test "$(grep -c "^<tr><td class=\"n\">" none.html)" = 0 &&
	curl -s -b auditor.jar "$URL/audit?action=signin&format=csv" >a.csv &&
	test "$(head -c 3 a.csv | od -An -tx1 | tr -d " ")" = efbbbf && test_grep ",登录," a.csv &&
	test "$(tail -n +2 a.csv | wc -l)" = "$(store_sql "SELECT COUNT(*) FROM audit WHERE action = '"'"'signin'"'"'")"
'

test_expect_success 'the dashboard writes money in 万元 with separators and flags 滞后 as the bulletin does' '
	curl -s -b clerk.jar "$URL/dashboard?year=2020" >d.html &&
	grep -q "[0-9],[0-9]\{3\}\.[0-9][0-9]万元" d.html && test_grep "【滞后】" d.html &&
	curl -s -b clerk.jar "$URL/dashboard?year=2020&lang=en" >e.html && test_grep "(behind)" e.html
'

test_expect_success 'stop the server' 'stop_server'
test_done
