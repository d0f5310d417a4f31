#!/bin/bash
# t1100: records whose ids, names and notes hold markup (<u7>, quotes,
# ampersands, as a spreadsheet can) show as text on every page that shows
# them, staff and public, in every language; and a record whose id is not
# plain ASCII (安定-2020-01) opens from the link to it.
. "$(dirname "$0")/../lib.sh"

M='M<u7>'
ENC='M%3Cu7%3E'

test_expect_success 'setup: the demo bundle, records with markup in ids and names, a server' '
	demo_store_with_roles &&
	P1=$(idnum 62110219800101001) && P2=$(idnum 62110219900202002) &&
	mkdir marked && cd marked &&
	printf "code,name,kind,division\nL-MU71,\"<u7>\"\"q & 公司\",enterprise,621102\n" >orgs.csv &&
	printf "id,east,west,level,since,until,agreement\n${M}P,350103,621102,county,2020-01-01,,<u7>协议\n" >pairings.csv &&
	printf "id,village,head,size,status,registered,exited\n${M}H,621102108217,$P1,2,poor,2015,\n" >households.csv &&
	printf "id_number,name,household,relation,labour,died\n$P1,<u7>明,${M}H,户主,1,\n$P2,<u7>华,${M}H,子女,1,\n" >persons.csv &&
	printf "id,date,kind,from,to,pairing,amount,reverses,note\n${M}F,2020-03-01,fiscal,350103,621102,${M}P,100000.00,,<u7>note\n" >funds.csv &&
	printf "id,name,county,village,pairing,category,budget,year,status,started,completed,accepted,settled\n" >projects.csv &&
	printf "${M}J,\"<u7>\"\"q 项目\",621102,621102108217,${M}P,industry,100000.00,2020,started,2020-03-05,,,\n" >>projects.csv &&
	printf "安定-2020-01,安定区非ASCII编号项目,621102,621102108217,,water,50000.00,2020,approved,,,,\n" >>projects.csv &&
	printf "project,household\n${M}J,${M}H\n" >beneficiaries.csv &&
	printf "id,date,fund,project,amount,reverses\n${M}A,2020-03-02,${M}F,${M}J,100000.00,\n" >allocations.csv &&
	printf "id,date,project,payee,amount,purpose,reverses\n${M}X,2020-03-10,${M}J,$P1,5000.00,wage,\n${M}Y,2020-03-11,${M}J,L-MU71,6000.00,contract,\n${M}Z,2020-03-12,${M}J,$P1,5000.00,wage,${M}X\n" >payments.csv &&
	printf "id_number,name,origin,employer,destination,batch,start,end,kind\n$P2,<u7>华,621102,L-MU71,350103,<u7>批,2020-04-01,,\n" >workers.csv &&
	printf "id,name,org,village,certified,jobs,poor_jobs\n${M}W,<u7>车间,L-MU71,621102108217,2020-05-01,10,3\n" >workshops.csv &&
	printf "id,date,seller,buyer,product,amount,poor_households,pairing\n${M}S,2020-06-01,L-MU71,91350104F9D407FCK2,<u7>产品,1000.00,2,${M}P\n" >sales.csv &&
	printf "id,date,org,county,amount,poor_employed,poor_driven,pairing\n${M}I,2020-07-01,91350104F9D407FCK2,621102,50000.00,1,2,${M}P\n" >investments.csv &&
	printf "id,name,kind,direction,pairing,start,end\n${M}E,<u7>名,cadre,east_west,${M}P,2020-01-01,\n" >exchanges.csv &&
	printf "id,date,title,kind,pairing,person_times\n${M}T,2020-08-01,<u7>培训,technical,${M}P,10\n" >trainings.csv &&
	printf "id,date,kind,pairing,note\n${M}V,2020-09-01,joint_meeting,${M}P,<u7>会议\n" >events.csv &&
	printf "year,pairing,indicator,target\n2020,${M}P,sales,100.00\n" >targets.csv &&
	cd .. && bf import marked >import.out 2>&1 || { cat import.out; return 1; }
	test "$(store_sql "SELECT name FROM projects WHERE id = '"'"'${M}J'"'"'")" = "<u7>\"q 项目" &&
	bf audit --keep >/dev/null &&
	start_server && signin_all &&
	: "a public report and its reply hold markup too" &&
	curl -s -c pub.jar -b pub.jar "$URL/p/report" >/dev/null && tok=$(awk "\$6 == \"bf_pre\" { print \$7 }" pub.jar) &&
	curl -s -b pub.jar --data-urlencode "csrf=$tok" -d about=project --data-urlencode "subject=${M}J" \
		--data-urlencode "text=<u7>路灯 & \"灯\"" --data-urlencode "contact=<u7>电话" -o r.html "$URL/p/report" &&
	no=$(grep -o "JB-[A-Z0-9-]*" r.html | head -1) && test -n "$no" &&
	seq=$(store_sql "SELECT seq FROM complaints WHERE tracking = '"'"'$no'"'"'") &&
	curl -s -b admin.jar -o /dev/null -w "%{http_code}" --data-urlencode "csrf=$(cat admin.csrf)" -d action=reply \
		--data-urlencode "reply=<u7>已核实" "$URL/complaints/$seq" >code && test "$(cat code)" = 303
'

test_expect_success 'a record whose id is not ASCII opens from its link, on staff pages and the portal' '
	curl -s -b clerk.jar "$URL/records/projects?search=%E5%AE%89%E5%AE%9A-2020" >list.html &&
	link=$(grep -o "href=\"/projects/[^\"]*\"" list.html | head -1 | sed "s/href=\"//; s/\"\$//") &&
	test "$link" = "/projects/%E5%AE%89%E5%AE%9A-2020-01" &&
	test "$(status clerk.jar "$link")" = 200 &&
	curl -s -b clerk.jar "$URL$link" >p.html && test_grep "<h1>安定区非ASCII编号项目</h1>" p.html &&
	test "$(status clerk.jar "/trace/project/%E5%AE%89%E5%AE%9A-2020-01")" = 200 &&
	test "$(status - "/p/project/%E5%AE%89%E5%AE%9A-2020-01")" = 200 &&
	: "a path that decodes to a NUL or a line break is refused, not cut short" &&
	test "$(status clerk.jar "/projects/P2017-0001%00x")" = 400 &&
	test "$(status clerk.jar "/projects/P2017-0001%0A")" = 400 &&
	test "$(status clerk.jar "/projects/P2017-0001")" = 200
'

start_pages() { # the pages that show the marked records, for role $1
	for k in orgs pairings households persons funds projects beneficiaries allocations payments workers \
		workshops sales investments exchanges trainings events targets; do
		echo "/records/$k?search=u7"
		echo "/records/$k?search=$ENC"
	done
	echo /records/findings
	echo /records
	echo /dashboard
	echo "/dashboard?year=2020&pairing=$ENC"P
	for r in funds projects labour indicators; do echo "/reports/$r?pairing=$ENC"P; echo "/reports/$r"; done
	echo "/bulletin?month=2020-09"
	echo "/projects/$ENC"J
	echo "/trace/fund/$ENC"F
	echo "/trace/project/$ENC"J
	echo "/trace/payment/$ENC"X
	echo "/trace/payment/$ENC"Z
	echo /checks
	echo /audit
	echo /complaints
	echo "/complaints/$seq"
}

test_expect_success 'markup in records stays text on every staff page, in each language and for each kind of role' '
	for run in admin:zh-CN admin:zh-TW admin:en clerk:zh-CN auditor:zh-CN; do
		who=${run%%:*} lang=${run#*:} &&
		start_pages | sed "s/\$/\&lang=$lang/; s/^\([^?]*\)&/\1?/" >starts &&
		MARK="<u7>" python3 "$SRCDIR/test/tool/crawl.py" "$URL" $who.jar $(cat starts) >crawl.out 2>crawl.err ||
			{ echo "$who $lang:"; cat crawl.err; return 1; }
	done &&
	test "$(wc -l <crawl.out)" -gt 60 &&
	: "the marked project was among the pages, its name as text" &&
	curl -s -b admin.jar "$URL/projects/$ENC"J >j.html &&
	test_grep "&lt;u7&gt;&quot;q 项目\|&lt;u7&gt;\"q 项目" j.html
'

test_expect_success 'markup in records stays text on every public page' '
	for lang in zh-CN zh-TW en; do
		MARK="<u7>" python3 "$SRCDIR/test/tool/crawl.py" "$URL" - "/p?lang=$lang" "/p/county/621102?lang=$lang" \
			"/p/village/621102108217?lang=$lang" "/p/project/${ENC}J?lang=$lang" "/p/pairing/${ENC}P?lang=$lang" \
			>crawl.out 2>crawl.err || { echo "$lang:"; cat crawl.err; return 1; }
	done &&
	curl -s "$URL/p/project/${ENC}J" >pj.html && test_grep "&lt;u7&gt;" pj.html &&
	curl -s "$URL/p/track?no=$no" >t.html && test_grep "&lt;u7&gt;已核实" t.html && test_grep_not "<u7>" t.html
'

stop_server
test_done
