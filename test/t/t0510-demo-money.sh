#!/bin/bash
# t0510: the demo bundle's money reproduces what the articles publish, from
# the records, through report funds, report projects and report indicators.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'setup: the demo bundle, verified' '
	new_store && bf init && bf import "$SRCDIR/data/demo" >/dev/null 2>&1 &&
	bf verify >out && test_grep "ledger intact" out
'

test_expect_success 'Fuzhou-Dingxi fiscal 0.56, 2.52 (+350.00%), 3.62 (+43.65%), 4.53 (+25.14%), total 11.23 亿' '
	bf report funds --pairing FZ-DX --format csv >f &&
	test_grep "^2017,56000000.00,,no," f &&
	test_grep "^2018,252000000.00,+350.00%,yes," f &&
	test_grep "^2019,362000000.00,+43.65%,yes," f &&
	test_grep "^2020,453000000.00,+25.14%,yes," f &&
	test_grep "^total,1123000000.00," f &&
	bf report funds --pairing FZ-DX >t &&
	test_grep "^2018  2.52亿    +350.00%" t && test_grep "^合计  11.23亿" t
'

test_expect_success 'Fuzhou-Dingxi social funds (cash and goods) 4.17 亿, 667 projects' '
	bf report indicators --pairing FZ-DX --format csv >i &&
	awk -F, "\$3 == \"social_funds\" { s += \$4 } END { printf \"%.2f\n\", s }" i >social &&
	echo 417000000.00 >expect && test_cmp expect social &&
	awk -F, "\$3 == \"projects\" { s += \$4 } END { print s }" i >n &&
	echo 667 >expect && test_cmp expect n &&
	bf report projects --pairing FZ-DX --format csv >p &&
	test_grep "^total,not cancelled,667," p &&
	test_grep "^status,cancelled,2," p
'

test_expect_success 'indicators roll up: a county pairing lies within the city pairing' '
	bf report indicators --pairing GL-MX --year 2020 --format csv >i &&
	test_grep "^GL-MX,2020,fiscal_funds,62470000.00,$" i &&
	test_grep "^GL-MX,2020,social_funds,23680300.00,$" i &&
	test_grep "^GL-MX,2020,projects,37,$" i &&
	test "$(grep -c "^GL-MX,2020," i)" = 36 &&
	bf report indicators --year 2020 --format csv | grep -c ",2020," >n &&
	test "$(cat n)" = "$(( $(bf list pairings --format csv | tail -n +2 | wc -l) * 36 ))"
'

test_expect_success 'Guangzhou-Zhijin 2018: fiscal 3524.643 万 in 27 projects, all settled' '
	bf report funds --pairing GZ-ZJ --from 2018 --to 2018 --format csv >f &&
	test_grep "^2018,35246430.00,,yes," f &&
	bf report funds --pairing GZ-ZJ --from 2018 --to 2018 >t && test_grep "3524.643万" t &&
	bf report projects --pairing GZ-ZJ --from 2018 --to 2018 --format csv >p &&
	test_grep "^status,settled,27," p && test_grep "^total,not cancelled,27," p &&
	test_grep "^outcome,settlement_rate,100.00%" p
'

test_expect_success 'Huadu 2019 social funds 2308 万, split by the donors the article names' '
	bf report funds --pairing HD-ZJ --from 2019 --to 2019 >t && test_grep "2308万" t &&
	bf list funds --format csv >funds &&
	grep ",HD-ZJ," funds | grep "^F2019" >hd &&
	awk -F, "/春节慰问金/ { s += \$7 } END { printf \"%.2f\n\", s }" hd >x && echo 32800.00 >e && test_cmp e x &&
	awk -F, "/助学金/ { s += \$7 } END { printf \"%.2f\n\", s }" hd >x && echo 1159200.00 >e && test_cmp e x &&
	awk -F, "/妇女儿童福利会/ { s += \$7 } END { printf \"%.2f\n\", s }" hd >x && echo 757900.00 >e && test_cmp e x &&
	awk -F, "/村企结对/ { s += \$7 } END { printf \"%.2f\n\", s }" hd >x && echo 13109295.00 >e && test_cmp e x &&
	awk -F, "\$3 == \"goods\" { s += \$7 } END { printf \"%.2f\n\", s }" hd >x && echo 27600.00 >e && test_cmp e x
'

test_expect_success 'Baoshan-Huize: 10814 万 since 2017 in 58 projects of its categories' '
	bf report funds --pairing BS-HZ --format csv >f && test_grep "^total,.*,108140000.00,108140000.00," f &&
	bf report projects --pairing BS-HZ --format csv >p &&
	test_grep "^total,not cancelled,58,108140000.00," p &&
	test_grep "^category,industry,17," p && test_grep "^category,infrastructure,30," p &&
	test_grep "^category,labour,3," p && test_grep "^category,insurance,2," p && test_grep "^category,hand_in_hand,6," p
'

test_expect_success 'Gulou-Minxian 2020: fiscal 6247 万, social 1885.76 万 and goods 482.27 万' '
	bf report funds --pairing GL-MX --from 2020 --to 2020 --format csv >f &&
	test_grep "^2020,62470000.00,,yes,18857600.00,4822700.00," f
'

test_expect_success 'report funds as a spreadsheet' '
	bf report funds --pairing FZ-DX --format xlsx --output funds.xlsx &&
	test -s funds.xlsx && unzip -p funds.xlsx xl/sharedStrings.xml >s &&
	test_grep "财政资金" s &&
	test_must_fail bf report funds --format xlsx 2>err && test_grep "needs --output" err
'

test_expect_success 'report filters: by region and years; errors are clear' '
	bf report funds --west 621126 --from 2020 --to 2020 --format csv >f &&
	test_grep "^2020,[0-9]*\.[0-9][0-9]," f &&
	bf report projects --east 350102 --format csv >p && test_grep "^total,not cancelled,72," p &&
	test_must_fail bf report funds --pairing NOPE 2>err && test_grep "no pairing NOPE" err &&
	test_must_fail bf report widgets 2>err && test_grep "not a report" err &&
	test_must_fail bf report indicators --year 20x0 2>err && test_grep "whole number" err
'

test_done
