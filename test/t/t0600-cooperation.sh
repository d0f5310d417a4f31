#!/bin/bash
# t0600: cooperation records, targets, the indicators they feed, the
# labour report and the monthly bulletin.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'cooperation records and targets import; export, import, export is identical' '
	make_coop_bundle b && new_store && bf init &&
	bf import b >out &&
	test_grep "workers.csv: 4 rows, 4 new" out &&
	test_grep "targets.csv: 4 rows, 4 new" out &&
	bf export before &&
	new_store && bf init && bf import before >/dev/null && bf export again &&
	diff -r before again &&
	bf import b >out && test_grep "workers.csv: 4 rows, 0 new, 4 already there" out
'

test_expect_success 'every indicator of a pairing and year, with its target' '
	bf report indicators --pairing GL-MX --year 2018 --as-of 2018-12-31 --format csv >out &&
	test "$(head -1 out)" = "pairing,year,indicator,value,target" &&
	test "$(wc -l <out)" = 37 &&
	cat >expect <<-EOD &&
	GL-MX,2018,fiscal_funds,1000000.00,
	GL-MX,2018,social_funds,50000.00,
	GL-MX,2018,projects,2,
	GL-MX,2018,workers_transferred,4,5
	GL-MX,2018,workers_poor,3,
	GL-MX,2018,workers_stable,3,
	GL-MX,2018,sales,1200000.50,1500000.00
	GL-MX,2018,investment,6000000.00,
	GL-MX,2018,enterprises,1,
	GL-MX,2018,workshops,1,
	GL-MX,2018,workshop_jobs,50,
	GL-MX,2018,workshop_poor_jobs,20,
	GL-MX,2018,cadres,1,2
	GL-MX,2018,teachers,1,
	GL-MX,2018,doctors,0,
	GL-MX,2018,technicians,0,
	GL-MX,2018,trained_person_times,150,
	GL-MX,2018,joint_meetings,1,
	GL-MX,2018,leader_visits,1,
	GL-MX,2018,paired_poor_villages,1,
	GL-MX,2018,graduates_hired,0,
	GL-MX,2018,public_welfare_jobs,0,
	GL-MX,2018,workers_to_partner,4,
	GL-MX,2018,workers_elsewhere,0,
	GL-MX,2018,workers_local,0,
	GL-MX,2018,workers_other_provinces,0,
	GL-MX,2018,job_fairs,1,
	GL-MX,2018,supervision_visits,0,
	GL-MX,2018,department_visits,0,
	GL-MX,2018,west_towns_paired,0,
	GL-MX,2018,east_towns_paired,0,
	GL-MX,2018,east_villages_paired,0,
	GL-MX,2018,enterprises_paired,1,
	GL-MX,2018,social_orgs_paired,0,
	GL-MX,2018,schools_paired,0,
	GL-MX,2018,hospitals_paired,0,
	EOD
	tail -n +2 out >got && test_cmp expect got
'

test_expect_success 'the pairing within counts its own records; a record without pairing counts where its places lie' '
	bf report indicators --pairing GLQ-CG --year 2018 --format csv >out &&
	test_grep "^GLQ-CG,2018,sales,1000000.50,1000000.00$" out &&
	test_grep "^GLQ-CG,2018,teachers,1,$" out &&
	test_grep "^GLQ-CG,2018,trained_person_times,30,$" out &&
	test_grep "^GLQ-CG,2018,investment,0.00,$" out &&
	test_grep "^GLQ-CG,2018,paired_poor_villages,1,$" out &&
	! grep -q "^GLQ-CG,2019" out
'

test_expect_success 'stable as of a date: open transfers count once three calendar months have passed' '
	bf report indicators --pairing GL-MX --year 2018 --as-of 2018-09-30 --format csv >out &&
	test_grep "^GL-MX,2018,workers_stable,2,$" out &&
	bf report indicators --pairing GL-MX --year 2018 --as-of 2018-10-01 --format csv >out &&
	test_grep "^GL-MX,2018,workers_stable,3,$" out
'

test_expect_success 'years run from the earliest to the latest record; 2019 has its own figures' '
	bf report indicators --pairing GL-MX --format csv >out &&
	test "$(cut -d, -f2 out | sort -u | tr "\n" " ")" = "2018 2019 year " &&
	test_grep "^GL-MX,2019,investment,300000.00,$" out &&
	test_grep "^GL-MX,2019,enterprises,1,$" out &&
	test_grep "^GL-MX,2019,workshop_poor_jobs,30,$" out &&
	test_grep "^GL-MX,2019,technicians,1,$" out
'

test_expect_success 'a western county and city roll up their pairings, each record once' '
	bf report indicators --west 621100 --year 2018 --format csv >out &&
	test_grep "^621100000000,2018,sales,1200000.50,1500000.00$" out &&
	test_grep "^621100000000,2018,trained_person_times,150,$" out &&
	bf report indicators --west 621126 --year 2018 --format csv >out &&
	test_grep "^621126000000,2018,workers_transferred,4,5$" out &&
	bf report indicators --east 350100 --year 2018 --format csv >out &&
	test_grep "^350100000000,2018,investment,6000000.00,$" out
'

test_expect_success 'labour: person-times and persons, poor, stable, employed; one person'"'"'s history' '
	bf report labour --as-of 2018-12-31 --format csv >out &&
	test_grep "^batch,2018-1,2,2,2,2,1,0$" out &&
	test_grep "^total,all,4,3,3,2,3,2$" out &&
	bf report labour --person "$HEAD1" --as-of 2018-12-31 --format csv >out &&
	test "$(wc -l <out)" = 3 &&
	test_grep "^张小明,6211\*\*\*\*\*\*\*\*\*\*0019,2018-07-01,,岷县,鼓楼区,福州闽岷食品有限公司,2018-2,yes,yes$" out &&
	! grep -q "$HEAD1" out
'

test_expect_success 'bulletin: year to the month'"'"'s end, target, completion, elapsed, behind, rank' '
	bf bulletin --month 2018-06 --format csv >out &&
	test_grep "^1,GL-MX,鼓楼区,岷县,workers_transferred,2,5,40.00%,50.00%,yes$" out &&
	test_grep "^1,GL-MX,鼓楼区,岷县,cadres,1,2,50.00%,50.00%,$" out &&
	test_grep "^1,GL-MX,鼓楼区,岷县,trained_person_times,120,,,50.00%,$" out &&
	! grep -q GLQ-CG out &&
	bf bulletin --month 2018-06 >text &&
	test_grep "东西部协作2018年6月工作通报" text &&
	test_grep "转移就业人数：2 / 目标 5，完成 40.00%【滞后】" text &&
	bf bulletin --month 2018-12 --format html --output b.html &&
	test_grep "<h1>东西部协作2018年12月工作通报</h1>" b.html &&
	test_grep "@page{size:A4" b.html &&
	! grep -E -q "(src|href)=" b.html &&
	bf bulletin --month 2018-12 --format xlsx --output b.xlsx &&
	unzip -p b.xlsx xl/sharedStrings.xml >strings &&
	test_grep "转移就业人数" strings &&
	bf bulletin --month 2018-12 --west 530627 --format csv >out &&
	test "$(wc -l <out)" = 1
'

test_expect_success 'a target read again replaces the earlier one' '
	printf "year,pairing,indicator,target\n2018,GL-MX,sales,1600000\n" >targets.csv &&
	bf import targets.csv >out && test_grep "1 updated" out &&
	bf report indicators --pairing GL-MX --year 2018 --format csv >out &&
	test_grep "^GL-MX,2018,sales,1200000.50,1600000.00$" out
'

test_expect_success 'bad cooperation rows are refused, each named, and nothing lands' '
	rm -rf before && bf export before &&
	cat >workers.csv <<-EOD &&
	id_number,name,origin,employer,destination,batch,start,end
	$DEAD,赵老汉,621126,,350102,,2018-03-01,
	$OTHER,陈志强,621199,,350102,,2018-03-01,
	$OTHER,陈志强,621126,L-NONE,350102,,2018-04-01,2018-03-01
	$OTHER,陈志强,350102,,350102,,2018-05-01,
	EOD
	printf "id,name,org,village,certified,jobs,poor_jobs\nW9,车间,,621126100201,2018-01-01,10,11\nW10,车间,,621126100,2018-01-01,10,1\n" >workshops.csv &&
	printf "id,date,seller,buyer,product,amount,poor_households,pairing\nS9,2018-01-01,L-NONE,L-GL-002,,1,,\nS10,2018-01-01,L-GL-002,L-MX-001,,1,,NOPAIR\n" >sales.csv &&
	printf "id,date,org,county,amount,poor_employed,poor_driven,pairing\nI9,2018-01-01,L-GL-003,621199,1,,,\n" >investments.csv &&
	printf "id,name,kind,direction,pairing,start,end\nE9,某人,cadre,west_east,GL-MX,2018-05-01,2018-04-01\n" >exchanges.csv &&
	printf "year,pairing,indicator,target\n2018,GL-MX,happiness,5\n2018,NOPAIR,sales,1\n2018,GL-MX,workers_poor,1.5\n" >targets.csv &&
	refused workers.csv workshops.csv sales.csv investments.csv exchanges.csv targets.csv &&
	test_grep "^workers.csv:2:7: start: the person was recorded as dead on 2017-01-01, before 2018-03-01" err &&
	test_grep "^workers.csv:3:3: origin: 621199000000 does not exist" err &&
	test_grep "^workers.csv:4:4: employer: organisation L-NONE does not exist" err &&
	test_grep "^workers.csv:4:8: end: 2018-03-01 is before start 2018-04-01" err &&
	test_grep "^workers.csv:5:3: origin: 350102000000 lies on the east side" err &&
	test_grep "^workshops.csv:2:7: poor_jobs: 11 is more than its 10 jobs" err &&
	test_grep "^workshops.csv:3:4: village: 621126100000 is a town, not a village" err &&
	test_grep "^sales.csv:2:3: seller: organisation L-NONE does not exist" err &&
	test_grep "^sales.csv:3:3: seller: organisation L-GL-002 lies on the east side" err &&
	test_grep "^sales.csv:3:4: buyer: organisation L-MX-001 lies on the west side" err &&
	test_grep "^sales.csv:3:8: pairing: pairing NOPAIR does not exist" err &&
	test_grep "^investments.csv:2:4: county: 621199000000 does not exist" err &&
	test_grep "^exchanges.csv:2:7: end: 2018-04-01 is before start 2018-05-01" err &&
	test_grep "^targets.csv:2:3: indicator: .happiness. is not an indicator" err &&
	test_grep "^targets.csv:3:2: pairing: pairing NOPAIR does not exist" err &&
	test_grep "^targets.csv:4:4: target: " err
'

test_expect_success 'a worker moved before the person was registered counts as poor once registered' '
	new_store && bf init && make_coop_bundle c &&
	grep -v "$WIFE" c/persons.csv >p && mv p c/persons.csv &&
	bf import c >/dev/null &&
	bf report indicators --pairing GL-MX --year 2018 --format csv >out &&
	test_grep "^GL-MX,2018,workers_poor,2,$" out &&
	printf "id_number,name,household,relation,labour,died\n%s,李秀英,MX-0001,配偶,1,\n" "$WIFE" >persons.csv &&
	bf import persons.csv >/dev/null &&
	bf report indicators --pairing GL-MX --year 2018 --format csv >out &&
	test_grep "^GL-MX,2018,workers_poor,3,$" out
'

test_expect_success 'kept sums: imported in pieces, with a pairing added last, the figures are the same' '
	new_store && bf init && bf import b >/dev/null &&
	bf report indicators --format csv --as-of 2019-06-30 >whole &&
	bf bulletin --month 2018-09 --format csv >whole-b &&
	mkdir -p c && cp b/*.csv c/ && rm c/workers.csv c/sales.csv &&
	for f in c/*.csv; do grep -v GLQ-CG "$f" >t; mv t "$f"; done &&
	new_store && bf init && bf import c >/dev/null &&
	bf import b/workers.csv >/dev/null && bf import b/sales.csv >/dev/null &&
	bf report indicators --format csv --pairing GL-MX --year 2018 >out &&
	test_grep "^GL-MX,2018,sales,1200000.50," out &&
	bf import b >/dev/null &&
	bf report indicators --format csv --as-of 2019-06-30 >pieces &&
	test_cmp whole pieces &&
	bf bulletin --month 2018-09 --format csv >pieces-b &&
	test_cmp whole-b pieces-b &&
	bf verify >out && test_grep "every kept sum equal to its records" out
'

test_expect_success 'verify names a kept sum changed behind the program'"'"'s back' '
	store_sql "UPDATE tallies SET value = value + 1 WHERE indicator = '"'"'sales'"'"'" &&
	test_must_fail bf verify 2>err &&
	test_grep "the kept sum of sales for .* is .*, the records add up to" err
'

test_expect_success 'list and search the new kinds' '
	bf list workers --search 陳志強 --format csv >out &&
	test "$(wc -l <out)" = 2 && test_grep "陈志强" out &&
	bf list sales --in 621126 --format csv >out && test "$(wc -l <out)" = 3 &&
	bf list targets --search GL-MX --format csv >out && test "$(wc -l <out)" = 4
'

test_expect_success 'import --region writes only the records of the region' '
	new_store && bf init && make_coop_bundle r && bf import r >/dev/null &&
	rm -rf before && bf export before &&
	printf "code,name,level,parent\n530627100,某镇,town,530627\n" >divisions.csv &&
	printf "id,date,project,payee,amount,purpose\nXR1,2018-07-01,P1,L-GL-001,1,contract\n" >payments.csv &&
	test_must_fail bf import --region 530627 payments.csv 2>err &&
	test_grep "^payments.csv:2:3: project: 621126000000 lies outside 530627000000, the region this import may write" err &&
	bf export after && diff -r before after && rm -rf after &&
	bf import --region 530627 divisions.csv >out && test_grep "1 new" out &&
	bf import --region 621126 payments.csv >out && test_grep "1 new" out &&
	printf "year,pairing,indicator,target\n2019,GL-MX,sales,1\n" >targets.csv &&
	bf import --region 350100 targets.csv >out && test_grep "1 new" out &&
	test_must_fail bf import --region 530600 targets.csv 2>err &&
	test_grep "^targets.csv:2:2: pairing: 621126000000 lies outside 530600000000" err
'

test_expect_success 'the bulletin as an office issues it: its head and signature, in Chinese or English' '
	bf bulletin --month 2018-12 --format html --output z.html &&
	test_grep "<div class=\"issuer\">东西部协作工作领导小组办公室</div>" z.html &&
	test_grep "<div class=\"docno\">东西部协作通报〔2018〕12号</div>" z.html &&
	test_grep "<p class=\"sign\">东西部协作工作领导小组办公室<br>$(date +%Y)年$(date +%-m)月$(date +%-d)日</p>" z.html &&
	bf bulletin --month 2018-12 --format html --lang en --issuer "Gulou Cooperation Office" --number "GL 2019-1" \
		--date 2019-01-05 --output e.html &&
	test_grep "<html lang=\"en\">" e.html && test_grep "<div class=\"issuer\">Gulou Cooperation Office</div>" e.html &&
	test_grep "<div class=\"docno\">GL 2019-1</div>" e.html && test_grep "<br>5 January 2019</p>" e.html &&
	test_grep "<td>Workers moved</td>" e.html && ! grep -q "转移就业人数\|workers_transferred" e.html &&
	test_must_fail bf bulletin --month 2018-12 --format html --lang fr 2>err && test_grep "lang zh or en" err
'

test_expect_success 'pairings of equal completion share a rank in the bulletin' '
	printf "id,east,west,level,since\nTIE-A,350102,621126,county,2018-01-01\nTIE-B,350102,621126,county,2018-01-01\n" >pairings.csv &&
	printf "year,pairing,indicator,target\n2018,TIE-A,joint_meetings,4\n2018,TIE-B,joint_meetings,4\n" >targets.csv &&
	bf import pairings.csv targets.csv >/dev/null &&
	bf bulletin --month 2018-12 --format csv | awk -F, "\$5 == \"joint_meetings\" { print \$1, \$2 }" | sort -k2 >ranks &&
	test "$(awk "\$2 == \"TIE-A\" { print \$1 }" ranks)" = "$(awk "\$2 == \"TIE-B\" { print \$1 }" ranks)" &&
	test -n "$(awk "\$2 == \"TIE-A\" { print \$1 }" ranks)" &&
	test "$(awk "{ print \$1 }" ranks | sort -n | uniq -c | wc -l)" -lt "$(wc -l <ranks)"
'

test_done
