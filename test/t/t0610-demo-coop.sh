#!/bin/bash
# t0610: the demo bundle's cooperation records reproduce what the articles
# publish, through report indicators, report labour and the bulletin.
. "$(dirname "$0")/../lib.sh"

# sum IND FILE: an indicator added up over the years of a report
sum() {
	awk -F, -v i="$1" '$3 == i { s += $4 } END { printf "%s\n", (s == int(s) ? s : sprintf("%.2f", s)) }' "$2"
}

test_expect_success 'setup: the demo bundle' '
	new_store && bf init && bf import "$SRCDIR/data/demo" >/dev/null 2>&1 &&
	bf report indicators --pairing FZ-DX --format csv >fz
'

test_expect_success 'Fuzhou-Dingxi: 8091 workers, 181 workshops with 1.11万 jobs, 59 enterprises investing 8.73亿, consumption 6.62亿' '
	test "$(sum workers_transferred fz)" = 8091 &&
	test "$(sum workshops fz)" = 181 &&
	test "$(sum workshop_jobs fz)" = 11100 &&
	test "$(sum enterprises fz)" = 59 &&
	test "$(sum investment fz)" = 873000000 &&
	test "$(sum sales fz)" = 662000000
'

test_expect_success 'Fuzhou-Dingxi: 77 cadres, 534 technicians, 1.83万 person-times trained' '
	test "$(sum cadres fz)" = 77 &&
	test "$(sum technicians fz)" = 534 &&
	test "$(sum trained_person_times fz)" = 18300
'

test_expect_success 'Gulou-Minxian 2020 consumption 4784.75万 = 87.36% of its task' '
	bf report indicators --pairing GL-MX --year 2020 --format csv >out &&
	test_grep "^GL-MX,2020,sales,47847500.00,54770000.00$" out &&
	bf bulletin --month 2020-12 --format csv >b &&
	test_grep "^[0-9]*,GL-MX,鼓楼区,岷县,sales,47847500.00,54770000.00,87.36%,100.00%,yes$" b &&
	bf bulletin --month 2020-12 >t &&
	test_grep "消费帮扶：4784.75万元 / 目标 5477.00万元，完成 87.36%【滞后】" t
'

test_expect_success 'Fuqing-Tongwei: 696 workers in 6 batches, 446 stable three months or more' '
	bf report indicators --pairing FQ-TW --year 2020 --format csv >out &&
	test_grep "^FQ-TW,2020,workers_transferred,696,700$" out &&
	test_grep "^FQ-TW,2020,workers_stable,446,$" out &&
	bf report labour --west 621121 --format csv >l &&
	test "$(grep -c "^batch,通渭-福清" l)" = 6 &&
	test_grep "^total,all,696,696," l
'

test_expect_success 'Haicang-Jishishan 2020: task 265, 231 workers; training 900, 828 done' '
	bf report indicators --pairing HC-JSS --year 2020 --format csv >out &&
	test_grep "^HC-JSS,2020,workers_transferred,231,265$" out &&
	test_grep "^HC-JSS,2020,trained_person_times,828,900$" out &&
	bf bulletin --month 2020-12 --format csv >b &&
	test_grep ",HC-JSS,海沧区,积石山保安族东乡族撒拉族自治县,workers_transferred,231,265,87.17%,100.00%,yes$" b
'

test_expect_success 'Weiyuan: 24 workshops, 1185 jobs, 430 of them poor' '
	bf report indicators --pairing JA-WY --format csv >wy &&
	test "$(sum workshops wy)" = 24 &&
	test "$(sum workshop_jobs wy)" = 1185 &&
	test "$(sum workshop_poor_jobs wy)" = 430
'

test_expect_success 'Qingxi-Zhenxiong: 8 joint meetings, more than 20 visits' '
	bf report indicators --pairing QX-ZX --format csv >qx &&
	test "$(sum joint_meetings qx)" = 8 &&
	test "$(sum leader_visits qx)" = 21
'

test_expect_success 'real-name: people moved twice are counted as persons once, as person-times twice' '
	bf report labour --west 621102 --format csv >l &&
	test_grep "^total,all,1400,1260," l
'

test_expect_success 'Dingxi city rolls up its county pairings, each record once' '
	bf report indicators --west 621100 --format csv >dx &&
	test "$(sum workers_transferred dx)" = 8091 &&
	test "$(sum sales dx)" = 662000000
'

test_done
