#!/bin/bash
# t0710: the staff web UI and the JSON API: sign-in, sessions, CSRF,
# lockout, the audit trail, region scope, and every route as every role.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'setup: the demo bundle, an account per role, a server' '
	demo_store_with_roles && start_server
'

test_expect_success 'sign in: a session cookie, HttpOnly and SameSite; the dashboard' '
	curl -s -c j -b j "$URL/login" >login.html &&
	csrf=$(sed -n "s/.*name=\"csrf\" value=\"\([^\"]*\)\".*/\1/p" login.html) &&
	curl -s -D h -c j -b j -o /dev/null --data-urlencode "csrf=$csrf" -d "name=clerk" \
		--data-urlencode "password=anding-clerk-pw1" "$URL/login" &&
	test_grep "HTTP/1.1 303" h && test_grep "Location: /dashboard" h &&
	test_grep "Set-Cookie: bf_session=[A-Za-z0-9_-]*; Path=/; HttpOnly; SameSite=Strict" h &&
	curl -s -b j "$URL/dashboard?year=2020" >d &&
	test_grep "安定区" d && test_grep "TJ-AD" d && ! grep -q "GL-MX" d &&
	test_grep "转移就业人数" d &&
	token=$(sed -n "s/^.*bf_session=\([^;]*\);.*$/\1/p" h) &&
	! store_sql "SELECT token_hash FROM sessions" | grep -q "$token"
'

test_expect_success 'a wrong password and an unknown account answer alike; five wrong lock the account' '
	status x /login >/dev/null && signin clerk wrong-password-1;
	test "$(cat signin.code)" = 401 &&
	signin nobody whatever-password; test "$(cat signin.code)" = 401 &&
	for i in 1 2 3 4 5; do signin viewer wrong-password-$i; done;
	signin viewer dingxi-viewer-pw; test "$(cat signin.code)" = 401 &&
	test "$(store_sql "SELECT failures FROM signin_failures WHERE name = '"'"'viewer'"'"'")" = 5 &&
	echo "dingxi-viewer-pw" | bf user passwd viewer >/dev/null &&
	signin viewer dingxi-viewer-pw
'

test_expect_success 'every sign-in, good or bad, is in the audit trail, which verify checks' '
	store_sql "SELECT action || '"'"' '"'"'|| who FROM audit WHERE action LIKE '"'"'signin%'"'"'" >a &&
	test_grep "^signin clerk$" a && test_grep "^signin_failed clerk$" a &&
	test_grep "^signin_failed nobody$" a && test "$(grep -c "^signin_failed viewer$" a)" -ge 5 &&
	bf verify >out && test_grep "audit trail intact" out
'

test_expect_success 'a state-changing request without its CSRF token is refused' '
	signin clerk anding-clerk-pw1 &&
	test "$(status clerk.jar /logout -X POST)" = 403 &&
	test "$(status clerk.jar /logout -X POST -d csrf=forged)" = 403 &&
	test "$(status clerk.jar /api/v1/me)" = 200 &&
	test "$(status clerk.jar /logout -X POST -d csrf=$(cat clerk.csrf))" = 303 &&
	test "$(status clerk.jar /api/v1/me)" = 401
'

test_expect_success 'scope: a clerk of Anding sees Anding, not Minxian, in pages and API alike' '
	signin clerk anding-clerk-pw1 &&
	curl -s -b clerk.jar "$URL/api/v1/records/projects?page=0" >p.json &&
	test_grep "621102" p.json && ! grep -q "621126000000" p.json &&
	curl -s -b clerk.jar "$URL/records/projects" >p.html && ! grep -q "621126000000" p.html &&
	test "$(status clerk.jar "/api/v1/reports/indicators?pairing=GL-MX")" = 403 &&
	test "$(status clerk.jar "/api/v1/reports/indicators?pairing=TJ-AD&year=2020")" = 200 &&
	curl -s -b clerk.jar "$URL/api/v1/reports/indicators?year=2020" >i.json &&
	test_grep "\"pairing\": *\"621102000000\"" i.json &&
	mx=$(store_sql "SELECT id FROM projects WHERE county = '"'"'621126000000'"'"' LIMIT 1") &&
	ad=$(store_sql "SELECT id FROM projects WHERE county = '"'"'621102000000'"'"' LIMIT 1") &&
	test "$(status clerk.jar "/api/v1/trace/project/$mx")" = 403 &&
	test "$(status clerk.jar "/api/v1/trace/project/$ad")" = 200 &&
	signin east fuzhou-office-pw &&
	test "$(status east.jar "/api/v1/reports/indicators?pairing=GL-MX")" = 200 &&
	test "$(status east.jar "/api/v1/trace/project/$mx")" = 200 &&
	zj=$(store_sql "SELECT id FROM projects WHERE county = '"'"'520524000000'"'"' LIMIT 1") &&
	test "$(status east.jar "/api/v1/trace/project/$zj")" = 403 &&
	test "$(status east.jar "/api/v1/reports/indicators?pairing=GZ-ZJ")" = 403
'

test_expect_success 'the API answers what the command line answers' '
	signin admin admin-password-1 &&
	curl -s -b admin.jar "$URL/api/v1/reports/indicators?pairing=GL-MX&year=2020" >api.json &&
	bf report indicators --pairing GL-MX --year 2020 --format json >cli.json &&
	test_cmp cli.json api.json &&
	test "$(status admin.jar "/api/v1/reports/indicators?pairing=NOPE")" = 404 &&
	test "$(status admin.jar "/api/v1/bulletin?month=2020-13")" = 400
'

test_expect_success 'every route as every role and as nobody' '
	signin auditor auditor-password && signin east fuzhou-office-pw && signin viewer dingxi-viewer-pw &&
	signin clerk anding-clerk-pw1 && signin admin admin-password-1 && : >nobody.jar &&
	while read -r path nobody admin clerk east auditor viewer; do
		for who in nobody admin clerk east auditor viewer; do
			eval want=\$$who
			got=$(status $who.jar "$path")
			test "$got" = "$want" || { echo "$path as $who: $got, not $want"; return 1; }
		done
	done <<-EOD
	/login 200 200 200 200 200 200
	/static/app.css 200 200 200 200 200 200
	/ 200 303 303 303 303 303
	/dashboard 303 200 200 200 200 200
	/records/projects 303 200 200 200 200 200
	/records/nosuchkind 303 404 404 404 404 404
	/audit 303 200 403 403 200 403
	/api 303 200 200 200 200 200
	/api/v1/me 401 200 200 200 200 200
	/api/v1/records/payments 401 200 200 200 200 200
	/api/v1/reports/funds 401 200 200 200 200 200
	/api/v1/reports/labour 401 200 200 200 200 200
	/api/v1/reports/nosuch 401 404 404 404 404 404
	/api/v1/bulletin?month=2020-06 401 200 200 200 200 200
	/import 303 200 200 200 403 403
	/api/v1/import 405 405 405 405 405 405
	/reports/indicators 303 200 200 200 200 200
	/reports/nosuch 303 404 404 404 404 404
	/bulletin 303 303 303 303 303 303
	/complaints 303 200 200 403 200 403
	/complaints/1 303 404 404 403 404 403
	/p 200 200 200 200 200 200
	/p/county/621102 200 200 200 200 200 200
	/p/lookup 200 200 200 200 200 200
	/p/ledger 200 200 200 200 200 200
	/p/nope 404 404 404 404 404 404
	/nope 404 404 404 404 404 404
	EOD
'

test_expect_success 'identity numbers stay masked in the API' '
	curl -s -b admin.jar "$URL/api/v1/records/persons" >persons.json &&
	test_grep "\*\*\*\*\*\*\*\*\*\*" persons.json &&
	! grep -E -q "[0-9]{17}[0-9X]" persons.json
'

test_expect_success 'Traditional Chinese and English by a switch' '
	curl -s -b admin.jar "$URL/dashboard?year=2020&lang=zh-TW" >tw.html &&
	test_grep "<html lang=\"zh-TW\">" tw.html && test_grep "轉移就業人數" tw.html &&
	curl -s -b admin.jar "$URL/dashboard?year=2020&lang=en" >en.html &&
	test_grep "<html lang=\"en\">" en.html && test_grep "Workers moved" en.html && test_grep "Dashboard" en.html &&
	! grep -q ">workers_transferred<\|fiscal_funds<\|财政帮扶资金" en.html
'

test_expect_success 'import by upload: row errors as the command line prints them, nothing lands' '
	signin clerk anding-clerk-pw1 &&
	n0=$(store_sql "SELECT COUNT(*) FROM projects") &&
	printf "id,name,county,category,budget,year,status\nAD-NEW-1,安定区新项目,621102,water,100000,2020,planned\nAD-NEW-2,坏项目,621102,water,1.234,2020,planned\n" >p.csv &&
	curl -s -b clerk.jar -H "X-CSRF-Token: $(cat clerk.csrf)" -H "Content-Type: text/csv" --data-binary @p.csv \
		-w "%{http_code}" -o r.json "$URL/api/v1/import?kind=projects" >code &&
	test "$(cat code)" = 422 && test_grep "\"imported\": *false" r.json &&
	test_grep "projects.csv:3:5: budget: amount 1.234 has more than two decimals" r.json &&
	test "$(store_sql "SELECT COUNT(*) FROM projects")" = "$n0" &&
	curl -s -b clerk.jar --data-urlencode "csrf=$(cat clerk.csrf)" -d kind=projects \
		--data-urlencode "csv@p.csv" -w "%{http_code}" -o r.html "$URL/import" >code &&
	test "$(cat code)" = 422 &&
	test_grep "<td>projects.csv</td><td class=\"n\">3</td><td class=\"n\">5</td><td>预算：金额 1.234 超过两位小数（最小单位为分）</td>" r.html &&
	! grep -q "bangfu: import failed" r.html &&
	curl -s -b clerk.jar --data-urlencode "csrf=$(cat clerk.csrf)" -d kind=projects \
		--data-urlencode "csv@p.csv" -o e.html "$URL/import?lang=en" &&
	test_grep "<td>budget: amount 1.234 has more than two decimals (fen is the smallest unit)</td>" e.html
'

test_expect_success 'a clerk writes only its county; a good file lands and is audited' '
	printf "id,name,county,category,budget,year,status\nMX-NEW-1,岷县项目,621126,water,100,2020,planned\n" >mx.csv &&
	curl -s -b clerk.jar -H "X-CSRF-Token: $(cat clerk.csrf)" -H "Content-Type: text/csv" --data-binary @mx.csv "$URL/api/v1/import?kind=projects" >r.json &&
	test_grep "projects.csv:2:3: county: 621126000000 lies outside 621102000000, the region this import may write" r.json &&
	curl -s -b clerk.jar "$URL/dashboard?year=2020" | grep -o "<td>帮扶项目</td><td class=\"n\"><a href=\"[^\"]*\">[0-9]*" >before &&
	head -2 p.csv >ok.csv &&
	curl -s -b clerk.jar -H "X-CSRF-Token: $(cat clerk.csrf)" -H "Content-Type: text/csv" --data-binary @ok.csv -w "%{http_code}" -o r.json \
		"$URL/api/v1/import?kind=projects" >code &&
	test "$(cat code)" = 200 && test_grep "projects.csv: 1 rows, 1 new" r.json &&
	test "$(store_sql "SELECT county FROM projects WHERE id = '"'"'AD-NEW-1'"'"'")" = 621102000000 &&
	curl -s -b clerk.jar "$URL/dashboard?year=2020" | grep -o "<td>帮扶项目</td><td class=\"n\"><a href=\"[^\"]*\">[0-9]*" >after &&
	test "$(sed "s/.*>//" after)" = $(( $(sed "s/.*>//" before) + 1 )) &&
	test "$(store_sql "SELECT action || '"'"' '"'"' || who || '"'"' '"'"' || what FROM audit ORDER BY seq DESC LIMIT 1")" = "import clerk projects.csv" &&
	curl -s -b clerk.jar -H "X-CSRF-Token: forged" -H "Content-Type: text/csv" --data-binary @ok.csv -o /dev/null -w "%{http_code}" \
		"$URL/api/v1/import?kind=projects" >code && test "$(cat code)" = 403
'

test_expect_success 'an eastern office sets targets of its own pairings only; a viewer imports nothing' '
	signin east fuzhou-office-pw &&
	printf "year,pairing,indicator,target\n2021,GL-MX,sales,60000000\n" >t.csv &&
	curl -s -b east.jar -H "X-CSRF-Token: $(cat east.csrf)" -H "Content-Type: text/csv" --data-binary @t.csv -w "%{http_code}" -o r.json \
		"$URL/api/v1/import?kind=targets" >code && test "$(cat code)" = 200 &&
	printf "year,pairing,indicator,target\n2021,GZ-ZJ,sales,1\n" >t2.csv &&
	curl -s -b east.jar -H "X-CSRF-Token: $(cat east.csrf)" -H "Content-Type: text/csv" --data-binary @t2.csv "$URL/api/v1/import?kind=targets" >r.json &&
	test_grep "pairing: 440100000000 lies outside 350100000000" r.json &&
	curl -s -b east.jar -H "X-CSRF-Token: $(cat east.csrf)" -H "Content-Type: text/csv" --data-binary @ok.csv -o /dev/null -w "%{http_code}" \
		"$URL/api/v1/import?kind=projects" >code && test "$(cat code)" = 403 &&
	signin viewer dingxi-viewer-pw &&
	curl -s -b viewer.jar -H "X-CSRF-Token: $(cat viewer.csrf)" -H "Content-Type: text/csv" --data-binary @t.csv -o /dev/null -w "%{http_code}" \
		"$URL/api/v1/import?kind=targets" >code && test "$(cat code)" = 403
'

test_expect_success 'project lifecycle: each step with its date and who took it; never backwards' '
	signin clerk anding-clerk-pw1 &&
	c=$(cat clerk.csrf) &&
	curl -s -b clerk.jar -H "X-CSRF-Token: $c" -X POST -o r.json -w "%{http_code}" \
		"$URL/api/v1/projects/AD-NEW-1/step?status=approved&date=2020-03-01" >code && test "$(cat code)" = 200 &&
	curl -s -b clerk.jar --data-urlencode "csrf=$c" -d status=started -d date=2020-04-01 -o /dev/null \
		-w "%{http_code}" "$URL/projects/AD-NEW-1" >code && test "$(cat code)" = 303 &&
	test "$(store_sql "SELECT status || '"'"' '"'"' || started FROM projects WHERE id = '"'"'AD-NEW-1'"'"'")" = "started 2020-04-01" &&
	test "$(store_sql "SELECT by_ FROM project_steps WHERE project = '"'"'AD-NEW-1'"'"' AND status = '"'"'started'"'"'")" = clerk &&
	curl -s -b clerk.jar "$URL/projects/AD-NEW-1" >pp.html &&
	test_grep "<td>2020-04-01</td><td>clerk</td>" pp.html &&
	curl -s -b clerk.jar -H "X-CSRF-Token: $c" -X POST -o r.json -w "%{http_code}" \
		"$URL/api/v1/projects/AD-NEW-1/step?status=approved&date=2020-05-01" >code &&
	test "$(cat code)" = 422 && test_grep "status" r.json &&
	test "$(store_sql "SELECT COUNT(*) FROM audit WHERE action = '"'"'project_step'"'"' AND what = '"'"'AD-NEW-1'"'"'")" = 2 &&
	mx=$(store_sql "SELECT id FROM projects WHERE county = '"'"'621126000000'"'"' LIMIT 1") &&
	curl -s -b clerk.jar -H "X-CSRF-Token: $c" -X POST -o /dev/null -w "%{http_code}" \
		"$URL/api/v1/projects/$mx/step?status=settled&date=2020-12-01" >code && test "$(cat code)" = 403 &&
	test "$(status clerk.jar "/projects/$mx")" = 403 &&
	signin auditor auditor-password &&
	curl -s -b auditor.jar -H "X-CSRF-Token: $(cat auditor.csrf)" -X POST -o /dev/null -w "%{http_code}" \
		"$URL/api/v1/projects/AD-NEW-1/step?status=completed&date=2020-06-01" >code && test "$(cat code)" = 403 &&
	test "$(status auditor.jar /projects/AD-NEW-1)" = 200
'

test_expect_success 'a step: the next one offered with a date picker; a date in the future or a step back explained in words' '
	signin clerk anding-clerk-pw1 && c=$(cat clerk.csrf) &&
	curl -s -b clerk.jar "$URL/projects/AD-NEW-1" >pp.html &&
	sed -n "s/.*<select name=\"status\">\(.*\)<\/select>.*/\1/p" pp.html | sed "s/<\/select>.*//" >steps &&
	test_grep "<option value=\"completed\" selected>完工</option>" steps && ! grep -q "<option value=\"approved\"" steps &&
	test_grep "type=\"date\" name=\"date\" max=\"$(date +%Y-%m-%d)\"" pp.html &&
	curl -s -b clerk.jar --data-urlencode "csrf=$c" -d status=completed -d date=2031-01-01 -o f.html \
		-w "%{http_code}" "$URL/projects/AD-NEW-1" >code && test "$(cat code)" = 422 &&
	test_grep "日期不能晚于今天" f.html &&
	test "$(store_sql "SELECT status FROM projects WHERE id = '"'"'AD-NEW-1'"'"'")" = started &&
	curl -s -b clerk.jar --data-urlencode "csrf=$c" -d status=approved -d date=2020-05-01 -o b.html \
		"$URL/projects/AD-NEW-1?lang=en" &&
	test_grep "A project only moves forward" b.html && ! grep -q "projects.csv\|import failed" b.html
'

test_expect_success 'reports and the bulletin as pages; lists and reports as csv and xlsx' '
	signin admin admin-password-1 &&
	curl -s -b admin.jar "$URL/reports/funds?pairing=FZ-DX" >f.html &&
	test_grep "<td>2018</td><td class=\"n\">252,000,000.00</td><td>+350.00%</td><td>是</td>" f.html &&
	test_grep "<th>财政资金（元）</th>" f.html && test_grep "<td>合计</td>" f.html &&
	curl -s -b admin.jar -D h "$URL/reports/funds?pairing=FZ-DX&format=csv" >f.csv &&
	test_grep "Content-Disposition: attachment; filename=\"funds.csv\"" h &&
	bf report funds --pairing FZ-DX --format csv >cli.csv &&
	: "for Excel on Chinese Windows: the byte-order mark, then the report as the command line prints it" &&
	test "$(head -c 3 f.csv | od -An -tx1 | tr -d " ")" = efbbbf &&
	tail -c +4 f.csv >f-bare.csv && test_cmp cli.csv f-bare.csv &&
	curl -s -b admin.jar "$URL/reports/funds?pairing=FZ-DX&format=csv&encoding=gb18030" >g.csv &&
	iconv -f GB18030 -t UTF-8 g.csv >g-utf8.csv && test_cmp cli.csv g-utf8.csv &&
	curl -s -b admin.jar "$URL/records/divisions?format=csv&search=621102" >d.csv &&
	iconv -f UTF-8 -t UTF-8 d.csv >/dev/null && mkdir -p back && cp d.csv back/divisions.csv &&
	bf import --dry-run back >/dev/null &&
	curl -s -b admin.jar "$URL/reports/projects?pairing=GZ-ZJ&format=xlsx" >p.xlsx &&
	unzip -p p.xlsx xl/sharedStrings.xml | grep -q "报账" &&
	curl -s -b admin.jar "$URL/records/projects?format=csv&search=AD-NEW" >r.csv &&
	test_grep "AD-NEW-1," r.csv &&
	curl -s -b admin.jar -D h "$URL/bulletin?month=2020-06" >b.html &&
	test_grep "东西部协作2020年6月工作通报" b.html &&
	hash=$(sed -n "/<style>/,/<\/style>/p" b.html | tr -d "\n" | sed "s/.*<style>\(.*\)<\/style>.*/\1/" |
		python3 -c "import sys,hashlib,base64; print(base64.b64encode(hashlib.sha256(sys.stdin.buffer.read()).digest()).decode())") &&
	test_grep "style-src .sha256-$hash." h &&
	curl -s -b admin.jar "$URL/bulletin?month=2020-06&format=xlsx" >b.xlsx && unzip -l b.xlsx >/dev/null &&
	test_grep "<nav class=\"tools\"><a href=\"/dashboard\">返回工作台</a>" b.html &&
	last=$(date -d "$(date +%Y-%m-01) -1 day" +%Y-%m) &&
	curl -s -b admin.jar -o /dev/null -w "%{redirect_url}" "$URL/bulletin" >r && test_grep "/bulletin?month=$last$" r &&
	curl -s -b admin.jar -D htw "$URL/bulletin?month=2020-06&lang=zh-TW" >tw.html &&
	test_grep "東西部協作2020年6月工作通報" tw.html &&
	hash=$(sed -n "/<style>/,/<\/style>/p" tw.html | tr -d "\n" | sed "s/.*<style>\(.*\)<\/style>.*/\1/" |
		python3 -c "import sys,hashlib,base64; print(base64.b64encode(hashlib.sha256(sys.stdin.buffer.read()).digest()).decode())") &&
	test_grep "style-src .sha256-$hash." htw &&
	signin clerk anding-clerk-pw1 &&
	curl -s -b clerk.jar "$URL/bulletin?month=2020-06&format=csv" >b.csv &&
	test_grep ",TJ-AD," b.csv && ! grep -q ",GL-MX," b.csv &&
	curl -s -b clerk.jar "$URL/bulletin?month=2020-06" >cb.html &&
	test_grep "<div class=\"issuer\">安定区东西部协作办公室</div>" cb.html &&
	curl -s -b clerk.jar "$URL/bulletin?month=2020-06&lang=en" >eb.html &&
	test_grep "<html lang=\"en\">" eb.html && test_grep "East–West Cooperation Office, 安定区" eb.html &&
	test_grep "<td>Workers moved</td>" eb.html && test_grep "Back to the dashboard" eb.html &&
	! grep -q "转移就业人数\|排名\|workers_transferred" eb.html
'

test_expect_success 'the dashboard of a city: its region rolled up, its pairings ranked' '
	signin viewer dingxi-viewer-pw &&
	curl -s -b viewer.jar "$URL/dashboard?year=2020" >v.html &&
	test_grep "<h2>定西市（辖区合计） · 2020</h2>" v.html &&
	test_grep "结对排名" v.html && test_grep "鼓楼区 — 岷县" v.html &&
	test_grep "value=\"GL-MX\"" v.html && test_grep "value=\"TJ-AD\"" v.html && ! grep -q "GZ-ZJ" v.html &&
	bf report indicators --west 621100 --year 2020 --format csv | grep ",workers_transferred," | cut -d, -f4 |
		sed ":a;s/\B[0-9]\{3\}\>/,&/;ta" >w &&
	test_grep "<td>转移就业人数</td><td class=\"n\"><a href=\"/records/workers?year=2020&amp;pairings_in=621100000000&amp;kind=transfer\">$(cat w)</a>" v.html
'

test_expect_success 'the dashboard drills down to the records behind each number, within the region' '
	signin clerk anding-clerk-pw1 &&
	curl -s -b clerk.jar "$URL/dashboard?year=2020" >d.html &&
	test_grep "<a href=\"/records/workers?year=2020&amp;pairings_in=621102000000&amp;kind=transfer\">" d.html &&
	curl -s -b clerk.jar "$URL/records/projects?in=621102100" >in.html &&
	test_grep "621102100" in.html &&
	curl -s -b clerk.jar "$URL/api/v1/records/projects?in=621126" >out.json &&
	! grep -q "621126000000" out.json
'

test_expect_success 'identity numbers in clear: auditors and administrators only, each view audited' '
	signin auditor auditor-password &&
	curl -s -b auditor.jar "$URL/api/v1/records/persons?clear=1" >clear.json &&
	grep -E -q "\"id_number\":\"[0-9]{17}[0-9X]\"" clear.json &&
	test "$(store_sql "SELECT who || '"'"' '"'"' || what FROM audit WHERE action = '"'"'view_clear_ids'"'"'")" = "auditor persons search= page=0" &&
	signin clerk anding-clerk-pw1 &&
	test "$(status clerk.jar "/api/v1/records/persons?clear=1")" = 403 &&
	test "$(status clerk.jar "/records/persons?clear=1")" = 403
'

test_expect_success 'the registers: auditors and administrators only, each view in the trail' '
	signin clerk anding-clerk-pw1 && signin auditor auditor-password &&
	test "$(status clerk.jar /records/registers)" = 403 &&
	test "$(status clerk.jar /api/v1/records/registers)" = 403 &&
	curl -s -b clerk.jar "$URL/records" >ri.html && ! grep -q "/records/registers" ri.html &&
	test "$(status auditor.jar /records/registers)" = 200 &&
	test "$(store_sql "SELECT COUNT(*) FROM audit WHERE action = '"'"'view_registers'"'"' AND who = '"'"'auditor'"'"'")" = 1
'

test_expect_success 'the audit checks as pages: findings by check and county, each moved on there' '
	bf audit --as-of 2021-06-30 --keep --format csv >/dev/null 2>&1 &&
	signin auditor auditor-password && signin clerk anding-clerk-pw1 &&
	test "$(status clerk.jar /checks)" = 403 &&
	curl -s -b auditor.jar "$URL/checks" >c.html &&
	test_grep "<a href=\"/checks/late_fiscal\">财政资金迟到位</a>" c.html && test_grep "各县待处理发现" c.html &&
	id=$(bf findings --check late_fiscal --format csv | sed -n 2p | cut -d, -f1) && rec=${id##*:} &&
	curl -s -b auditor.jar "$URL/checks/late_fiscal" >l.html &&
	test_grep "<a href=\"/trace/fund/$rec\">$rec</a>" l.html && test_grep "财政资金应在一季度到位" l.html &&
	curl -s -b auditor.jar --data-urlencode "csrf=$(cat auditor.csrf)" -d action=dismiss -o d.html -w "%{http_code}" \
		"$URL/checks/late_fiscal?finding=$id" >code && test "$(cat code)" = 422 &&
	curl -s -b auditor.jar --data-urlencode "csrf=$(cat auditor.csrf)" -d action=confirm -d arg=100 -o d.html -w "%{http_code}" \
		"$URL/checks/late_fiscal?finding=$id" >code && test "$(cat code)" = 200 &&
	test_grep "confirmed, to recover 100.00, was open" d.html &&
	bf findings --state confirmed --format csv | grep -q "^$id," &&
	test "$(store_sql "SELECT who FROM audit WHERE action = '"'"'finding_state'"'"' ORDER BY seq DESC LIMIT 1")" = auditor &&
	: "the same over the API, and on the auditor'"'"'s dashboard" &&
	curl -s -b auditor.jar "$URL/api/v1/findings?state=confirmed" >f.json &&
	test_grep "\"id\": *\"$id\"" f.json && test_grep "\"recover\": *\"100.00\"" f.json &&
	curl -s -b auditor.jar "$URL/api/v1/checks" >k.json && test_grep "\"check\": *\"late_fiscal\"" k.json &&
	test "$(status clerk.jar /api/v1/findings)" = 403 &&
	test "$(status auditor.jar "/api/v1/findings?county=%FF")" = 400 &&
	curl -s -b auditor.jar "$URL/dashboard?year=2020" >ad.html && test_grep "<h2><a href=\"/checks\">各县待处理发现</a></h2>" ad.html &&
	curl -s -b clerk.jar "$URL/dashboard?year=2020" >cd.html && ! grep -q "各县待处理发现" cd.html
'

test_expect_success 'a county'"'"'s auditor sees and handles the findings of the county alone' '
	echo "county-auditor-pw1" | bf user add auditor2 --role auditor --region 621102 >/dev/null &&
	signin auditor2 county-auditor-pw1 &&
	bf findings --format csv | tail -n +2 >all &&
	mine=$(grep -c "^[^,]*,[^,]*,[^,]*,[^,]*,621102" all) && test "$mine" -gt 0 &&
	other=$(grep -v "^[^,]*,[^,]*,[^,]*,[^,]*,621102" all | head -1) && test -n "$other" &&
	oid=${other%%,*} && ocheck=$(echo "$other" | cut -d, -f2) && orec=$(echo "$other" | cut -d, -f4) &&
	curl -s -b auditor2.jar "$URL/api/v1/findings?limit=10000" >f2.json &&
	test "$(grep -o "\"county\": *\"[0-9]*\"" f2.json | wc -l)" = "$mine" &&
	! grep "\"county\": *\"[0-9]*\"" f2.json | grep -v -q "621102" &&
	curl -s -b auditor2.jar "$URL/checks/$ocheck" >o.html && ! grep -q ">$orec<" o.html &&
	curl -s -b auditor2.jar "$URL/checks/$ocheck?county=$(echo "$other" | cut -d, -f5)" >o.html && ! grep -q ">$orec<" o.html &&
	curl -s -b auditor.jar "$URL/checks/$ocheck?county=$(echo "$other" | cut -d, -f5)" >o.html && test_grep ">$orec<" o.html &&
	curl -s -b auditor2.jar --data-urlencode "csrf=$(cat auditor2.csrf)" -d action=assign -d arg=auditor2 -o /dev/null \
		-w "%{http_code}" "$URL/checks/$ocheck?finding=$oid" >code && test "$(cat code)" = 404 &&
	bf findings --format csv | grep -q "^$oid,.*,open," &&
	curl -s -b auditor2.jar "$URL/checks" >c2.html && curl -s -b auditor.jar "$URL/checks" >c1.html &&
	! cmp -s c1.html c2.html &&
	curl -s -b auditor2.jar "$URL/api/v1/findings?limit=0" -o /dev/null -w "%{http_code}" >code && test "$(cat code)" = 400
'

test_expect_success 'the portal never shows a register entry or a finding' '
	H=$(bf list payments --in 621102 --clear-ids --format csv | awk -F, "length(\$4) == 18 { print \$4; exit }") &&
	printf "register,id_number,name,from,note\nstaff,$H,核查名单专用姓名,2017-01-01,核查名单专用备注\n" >registers.csv &&
	bf import registers.csv >/dev/null &&
	bf audit --keep --format csv >/dev/null 2>&1 &&
	: "on the check'"'"'s page: the payee, masked, and the register entry; that view audited" &&
	signin auditor auditor-password && curl -s -b auditor.jar "$URL/checks/payee_is_staff" >ps.html &&
	test_grep "财政供养人员 [^ <]* ${H:0:4}\*\*\*\*\*\*\*\*\*\*${H:14:4} 2017-01-01 起" ps.html && ! grep -q "$H" ps.html &&
	test "$(store_sql "SELECT COUNT(*) FROM audit WHERE action = '"'"'view_registers'"'"' AND what LIKE '"'"'checks/payee_is_staff%'"'"'")" = 1 &&
	for p in /p /p/county/621102 /p/village/621102108217 /p/ledger /p/report; do
		curl -s "$URL$p" >pp.html &&
		! grep -q "核查名单专用\|paid_after_death\|payee_is_staff\|finding" pp.html || return 1
	done &&
	test "$(curl -s -o /dev/null -w "%{http_code}" "$URL/p/registers")" = 404
'

test_expect_success 'stop the server' '
	stop_server
'

test_done
