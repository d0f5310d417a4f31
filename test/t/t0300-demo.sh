#!/bin/bash
# t0300: the demo bundle: every pairing of the seeds with its real codes,
# real towns and villages (the built-in table), and invented households,
# persons and organisations in the numbers the articles give.
. "$(dirname "$0")/../lib.sh"

count() { # count KIND [list options]: rows listed
	k=$1; shift
	bf list "$k" --format csv "$@" | tail -n +2 | wc -l
}

test_expect_success 'the demo bundle imports cleanly, with only the planted warning' '
	new_store && bf init &&
	bf import "$SRCDIR/data/demo" >out 2>err &&
	test "$(grep -c warning err)" = 1 &&
	test_grep "fails its GB 32100 check character" err
'

test_expect_success 'every pairing of DOMAIN.md is there with its real division codes' '
	bf list pairings --format csv >p &&
	while read -r east west; do
		grep -q ",$east,$west," p || { echo "missing $east -> $west"; return 1; }
	done <<-EOD
	441900000000 530627000000
	441900115000 530627000000
	310113000000 530326000000
	440100000000 520524000000
	440114000000 520524000000
	350100000000 621100000000
	350122000000 621122000000
	350104000000 621124000000
	350181000000 621121000000
	350103000000 621102000000
	350111000000 621123000000
	350102000000 621126000000
	350112000000 621125000000
	350200000000 622927000000
	350205000000 622927000000
	350205000000 640424000000
	EOD
'

test_expect_success 'the real counties have their real names' '
	bf show divisions 621126 >out && test_grep "岷县" out && test_grep "621100000000  定西市" out &&
	bf show divisions 520524 >out && test_grep "织金县" out &&
	bf show divisions 530326 >out && test_grep "会泽县" out
'

test_expect_success 'Dingxi has 119 towns; Anding 19, Minxian 18, Zhangxian 13' '
	test "$(bf list divisions --in 621100 --format csv | grep -c ",town,")" = 119 &&
	test "$(bf list divisions --in 621102 --format csv | grep -c ",town,")" = 19 &&
	test "$(bf list divisions --in 621126 --format csv | grep -c ",town,")" = 18 &&
	test "$(bf list divisions --in 621125 --format csv | grep -c ",town,")" = 13
'

test_expect_success 'poor villages: Tongwei 198, Anding 105, Minxian 186, Huize 104, Zhijin 120' '
	for pair in 621121:198 621102:105 621126:186 530326:104 520524:120 621125:85; do
		n=$(bf list divisions --in ${pair%:*} --format csv | grep ",village," | grep -c ",1,[0-9]*\$")
		test "$n" = "${pair#*:}" || { echo "${pair%:*}: $n poor villages"; return 1; }
	done
'

test_expect_success 'Fuzhou-Dingxi pairings: village 541, enterprise 326, social org 49, school 186, hospital 67' '
	bf list pairings --in 621100 --format csv >p &&
	test "$(grep -c ",village," p)" = 541 &&
	test "$(grep -c ",enterprise," p)" = 326 &&
	test "$(grep -c ",social_org," p)" = 49 &&
	test "$(grep -c ",school," p)" = 186 &&
	test "$(grep -c ",hospital," p)" = 67 &&
	test "$(grep -c ",town," p)" = 119
'

test_expect_success 'Huize: Baoshan 27 villages and 58 enterprises pair all 104 deeply poor villages' '
	bf list pairings --in 530326 --format csv >p &&
	test "$(grep ",village," p | cut -d, -f2 | sort -u | wc -l)" = 27 &&
	test "$(grep ",enterprise," p | cut -d, -f2 | sort -u | wc -l)" = 58 &&
	test "$(grep -E ",(village|enterprise)," p | cut -d, -f3 | sort -u | wc -l)" = 104
'

test_expect_success 'Zhijin: Huadu 72 enterprises and 1 social organisation, 120 villages' '
	bf list pairings --in 520524 --format csv >p &&
	test "$(grep ",enterprise," p | cut -d, -f2 | sort -u | wc -l)" = 72 &&
	test "$(grep ",social_org," p | wc -l)" = 1 &&
	test "$(grep -E ",(village|enterprise|social_org)," p | cut -d, -f3 | sort -u | wc -l)" = 120
'

test_expect_success 'Qingxi-Zhenxiong: 4 towns and 8 villages; the agreement in Traditional is found by Simplified' '
	bf list pairings --in 441900115 --format csv >p &&
	test "$(grep -c ",town," p)" = 4 && test "$(grep -c ",village," p)" = 8 &&
	bf list pairings --search 镇雄县东西部扶贫协作工作交接备忘录 --format csv >out &&
	test_grep "^QX-ZX," out
'

test_expect_success 'households and persons sit under the western villages' '
	test "$(count households --in 621100)" -gt 3000 &&
	test "$(count persons --in 621126)" -gt 1000 &&
	test "$(count households --in 350000)" = 0
'

test_expect_success 'the demo bundle exports and re-imports byte for byte' '
	bf export e1 && new_store && bf init && bf import e1 >/dev/null && bf export e2 && diff -r e1 e2
'

test_done
