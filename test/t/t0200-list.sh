#!/bin/bash
# t0200: list and show, on a terminal and for scripts; search in both scripts.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'setup' '
	make_bundle b && new_store && bf init && bf import b >/dev/null
'

test_expect_success 'list as csv gives stored, normalised values' '
	bf list divisions --in 621126 --format csv >out &&
	cat >expect <<-EOD &&
	code,name,level,parent,side,poor,exited
	621126100000,岷阳镇,town,621126000000,,,
	621126100201,城关村,village,621126100000,,1,
	621126100202,鎮南村,village,621126100000,,1,
	EOD
	test_cmp expect out
'

test_expect_success 'search finds Traditional with Simplified and the other way round' '
	bf list divisions --search 镇雄 --format csv >out &&
	test_grep "^530627000000,鎮雄縣,county" out &&
	bf list divisions --search 鎮南 --format csv >out &&
	test_grep "鎮南村" out &&
	bf list divisions --search 镇南 --format csv >out2 &&
	test_cmp out out2 &&
	bf list pairings --search 岷縣 --format csv >out &&
	test_grep "^GL-MX,350102000000,621126000000,county" out
'

test_expect_success 'search treats % and _ literally' '
	bf list divisions --search "%" --format csv >out &&
	test "$(wc -l <out)" = 1
'

test_expect_success 'persons are listed masked; --clear-ids shows them' '
	bf list persons --format csv >out &&
	test_grep "^6211\*\*\*\*\*\*\*\*\*\*[0-9]\{3\}[0-9X],张小明,MX-0001,户主,1," out &&
	test_grep_not "$(idnum 62112619800101001)" out &&
	bf list persons --clear-ids --format csv >out &&
	test_grep "^$(idnum 62112619800101001),张小明" out
'

test_expect_success 'a person is found by full identity number, a household by its head' '
	bf list persons --search "$(idnum 62112619820202002)" --format csv >out &&
	test "$(wc -l <out)" = 2 && test_grep ",李秀英," out &&
	bf list households --search "$(idnum 62112619800101001)" --format csv >out &&
	test_grep "^MX-0001," out && test "$(wc -l <out)" = 2 &&
	: "as a clerk types it: in groups, or in an input method'"'"'s full-width digits" &&
	id=$(idnum 62112619820202002) &&
	bf list persons --search "${id:0:6} ${id:6:8} ${id:14:4}" --format csv >out &&
	test "$(wc -l <out)" = 2 && test_grep ",李秀英," out &&
	wide=$(printf %s "$id" | sed "s/0/０/g; s/1/１/g; s/2/２/g; s/3/３/g; s/4/４/g; s/5/５/g; s/6/６/g; s/7/７/g; s/8/８/g; s/9/９/g; s/X/Ｘ/g") &&
	bf list persons --search "$wide" --format csv >out &&
	test "$(wc -l <out)" = 2 && test_grep ",李秀英," out
'

test_expect_success 'list --in narrows by region through households and sides' '
	bf list persons --in 621126100 --format csv >out && test "$(wc -l <out)" = 4 &&
	bf list persons --in 621126100202 --format csv >out && test "$(wc -l <out)" = 2 &&
	bf list pairings --in 350100 --format csv >out && test "$(wc -l <out)" = 2 &&
	bf list orgs --in 530000 --format csv >out && test "$(wc -l <out)" = 1 &&
	test_must_fail bf list persons --in 62 2>err && test_grep "6, 9 or 12 digits" err
'

test_expect_success 'json is an array of objects' '
	bf list households --format json >out &&
	python3 -c "import json,sys; d=json.load(open(\"out\")); assert [h[\"id\"] for h in d]==[\"MX-0001\",\"MX-0002\"], d; assert d[0][\"size\"]==\"2\"; assert d[1][\"exited\"]==\"2019\"; assert d[0][\"exited\"] is None"
'

test_expect_success 'the table shows names beside codes and counts' '
	bf list households >out &&
	test_grep "城关村" out && test_grep "(2 records)" out &&
	bf list divisions --limit 2 >out &&
	test_grep "(2 of 12 shown" out
'

test_expect_success 'show a household with its members, a division with its children' '
	bf show households MX-0001 >out &&
	test_grep "621126100201  城关村" out &&
	test_grep "张小明" out && test_grep "李秀英" out &&
	bf show divisions 621126100 >out &&
	test_grep "城关村" out && test_grep "鎮南村" out &&
	bf show persons "$(idnum 62112619800101001)" --format csv >out &&
	test_grep ",张小明,MX-0001," out &&
	test_must_fail bf show persons "$(idnum 62112619900101005)" 2>err &&
	test_grep "no persons" err &&
	test_must_fail bf show persons 123 2>err && test_grep "18 characters" err
'

test_done
