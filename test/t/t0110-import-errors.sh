#!/bin/bash
# t0110: bad input is refused with FILE:LINE:COLUMN: reason, every bad row
# is reported, the exit status is 1 and the store is exactly as it was.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'setup: a store holding a valid bundle' '
	make_bundle b &&
	new_store && bf init && bf import b >/dev/null &&
	bf export before
'

test_expect_success 'an unterminated quote' '
	printf "code,name,level,parent\n621126100203,\"新庄村,village,621126100\n" >divisions.csv &&
	refused divisions.csv &&
	test_grep "^divisions.csv:2:2: unterminated quoted field" err
'

test_expect_success 'a stray quote inside a field' '
	printf "code,name,level,parent\n621126100203,新\"庄村,village,621126100\n" >divisions.csv &&
	refused divisions.csv &&
	test_grep "^divisions.csv:2:[0-9]*: malformed quoting" err
'

test_expect_success 'an unknown column and a missing one' '
	printf "code,nmae,level\n621126100203,新庄村,village\n" >divisions.csv &&
	refused divisions.csv &&
	test_grep "^divisions.csv:1:2: unknown column .nmae. (columns of divisions.csv: code, name, level" err &&
	test_grep "^divisions.csv:1:4: missing required column .name." err
'

test_expect_success 'a row with too many or too few fields' '
	printf "code,name,level\n621126100203,新庄村,village,extra\n621126100204,旧庄村\n" >divisions.csv &&
	refused divisions.csv &&
	test_grep "^divisions.csv:2:4: this row has 4 fields, the header has 3" err &&
	test_grep "^divisions.csv:3:3: this row has 2 fields, the header has 3" err
'

test_expect_success 'a wrong check digit and an impossible birth date' '
	good=$(idnum 62112619900101005) &&
	bad=${good%?}$(( (${good: -1} + 1) % 10 )) &&
	[ "${good: -1}" != X ] &&
	feb30=$(idnum 62112620200230001) &&
	printf "id_number,name,household\n%s,赵一,MX-0002\n%s,钱二,MX-0002\n" "$bad" "$feb30" >persons.csv &&
	refused persons.csv &&
	test_grep "^persons.csv:2:1: id_number: identity number check digit is" err &&
	test_grep "^persons.csv:3:1: id_number: identity number has no valid birth date (20200230)" err
'

test_expect_success '2020-02-30 as a date' '
	printf "id,east,west,level,since\nX1,350102,621126,county,2020-02-30\n" >pairings.csv &&
	refused pairings.csv &&
	test_grep "^pairings.csv:2:5: since: 2020-02-30 is not a date in the calendar" err
'

test_expect_success 'a duplicate id with different content, in the file and against the store' '
	printf "id,village,head,status\nMX-0003,621126100201,%s,poor\nMX-0003,621126100202,%s,poor\nMX-0001,621126100202,%s,poor\n" \
		"$(idnum 62112619900101005)" "$(idnum 62112619900101005)" "$(idnum 62112619800101001)" >households.csv &&
	refused households.csv &&
	test_grep "^households.csv:3:2: households MX-0003 was already imported with other content: village is .621126100201. there, .621126100202. here" err &&
	test_grep "^households.csv:4:2: households MX-0001 was already imported with other content" err
'

test_expect_success 'the same row twice is fine' '
	printf "id,village,head,status\nMX-0003,621126100201,%s,poor\nMX-0003,621126100201,%s,poor\n" \
		"$(idnum 62112619900101005)" "$(idnum 62112619900101005)" >households.csv &&
	bf import households.csv >out &&
	test_grep "2 rows, 1 new, 1 already there" out &&
	bf export before2 && rm -rf before && mv before2 before
'

test_expect_success 'a village that does not exist, and a town given as a village' '
	printf "id,village,head,status\nMX-0009,621126100299,%s,poor\nMX-0010,621126100,%s,poor\n" \
		"$(idnum 62112619900101005)" "$(idnum 62112619900101013)" >households.csv &&
	refused households.csv &&
	test_grep "^households.csv:2:2: village: 621126100299 does not exist" err &&
	test_grep "^households.csv:3:2: village: 621126100000 is a town, not a village" err
'

test_expect_success 'a person in a household that does not exist' '
	printf "id_number,name,household\n%s,孙三,NOPE\n" "$(idnum 62112619900101005)" >persons.csv &&
	refused persons.csv &&
	test_grep "^persons.csv:2:3: household: NOPE does not exist" err
'

test_expect_success 'invalid UTF-8 that is not GB18030 either' '
	printf "code,name,level,parent\n621126100203,\377\376村,village,621126100\n" >divisions.csv &&
	refused divisions.csv &&
	test_grep "^divisions.csv:2:1: not valid text: neither UTF-8 nor GB18030" err
'

test_expect_success 'an empty file' '
	: >orgs.csv &&
	refused orgs.csv &&
	test_grep "^orgs.csv:1:1: the file is empty" err
'

test_expect_success 'a 1 MB line' '
	{ printf "code,name,level,parent\n621126100203,"; head -c 1048576 /dev/zero | tr "\0" "x"; printf ",village,621126100\n"; } >divisions.csv &&
	refused divisions.csv &&
	test_grep "^divisions.csv:2:2: field is longer than 4096 bytes" err
'

test_expect_success 'every bad row is reported, not just the first' '
	printf "code,name,level,parent\n621126100203,甲村,village,621126100\n62112610020,乙村,village,621126100\n621126100205,丙村,hamlet,621126100\n621126100206,,village,621126100\n621126100207,丁村,town,621126100\n" >divisions.csv &&
	refused divisions.csv &&
	test_grep "^divisions.csv:3:1: code: division code must have 6, 9 or 12 digits, not 11" err &&
	test_grep "^divisions.csv:4:3: level: .hamlet. is not one of: province, city, county, town, village" err &&
	test_grep "^divisions.csv:5:2: name: a value is required" err &&
	test_grep "^divisions.csv:6:3: level: 621126100207 is a village code by its structure, not a town" err &&
	test_grep "import failed: 4 errors" err
'

test_expect_success 'one bad file spoils the whole bundle' '
	mkdir bad && cp b/*.csv bad/ &&
	printf "code,name,level,parent\n621126100209,新村,village,621126100\n" >bad/divisions.csv &&
	printf "id,village,head,status\nMX-0011,621126100209,%s,poor\n" "$(idnum 62112619900101021)" >bad/households.csv &&
	printf "id_number,name,household\n%s,周五,MX-0011\n%s,吴六,MX-9999\n" "$(idnum 62112619900101021)" "$(idnum 62112619900101048)" >bad/persons.csv &&
	refused bad &&
	test_grep "^bad/persons.csv:3:3: household: MX-9999 does not exist" err
'

test_expect_success 'a file that names no kind, and a folder with a stray CSV' '
	printf "code,colour\n1,red\n" >widgets.csv &&
	refused widgets.csv &&
	test_grep "^widgets.csv:0:0: neither the file name nor its header names a kind" err &&
	sed "1s/.*/统一社会信用代码,名称,类型,所在区划/" b/orgs.csv >单位名录.csv &&
	bf import 单位名录.csv >out && test_grep "^单位名录.csv: [0-9]* rows, 0 new" out &&
	mkdir stray && cp b/*.csv stray/ && cp b/orgs.csv stray/notes.csv &&
	refused stray &&
	test_grep "^stray/notes.csv:0:0: not a kind of record" err
'

test_expect_success 'a store file that is read-only' '
	if [ "$BACKEND" = sqlite ]; then
		chmod 444 "$DB" &&
		test_must_fail bf import b 2>err &&
		test_grep "read-only" err &&
		chmod 644 "$DB"
	fi
'

test_expect_success 'a store locked by another process' '
	if [ "$BACKEND" = sqlite ]; then
		mkfifo hold &&
		{ sqlite3 "$DB" "BEGIN EXCLUSIVE; SELECT count(*) FROM divisions;" ".shell cat hold" "COMMIT;" >/dev/null & } &&
		sleep 0.5 &&
		BANGFU_BUSY_TIMEOUT=200 test_must_fail bf import b 2>err;
		rc=$?;
		echo >hold; wait;
		test $rc = 0 && test_grep "locked by another process" err
	else
		psql -X -q -h "$PGHOST" -p "$PGPORT" -U postgres -d "$PGDBNAME" \
			-c "SET lock_timeout = 0" -c "BEGIN" -c "LOCK TABLE divisions IN ACCESS EXCLUSIVE MODE" -c "SELECT pg_sleep(3)" -c "COMMIT" >/dev/null &
		sleep 0.7 &&
		BANGFU_BUSY_TIMEOUT=300 test_must_fail bf import b 2>err;
		rc=$?; wait;
		test $rc = 0 && test_grep "locked by another process" err
	fi &&
	bf export after && diff -r before after
'

test_done
