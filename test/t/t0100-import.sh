#!/bin/bash
# t0100: importing and exporting a valid bundle.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'a bundle imports in one go' '
	make_bundle b &&
	new_store && bf init &&
	bf import b >out &&
	test_grep "divisions.csv: 12 rows, 12 new" out &&
	test_grep "persons.csv: 3 rows, 3 new" out &&
	test "$(store_sql "SELECT count(*) FROM persons")" = 3 &&
	test "$(store_sql "SELECT code FROM divisions WHERE name = '"'"'岷阳镇'"'"'")" = 621126100000
'

test_expect_success 're-importing the same bundle changes nothing' '
	bf export e1 &&
	bf import b >out &&
	test_grep "persons.csv: 3 rows, 0 new, 3 already there" out &&
	bf export e2 &&
	diff -r e1 e2
'

test_expect_success 'export writes every kind with a fixed header' '
	for k in divisions orgs pairings households persons; do
		test -f e1/$k.csv || return 1
	done &&
	head -1 e1/persons.csv >h &&
	echo "id_number,name,household,relation,labour,died" >expect &&
	test_cmp expect h &&
	grep -c . e1/persons.csv >n && echo 4 >expect && test_cmp expect n
'

test_expect_success 'export never writes identity numbers in clear by default' '
	test_grep_not "$(idnum 62112619800101001)" e1/persons.csv &&
	test_grep_not "$(idnum 62112619800101001)" e1/households.csv &&
	test_grep "^enc:" e1/persons.csv
'

test_expect_success 'export then import into an empty store then export: identical' '
	new_store && bf init &&
	bf import e1 >/dev/null &&
	bf export e3 &&
	diff -r e1 e3
'

test_expect_success 'the same holds with identity numbers in clear' '
	bf export --clear-ids c1 &&
	test_grep "^$(idnum 62112619800101001),张小明" c1/persons.csv &&
	new_store && bf init &&
	bf import c1 >/dev/null &&
	bf export --clear-ids c2 &&
	diff -r c1 c2 &&
	bf export e4 && diff -r e1 e4
'

test_expect_success 'a sealed bundle does not open with another key' '
	new_store &&
	"$BANGFU" --db "$DB" --key "$TRASH/other.key" init >/dev/null &&
	test_must_fail "$BANGFU" --db "$DB" --key "$TRASH/other.key" import e1 2>err &&
	test_grep "e1/persons.csv:2:1: id_number: sealed with another store" err &&
	test_grep "e1/households.csv:2:3: head: sealed with another store" err
'

test_expect_success 'single files import too, in dependency order' '
	new_store && bf init &&
	bf import b/persons.csv b/households.csv b/divisions.csv b/orgs.csv b/pairings.csv >out &&
	test "$(store_sql "SELECT count(*) FROM households")" = 2
'

test_expect_success 'Chinese headers, GB18030, BOM and CRLF import the same as UTF-8' '
	new_store && bf init &&
	bf import b/divisions.csv b/orgs.csv b/pairings.csv b/households.csv >/dev/null &&
	mkdir gb &&
	{
		printf "公民身份號碼,姓名,户编号,与户主关系,劳动力,死亡日期\r\n"
		tail -n +2 b/persons.csv | sed "s/\$/\r/"
	} | iconv -f UTF-8 -t GB18030 >gb/persons.csv &&
	! iconv -f UTF-8 -t UTF-8 gb/persons.csv >/dev/null 2>&1 &&
	bf import gb/persons.csv >out &&
	test_grep "3 new" out &&
	bf export g1 &&
	diff e1/persons.csv g1/persons.csv
'

test_expect_success 'a UTF-8 BOM and CRLF line ends are accepted' '
	new_store && bf init &&
	mkdir bom && for f in b/*.csv; do
		{ printf "\357\273\277"; sed "s/\$/\r/" "$f"; } >bom/$(basename $f) || return 1
	done &&
	bf import bom >/dev/null &&
	bf export bo && diff -r e1 bo
'

test_expect_success 'division codes of 6, 9 and 12 digits are normalised to 12' '
	store_sql "SELECT code FROM divisions WHERE level = '"'"'town'"'"'" >codes &&
	echo 621126100000 >expect && test_cmp expect codes
'

test_expect_success 'identity numbers are not stored in clear text' '
	id=$(idnum 62112619800101001) &&
	if [ "$BACKEND" = sqlite ]; then
		bf list persons >/dev/null && ! grep -a -q "$id" "$DB" &&
		! grep -a -q "$id" "$DB-wal" 2>/dev/null
	else
		pg_dump -h "$PGHOST" -p "$PGPORT" -U postgres "$PGDBNAME" >dump &&
		test_grep "李秀英" dump && test_grep_not "$id" dump
	fi
'

test_expect_success 'dry run checks and lands nothing' '
	new_store && bf init &&
	bf import --dry-run b >out &&
	test_grep "nothing imported" out &&
	test "$(store_sql "SELECT count(*) FROM divisions")" = 0
'

test_done
