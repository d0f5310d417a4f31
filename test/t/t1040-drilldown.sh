#!/bin/bash
# t1040: a number drills down to exactly the records behind it.  On the
# demo: list --pairing --year --where gives, for each indicator a dashboard
# links, the rows (or money) report indicators counts; the dashboard of
# each role links every such number to a records page whose total is that
# number; the records pages narrow by year, value and amount, and an
# eastern office sees the western records of its pairings.
. "$(dirname "$0")/../lib.sh"

# count ARGS...: how many records `list` keeps; money ARGS...: their total
count() { bf list "$@" --limit 1 | tail -1 | sed -E "s/^\((1 of )?([0-9]+).*/\2/"; }
money() { bf list "$@" --limit 1 | tail -1 | sed -n "s/.*金额合计 \([-0-9.]*\)元.*/\1/p"; }

test_expect_success 'setup: the demo, its accounts, a server' '
	demo_store_with_roles && start_server && signin_all
'

test_expect_success 'list --pairing --year --where: the records each indicator counts, to the record' '
	for p in FZ-DX FQ-TW TJ-AD GL-MX; do
		for y in 2019 2020; do
			bf report indicators --pairing $p --year $y --format csv >r.csv || return 1
			v() { awk -F, -v i="$1" "\$3 == i { print \$4 }" r.csv; }
			test "$(money funds --pairing $p --year $y --where kind=fiscal)" = "$(v fiscal_funds)" &&
			test "$(money funds --pairing $p --year $y --where "kind=social|goods")" = "$(v social_funds)" &&
			test "$(count projects --pairing $p --year $y)" = "$(v projects)" &&
			test "$(count workers --pairing $p --year $y --where kind=transfer)" = "$(v workers_transferred)" &&
			test "$(count workers --pairing $p --year $y --where kind=graduate)" = "$(v graduates_hired)" &&
			test "$(money sales --pairing $p --year $y)" = "$(v sales)" &&
			test "$(money investments --pairing $p --year $y)" = "$(v investment)" &&
			test "$(count workshops --pairing $p --year $y)" = "$(v workshops)" &&
			test "$(count exchanges --pairing $p --year $y --where kind=cadre)" = "$(v cadres)" &&
			test "$(count events --pairing $p --year $y --where kind=joint_meeting)" = "$(v joint_meetings)" || {
				echo "$p $y differs"; return 1; }
		done
	done
'

test_expect_success 'list narrows by year, by values in English or Chinese, by amount; says what is wrong' '
	test "$(count projects --year 2020 --where status=settled,category=industry)" = \
		"$(store_sql "SELECT COUNT(*) FROM projects WHERE year = 2020 AND status = '"'"'settled'"'"' AND category = '"'"'industry'"'"'")" &&
	test "$(count projects --year 2020 --where status=报账,category=产业)" = \
		"$(count projects --year 2020 --where status=settled,category=industry)" &&
	test "$(count payments --min 1,000,000 --max 2000000)" = \
		"$(store_sql "SELECT COUNT(*) FROM payments WHERE amount BETWEEN 100000000 AND 200000000")" &&
	test_must_fail bf list funds --where kind=loan 2>err && test_grep "kind=loan: not a value of kind (choose fiscal|social|goods)" err &&
	test_must_fail bf list funds --where note=x 2>err && test_grep "funds have no such column with a fixed set of values" err &&
	test_must_fail bf list divisions --year 2020 2>err && test_grep "divisions have no date or year" err &&
	test_must_fail bf list funds --pairing NO-SUCH 2>err && test_grep "no such pairing" err &&
	test_must_fail bf list funds --min 1,23 2>err && test_grep "is not an amount" err
'

# check_links JAR DASHBOARD-PATH: every number the dashboard links is the
# total of the records page it links to
check_links() {
	curl -s -b "$1" "$URL$2" >d.html &&
	grep -o "<td>[^<]*</td><td class=\"n\"><a href=\"[^\"]*\">[-0-9,.]*[^<]*</a>" d.html >links &&
	test -s links &&
	while IFS= read -r l; do
		case "$l" in # the records behind a count of distinct things or of a column
		*引进企业*|*车间就业*|*其中贫困人口*|*培训人次*) continue ;;
		esac
		href=$(echo "$l" | sed "s/.*href=\"\([^\"]*\)\".*/\1/; s/&amp;/\&/g") &&
		num=$(echo "$l" | sed "s/.*\">\([-0-9,.]*\)[^<]*<\/a>$/\1/; s/,//g") &&
		curl -s -b "$1" "$URL$href" >rec.html &&
		total=$(grep -o "<p class=\"total\">[^<]*" rec.html) &&
		case "$l" in
		*万元*) yuan=$(echo "$total" | sed "s/.*金额合计 \([-0-9,.]*\)元.*/\1/; s/,//g")
			got=$(awk -v y="$yuan" "BEGIN { printf \"%.2f\", y / 10000 }") ;;
		*) got=$(echo "$total" | sed "s/.*共 \([0-9]*\) 条.*/\1/") ;;
		esac
		test "$got" = "$num" || { echo "$2: $href: $num on the dashboard, $total behind it"; return 1; }
	done <links
}

test_expect_success 'each dashboard number opens on exactly its records: a clerk, an eastern office, a pairing' '
	check_links clerk.jar "/dashboard?year=2020" &&
	check_links east.jar "/dashboard?year=2020&pairing=FQ-TW" &&
	check_links east.jar "/dashboard?year=2019&pairing=FZ-DX" &&
	check_links admin.jar "/dashboard?year=2020&pairing=GL-MX" &&
	check_links admin.jar "/dashboard?year=2020" &&
	check_links viewer.jar "/reports/indicators?year=2019"
'

test_expect_success '指标完成情况 opens on the region and a year, the pairings ranked by name, ties sharing a rank' '
	curl -s -b viewer.jar "$URL/reports/indicators" >i.html &&
	test_grep "<h2>定西市（辖区合计） · 20[0-9][0-9]</h2>" i.html &&
	test "$(grep -c "<tr><td>" i.html)" -le 40 &&
	test_grep "各结对完成情况" i.html &&
	grep -o "<tr><td class=\"n\">[0-9]*</td><td><a href=\"[^\"]*\">[^<]*</a></td><td class=\"n\">[0-9]*</td><td class=\"n\">[0-9]*%" i.html |
		sed "s/<[^>]*>/ /g" >ranks &&
	test "$(wc -l <ranks)" -ge 2 &&
	awk "{ print \$1, \$NF }" ranks | awk "NR > 1 && \$2 == p && \$1 != r { bad = 1 } NR > 1 && \$2 != p && \$1 != NR { bad = 1 }
		{ p = \$2; r = \$1 } END { exit bad }" &&
	curl -s -b viewer.jar "$URL/reports/indicators?year=2020&pairing=GL-MX" >g.html &&
	test_grep "<h2>鼓楼区 — 岷县 · 2020</h2>" g.html &&
	test "$(status viewer.jar "/reports/indicators?pairing=GZ-ZJ")" = 404 &&
	curl -s -b viewer.jar "$URL/reports/indicators?format=csv&year=2020&pairing=GL-MX" >g.csv &&
	test_grep "GL-MX,2020,workers_transferred," g.csv
'

test_expect_success 'the dashboard: the year and pairing as choices, by name; a pairing out of sight is not found' '
	curl -s -b east.jar "$URL/dashboard?year=2020" >e.html &&
	test_grep "<option value=\"FQ-TW\">福清市 — 通渭县</option>" e.html &&
	test_grep "<option selected>2020</option>" e.html &&
	! grep -q "value=\"GZ-ZJ\"" e.html &&
	test "$(status east.jar "/dashboard?pairing=GZ-ZJ")" = 404 &&
	: "a hundred million yuan and more: 亿元 on a card" &&
	yi=$(bf report indicators --east 350100 --year 2020 --format csv | awk -F, "\$3 == \"fiscal_funds\" { printf \"%.2f\", \$4 / 100000000 }") &&
	test_grep "<span class=\"k\">财政帮扶资金</span><span class=\"v\">$yi<small>亿元</small>" e.html &&
	test "$(status east.jar "/dashboard?year=20x")" = 400
'

test_expect_success 'an eastern office sees the projects and payments of its pairings'"'"' western counties' '
	curl -s -b east.jar "$URL/records/projects?year=2020" >p.html &&
	n=$(grep -o "<p class=\"total\">共 [0-9]*" p.html | grep -o "[0-9]*$") &&
	test "$n" -gt 0 &&
	test "$n" -ge "$(count projects --year 2020 --pairing FZ-DX)" &&
	curl -s -b east.jar "$URL/records/payments" >pay.html && test_grep "<p class=\"total\">共 [1-9]" pay.html &&
	curl -s -b east.jar "$URL/records/projects?in=530626" >zj.html && test_grep "<p class=\"total\">共 0 " zj.html
'

test_expect_success 'a records page: its choices keep to the page, pages are numbered' '
	curl -s -b clerk.jar "$URL/records/payments?year=2020&purpose=relief" >r.html &&
	test_grep "<option value=\"relief\" selected>救助金</option>" r.html &&
	test_grep "<option value=\"2020\" selected>2020</option>" r.html &&
	curl -s -b clerk.jar "$URL/records/payments" >all.html &&
	test_grep "<nav class=\"pages\">" all.html && test_grep "<a href=\"?page=1\">2</a>" all.html &&
	test "$(status clerk.jar "/records/payments?purpose=x")" = 400
'

test_expect_success 'stop the server' 'stop_server'
test_done
