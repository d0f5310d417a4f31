#!/bin/bash
# t1060: bangfu audit finds exactly what each check of the catalogue names
# (FORMATS.md, "Audit checks"): a clean bundle gives nothing; each kind of
# anomaly planted in it is found, once, and nothing else; reversed rows
# are never findings; --check, --west and --as-of narrow it.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'setup: the money bundle, which holds nothing wrong as of 2018-08-31' '
	make_money_bundle b && new_store && bf init >/dev/null && bf import b >/dev/null &&
	bf audit --as-of 2018-08-31 --format csv >out &&
	test "$(cat out)" = "check,kind,id,amount,detail"
'

test_expect_success 'each planted anomaly is found, exactly' '
	H1=$(idnum 62112619800101001) && OLD=$(idnum 62112619300101007) &&
	printf "id_number,name,household,relation,labour,died\n$OLD,老人,MX-0001,父亲,0,2018-05-01\n" >persons.csv &&
	printf "id,name,county,category,budget,year,status\nP9,未动工项目,621126,water,1000,2017,planned\n" >projects.csv &&
	printf "id,date,kind,from,to,amount\nF9,2018-04-15,fiscal,350102,621126,1000\nF10,2018-01-10,social,350102,621126,5000\n" >funds.csv &&
	printf "id,date,fund,project,amount\nA9,2018-03-10,F2018-1,P1,10000\n" >allocations.csv &&
	cat >payments.csv <<-EOD &&
	id,date,project,payee,amount,purpose,reverses
	X9,2018-04-01,P2,L-GL-001,5000,contract,
	X10,2018-06-20,P2,$H1,32000,industry_award,
	X11,2018-08-20,P2,$H1,32000,industry_award,
	X12,2018-06-10,P2,$OLD,800,relief,
	X13,2018-07-01,P2,$H1,60000.01,relief,
	X14,2018-07-02,P2,$H1,60000.01,relief,
	X15,2018-07-03,P2,$H1,60000.01,relief,X14
	EOD
	bf import persons.csv projects.csv funds.csv allocations.csv payments.csv >/dev/null 2>err &&
	test_grep "allocations.csv:2:2: warning: date: 2018-03-10 is before fund F2018-1 arrived (2018-03-20)" err &&
	bf audit --as-of 2018-08-31 --format csv >out &&
	cat >expect <<-EOD &&
	check,kind,id,amount,detail
	allocated_before_arrival,allocations,A9,10000.00,"allocated 2018-03-10 from fund F2018-1, which arrived 2018-03-20"
	duplicate_payment,payments,X10,32000.00,the same as payment X4 of 2018-06-07
	idle_funds,funds,F10,5000.00,arrived 2018-01-10; not yet allocated on 2018-08-31
	large_personal_payment,payments,X13,60000.01,more than 50000.00 to one person
	late_fiscal,funds,F9,1000.00,"fiscal fund arrived 2018-04-15, after 31 March"
	paid_after_death,payments,X12,800.00,paid 2018-06-10 to a person recorded dead on 2018-05-01
	paid_before_allocation,payments,X9,5000.00,paid 2018-04-01; project P2 first given money 2018-04-25
	project_stalled,projects,P9,1000.00,a project of 2017 still planned
	EOD
	test_cmp expect out
'

test_expect_success '--check, --west and --as-of narrow it; a bad one says what to write' '
	bf audit --as-of 2018-08-31 --check late_fiscal --check idle_funds --format csv | cut -d, -f1,3 >out &&
	printf "check,id\nidle_funds,F10\nlate_fiscal,F9\n" >expect && test_cmp expect out &&
	bf audit --as-of 2018-08-31 --west 530627 --format csv >out && test "$(wc -l <out)" = 1 &&
	bf audit --as-of 2018-03-31 --check idle_funds --format csv >out && test "$(wc -l <out)" = 1 &&
	bf audit --as-of 2018-08-31 --check idle_funds >out && test_grep "(1 finding)" out &&
	test_must_fail bf audit --check nothing 2>err && test_grep "no such check (checks: allocated_before_arrival" err &&
	test_must_fail bf audit --as-of 2018-13-01 2>err && test_grep "as-of 2018-13-01" err &&
	: "a period: findings about records dated in it, a project by its year" &&
	bf audit --as-of 2018-08-31 --from 2018-04-01 --to 2018-06-30 --format csv | cut -d, -f1,3 >out &&
	printf "check,id\nduplicate_payment,X10\nlate_fiscal,F9\npaid_after_death,X12\npaid_before_allocation,X9\n" >expect &&
	test_cmp expect out &&
	bf audit --as-of 2018-08-31 --from 2017-01-01 --to 2017-12-31 --format csv | cut -d, -f1,3 >out &&
	printf "check,id\nproject_stalled,P9\n" >expect && test_cmp expect out &&
	test_must_fail bf audit --from 2018-07-01 --to 2018-06-30 2>err && test_grep "the period ends before it begins" err
'

test_expect_success 'each check explains itself: what it looks for, why it matters, what to do' '
	bf audit --explain >out && test "$(grep -c "^  查什么：" out)" = 12 && test "$(grep -c "^  怎么办：" out)" = 12 &&
	bf audit --explain --check paid_after_death --lang en >out &&
	printf "%s\n" "paid_after_death  paid after death" \
		"  looks for: Payments to a person after their death or the end of their registration." \
		"  why: Payments to the dead are a classic audit finding." \
		"  what to do: Verify the date of death; stop and recover what was overpaid." >expect &&
	test_cmp expect out &&
	test_must_fail bf audit --explain --lang fr 2>err && test_grep "write zh or en" err
'

test_expect_success 'a payment over ten times its median, when the median rests on twenty payments' '
	H2=$(idnum 62112619750505003) &&
	{ echo "id,date,project,payee,amount,purpose"
	  for i in $(seq 100 118); do echo "M$i,2018-0$((i % 9 + 1))-15,P2,$H2,$i,relief"; done
	  echo "M200,2018-07-20,P2,$H2,1300,relief"; } >m.csv &&
	bf import m.csv >/dev/null &&
	bf audit --as-of 2018-08-31 --check large_personal_payment --format csv >out &&
	test "$(cut -d, -f3 out | tail -n +2 | tr "\n" " ")" = "M200 X13 " &&
	test_grep "^large_personal_payment,payments,M200,1300.00,more than 10 times the median 110.00 of 22 payments$" out &&
	printf "id,date,project,payee,amount,purpose,reverses\nM201,2018-07-21,P2,$H2,1300,relief,M200\n" >r.csv &&
	bf import r.csv >/dev/null &&
	bf audit --as-of 2018-08-31 --check large_personal_payment --format csv | cut -d, -f3 | tail -n +2 >out &&
	test "$(cat out)" = X13
'

test_expect_success 'the registers: deaths, staff, village cadres, assets; a register entry read again may only gain its end' '
	H2=$(idnum 62112619750505003) && WIFE=$(idnum 62112619820202002) && OLD=$(idnum 62112619300101007) &&
	cat >registers.csv <<-EOD &&
	register,id_number,name,from,until,place,note
	staff,$H2,王德福,2018-05-01,,,
	cadre,$WIFE,李秀英,2018-06-15,,621126100201,村委委员
	vehicle,$OLD,老人,2018-07-15,,,
	death,$H2,王德福,2018-08-01,,,
	EOD
	bf import registers.csv >out && test_grep "4 new" out &&
	sed -i "s/^staff,\(.*\),2018-05-01,,,/staff,\1,2018-05-01,2018-06-30,,/" registers.csv &&
	bf import registers.csv >out && test_grep "1 updated" out &&
	sed -i "s/2018-06-30/2018-07-31/" registers.csv &&
	test_must_fail bf import registers.csv 2>err && test_grep "until is .2018-06-30. there, .2018-07-31. here" err &&
	bf audit --as-of 2018-08-31 --check payee_is_staff --check cadre_household --check asset_owner \
		--check paid_after_death --format csv | cut -d, -f1,3 >out &&
	cat >expect <<-EOD &&
	check,id
	asset_owner,X11
	cadre_household,X10
	cadre_household,X11
	cadre_household,X13
	paid_after_death,M106
	paid_after_death,M107
	paid_after_death,M115
	paid_after_death,M116
	paid_after_death,X12
	payee_is_staff,M103
	payee_is_staff,M104
	payee_is_staff,M112
	payee_is_staff,M113
	EOD
	test_cmp expect out &&
	bf list registers >l && test_grep "财政供养人员\|staff" l && ! grep -q "$H2" l &&
	printf "register,id_number,from\nstaff,$H2,2018-01-01\n" >r2.csv &&
	test_must_fail bf import r2.csv --region 621126 2>err && test_grep "registers are imported for the whole store" err
'

test_expect_success 'findings are kept: found again they keep how they are handled; every change in the trail' '
	bf audit --as-of 2018-08-31 --check late_fiscal --check project_stalled --keep >/dev/null 2>err &&
	test_grep "kept: 2 findings, 2 new" err &&
	bf findings --format csv | cut -d, -f1,7 >out &&
	printf "id,state\nlate_fiscal:funds:F9,open\nproject_stalled:projects:P9,open\n" >expect && test_cmp expect out &&
	bf finding late_fiscal:funds:F9 --assign auditor >out && test_grep "assigned auditor, was open" out &&
	bf finding late_fiscal:funds:F9 --confirm --recover 800 >out && test_grep "confirmed, to recover 800.00, was assigned" out &&
	test_must_fail bf finding project_stalled:projects:P9 --dismiss 2>err && test_grep "say why with a reason" err &&
	bf finding project_stalled:projects:P9 --dismiss --reason "项目已另行安排" >/dev/null &&
	test_must_fail bf finding project_stalled:projects:P9 --recovered 2>err && test_grep "is dismissed: it cannot become recovered" err &&
	test_must_fail bf finding nothing:x:y --confirm 2>err && test_grep "no finding nothing:x:y" err &&
	all=$(bf audit --as-of 2018-08-31 --format csv | tail -n +2 | wc -l) &&
	bf audit --as-of 2018-08-31 --keep --format csv >/dev/null 2>err && test_grep "kept: $all findings, $((all - 2)) new" err &&
	bf findings --state confirmed --format csv | tail -n +2 | cut -d, -f1,6,9 >out &&
	test "$(cat out)" = "late_fiscal:funds:F9,1000.00,800.00" &&
	bf findings --state dismissed --format csv | grep -q "^project_stalled:projects:P9,.*,项目已另行安排," &&
	bf finding late_fiscal:funds:F9 --recovered >/dev/null &&
	test "$(store_sql "SELECT COUNT(*) FROM audit WHERE action = '"'"'finding_state'"'"'")" = 4 &&
	test "$(store_sql "SELECT before || '"'"' > '"'"' || after FROM audit WHERE action = '"'"'finding_state'"'"' ORDER BY seq DESC LIMIT 1")" = \
		"confirmed > recovered" &&
	test "$(bf findings --west 621126 --format csv | wc -l)" = $((all + 1)) &&
	test "$(bf findings --west 530627 --format csv | wc -l)" = 1 &&
	bf verify >/dev/null
'

test_expect_success 'thresholds are settings: changed, they change the findings; every change in the trail' '
	bf setting | grep -q "^idle_days  *180 " &&
	bf audit --as-of 2018-08-31 --check idle_funds --format csv | tail -n +2 | cut -d, -f3 >before &&
	test "$(cat before)" = F10 &&
	bf setting idle_days 90 >out && test_grep "idle_days: 90, was 180" out &&
	bf audit --as-of 2018-08-31 --check idle_funds --format csv | tail -n +2 | cut -d, -f3 | tr "\n" " " >after &&
	test "$(cat after)" = "F10 F2018-1 F9 " &&
	test "$(store_sql "SELECT before || '"'"' > '"'"' || after FROM audit WHERE action = '"'"'setting'"'"'")" = "180 > 90" &&
	test_must_fail bf setting idle_days 0 2>err && test_grep "idle_days 0" err &&
	test_must_fail bf setting nothing 3 2>err && test_grep "nothing is not a setting" err &&
	bf setting idle_days 180 >/dev/null
'

test_expect_success 'duplicate_payment: the later of each pair within the window, the same day by id; a reversed payment repeats nothing' '
	H1=$(idnum 62112619800101001) &&
	cat >d.csv <<-EOD &&
	id,date,project,payee,amount,purpose,reverses
	D3,2018-02-01,P2,$H1,777,scholarship,
	D1,2018-02-01,P2,$H1,777,scholarship,
	D2,2018-02-20,P2,$H1,777,scholarship,
	D4,2018-03-24,P2,$H1,777,scholarship,
	D5,2018-04-10,P2,$H1,778,scholarship,
	D6,2018-04-20,P2,$H1,778,scholarship,
	D7,2018-04-21,P2,$H1,778,scholarship,D5
	D8,2018-05-01,P2,L-GL-001,900,contract,
	D9,2018-05-31,P2,L-GL-001,900,contract,
	D10,2018-05-31,P2,L-GL-001,900,other,
	EOD
	bf import d.csv >/dev/null &&
	bf audit --as-of 2018-08-31 --check duplicate_payment --format csv >out &&
	cat >expect <<-EOD &&
	check,kind,id,amount,detail
	duplicate_payment,payments,D2,777.00,the same as payment D3 of 2018-02-01
	duplicate_payment,payments,D3,777.00,the same as payment D1 of 2018-02-01
	duplicate_payment,payments,D9,900.00,the same as payment D8 of 2018-05-01
	duplicate_payment,payments,X10,32000.00,the same as payment X4 of 2018-06-07
	EOD
	test_cmp expect out &&
	bf setting duplicate_days 29 >/dev/null &&
	bf audit --as-of 2018-08-31 --check duplicate_payment --format csv | tail -n +2 | cut -d, -f3 | tr "\n" " " >out &&
	test "$(cat out)" = "D2 D3 X10 " &&
	bf setting duplicate_days 31 >/dev/null &&
	test "$(bf audit --as-of 2018-08-31 --check duplicate_payment --west 621126 --format csv | wc -l)" = 5 &&
	test "$(bf audit --as-of 2018-08-31 --check duplicate_payment --west 530627 --format csv | wc -l)" = 1
'

test_expect_success 'findings move with the store: export, import into an empty store, export again, the same; an older file undoes nothing' '
	bf export e1 >/dev/null && test -f e1/findings.csv &&
	grep -q "^late_fiscal:funds:F9,late_fiscal,funds,F9,621126000000,1000.00,.*,recovered,auditor,800.00," e1/findings.csv &&
	n=$(tail -n +2 e1/findings.csv | wc -l) && test "$n" -gt 5 &&
	test "$(bf list findings --in 621126 --limit 0 | tail -1 | sed -E "s/^\(0 of ([0-9]+).*/\1/")" = "$n" &&
	test "$(bf list findings --in 530627 --limit 0 | tail -1 | cut -c1-12)" = "(0 records; " &&
	DB1=$DB && new_store && bf init >/dev/null && bf import e1 >/dev/null &&
	bf export e2 >/dev/null && cmp e1/findings.csv e2/findings.csv &&
	bf findings --format csv >f2 && DB=$DB1 && bf findings --format csv >f1 && test_cmp f1 f2 &&
	bf import e1 >out && test_grep "0 new" out &&
	bf finding project_stalled:projects:P9 --reopen --reason "重新核查" >/dev/null &&
	bf import e1 >/dev/null &&
	bf findings --state open --format csv | grep -q "^project_stalled:projects:P9," &&
	sed "s/,dismissed,,,项目已另行安排,/,dismissed,,,,/" e1/findings.csv >findings.csv &&
	test_must_fail bf import findings.csv 2>err && test_grep "findings.csv:[0-9]*:8: state: a dismissed finding needs its reason" err &&
	sed "s/^late_fiscal:funds:F9,late_fiscal,funds,F9,/late_fiscal:funds:F8,late_fiscal,funds,F9,/" e1/findings.csv >findings.csv &&
	test_must_fail bf import findings.csv 2>err && test_grep "id: .late_fiscal:funds:F8. should be .late_fiscal:funds:F9." err &&
	test_must_fail bf import e1/findings.csv --region 621126 2>err && test_grep "findings are imported for the whole store" err
'

test_done
