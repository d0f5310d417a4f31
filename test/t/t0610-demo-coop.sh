#!/bin/bash
# t0610: the demo bundle's cooperation records reproduce what the articles
# publish, through report indicators (by year and cumulative), report
# labour and the bulletin; t1010 checks every figure of FIGURES.md.
. "$(dirname "$0")/../lib.sh"

# sum IND FILE: an indicator added up over the years of a report
sum() {
	awk -F, -v i="$1" '$3 == i { s += $4 } END { printf "%s\n", (s == int(s) ? s : sprintf("%.2f", s)) }' "$2"
}

test_expect_success 'setup: the demo bundle' '
	new_store && bf init && bf import "$SRCDIR/data/demo" >/dev/null 2>&1 &&
	bf report indicators --pairing FZ-DX --format csv >fz &&
	bf report indicators --pairing FZ-DX --through 2020-09-10 --format csv >fzc
'

test_expect_success 'Fuzhou-Dingxi as of 2020-09-10: one row an indicator, equal to the years added up where things add up' '
	test "$(grep -c "^FZ-DX,through 2020-09-10," fzc)" = "$(grep -c "^FZ-DX,2020," fz)" &&
	for i in workers_transferred workshops workshop_poor_jobs investment sales cadres technicians trained_person_times; do
		c=$(grep "^FZ-DX,through 2020-09-10,$i," fzc | cut -d, -f4) &&
		awk -v a="$c" -v b="$(sum $i fz)" "BEGIN { exit !(a == b) }" || { echo "$i: $c"; return 1; }
	done &&
	test_grep "^FZ-DX,through 2020-09-10,workers_transferred,8091,$" fzc &&
	test_grep "^FZ-DX,through 2020-09-10,sales,662000000.00,$" fzc
'

test_expect_success 'distinct things count once in the cumulative figure, not once a year' '
	test_grep "^FZ-DX,through 2020-09-10,paired_poor_villages,1000,$" fzc &&
	test "$(sum paired_poor_villages fz)" -gt 1000 &&
	test_grep "^FZ-DX,through 2020-09-10,enterprises_paired,326,$" fzc &&
	test "$(sum enterprises_paired fz)" -gt 326
'

test_expect_success 'a cut-off date keeps what came later out: Gulou-Minxian as of 2020-08-31 and before' '
	bf report indicators --pairing GL-MX --through 2020-08-31 --format csv >a &&
	test_grep "^GL-MX,through 2020-08-31,sales,47847500.00,$" a &&
	bf report indicators --pairing GL-MX --through 2020-03-31 --format csv >b &&
	v=$(grep "^GL-MX,through 2020-03-31,sales," b | cut -d, -f4) &&
	test "${v%.*}" -lt 47847500 &&
	test_must_fail bf report indicators --pairing GL-MX --through 2020-08-31 --year 2020 2>err &&
	test_grep "leave out --year" err
'

test_expect_success 'Gulou-Minxian 2020 consumption 4784.75万 = 87.36% of its task, 滞后 in the bulletin' '
	bf bulletin --month 2020-08 --format csv >b &&
	test_grep "^[0-9]*,GL-MX,鼓楼区,岷县,sales,47847500.00,54770000.00,87.36%,66.67%,$" b &&
	bf bulletin --month 2020-12 >t &&
	test_grep "消费帮扶：4784.75万元 / 目标 5477.00万元，完成 87.36%【滞后】" t
'

test_expect_success 'the cumulative bulletin: every year up to the month, no targets' '
	bf bulletin --month 2020-09 --cumulative >t &&
	test_grep "^东西部协作2020年9月工作通报（累计）$" t &&
	test_grep "统计截至 2020-09-30，自2017年起各年累计" t &&
	! grep -q "目标" t &&
	bf bulletin --month 2020-09 --cumulative --format csv >c &&
	test_grep "^,FZ-DX,福州市,定西市,workers_transferred,8091,,,75.00%,$" c
'

test_expect_success 'Fuqing-Tongwei: 696 workers in 6 batches, 446 stable three months or more' '
	bf report indicators --pairing FQ-TW --year 2020 --format csv >out &&
	test_grep "^FQ-TW,2020,workers_transferred,696,700$" out &&
	test_grep "^FQ-TW,2020,workers_stable,446,$" out &&
	bf report labour --west 621121 --format csv >l &&
	test "$(grep -c "^batch,通渭-福清" l)" = 6 &&
	test_grep "^total,all,696,696," l
'

test_expect_success 'Haicang-Jishishan 2018 (as of 10 October): into Haicang 231 of 265, elsewhere 412 of 336, trained 828 of 900' '
	bf bulletin --month 2018-10 --format csv >b &&
	test_grep ",HC-JSS,海沧区,积石山保安族东乡族撒拉族自治县,workers_to_partner,231,265,87.17%,83.33%,$" b &&
	test_grep ",HC-JSS,海沧区,积石山保安族东乡族撒拉族自治县,workers_elsewhere,412,336,122.62%,83.33%,$" b &&
	test_grep ",HC-JSS,海沧区,积石山保安族东乡族撒拉族自治县,trained_person_times,828,900,92.00%,83.33%,$" b &&
	l=$(grep ",HC-JSS,.*,workers_local," b | cut -d, -f6) && o=$(grep ",HC-JSS,.*,workers_other_provinces," b | cut -d, -f6) &&
	test $((l + o)) = 412
'

test_expect_success 'the chartered trains of Minxian: --batch keeps the batches whose name holds the text' '
	bf report labour --west 621126 --batch 专列 --format csv >l &&
	test "$(grep -c "^batch,岷县专列" l)" = 6 && ! grep -q "零散" l &&
	test_grep "^total,all,649," l
'

test_expect_success 'real-name: people moved twice are counted as persons once, as person-times twice' '
	bf report labour --west 621122 --format csv >l &&
	test_grep "^total,all,700,630," l
'

test_expect_success 'graduates hired and public-welfare jobs are not transfers' '
	bf report labour --west 621102 --format csv >l && test_grep "^total,all,1357," l &&
	test "$(bf list workers --in 621102 --format csv | grep -c ",public_welfare$")" = 2052
'

test_expect_success 'Dingxi city rolls up its county pairings, each record once' '
	bf report indicators --west 621100 --format csv >dx &&
	test "$(sum workers_transferred dx)" = 8091 &&
	test "$(sum sales dx)" = 662000000
'

test_done
