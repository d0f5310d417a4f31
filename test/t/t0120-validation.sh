#!/bin/bash
# t0120: the registry's own rules: division structure and hierarchy,
# organisation codes (structure an error, check character a warning),
# pairing sides.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'setup' '
	make_bundle b && new_store && bf init && bf import b >/dev/null && bf export before
'

test_expect_success 'a parent may come later in the same file' '
	printf "code,name,level,parent\n621126101201,后村,village,621126101\n621126101,新镇,town,621126\n" >divisions.csv &&
	bf import divisions.csv >out && test_grep "2 new" out && bf export before2
'

test_expect_success 'a parent that does not exist, is not above, or does not contain the child' '
	printf "code,name,level,parent\n621126198201,甲村,village,621126198\n621126101202,乙村,village,621126100\n621126101203,丙村,village,621126101203\n621126,岷县,county,621100\n" >divisions.csv &&
	test_must_fail bf import divisions.csv 2>err &&
	test_grep "^divisions.csv:2:4: parent: division 621126198000 does not exist" err &&
	test_grep "^divisions.csv:3:4: parent: 621126100000 does not contain 621126101202" err &&
	test_grep "^divisions.csv:4:4: parent: 621126101203 is a village, not above a village" err
'

test_expect_success 'a child on the other side from its parent' '
	printf "code,name,level,parent,side\n621126103,东镇,town,621126,east\n" >divisions.csv &&
	test_must_fail bf import divisions.csv 2>err &&
	test_grep "^divisions.csv:2:4: side: 621126103000 is east but its parent 621126000000 is west" err
'

test_expect_success 'an identity number in a spreadsheet'"'"'s full-width digits is named as such' '
	printf "id,village,head,size,status\nFW-1,621126100202,１１０１０５１９４９１２３１００２Ｘ,1,poor\nFW-2,621126100202,１１０１０５１９４９,1,poor\n" >households.csv &&
	test_must_fail bf import households.csv 2>err &&
	test_grep "^households.csv:2:3: head: identity number is in full-width digits (１２３): write it with 0-9 and X" err &&
	test_grep "^households.csv:3:3: head: identity number must have 18 characters, not 10" err &&
	printf "code,name,kind,division\n９１３５,全角公司,enterprise,350100\n" >orgs.csv &&
	test_must_fail bf import orgs.csv 2>err &&
	test_grep "^orgs.csv:2:1: code: unified social credit code must have 18 characters, not 4" err
'

test_expect_success 'organisation codes: structure is an error, the check character a warning' '
	printf "code,name,kind,division\n9135010000000000XX,坏码公司,enterprise,350100\n91350100M000100YI3,字母公司,enterprise,350100\n913501,短码公司,enterprise,350100\n" >orgs.csv &&
	test_must_fail bf import orgs.csv 2>err &&
	test_grep "^orgs.csv:3:1: code: unified social credit code character 17 (.I.) is not allowed" err &&
	test_grep "^orgs.csv:4:1: code: unified social credit code must have 18 characters, not 6" err &&
	test_grep "^orgs.csv:2:1: warning: code: 9135010000000000XX fails its GB 32100 check character" err &&
	printf "code,name,kind,division\n9135010000000000XX,旧码公司,enterprise,350100\n" >orgs.csv &&
	bf import orgs.csv >out 2>err &&
	test_grep "warning: code: 9135010000000000XX fails its GB 32100 check character (expected" err &&
	test_grep "1 new" out &&
	bf export before2
'

test_expect_success 'an organisation in a division that does not exist' '
	printf "code,name,kind,division\nL-X-1,某单位,other,350199\n" >orgs.csv &&
	test_must_fail bf import orgs.csv 2>err &&
	test_grep "^orgs.csv:2:4: division: 350199000000 does not exist" err
'

test_expect_success 'pairing sides must exist and lie on their side' '
	printf "id,east,west,level\nP1,350102,621199,county\nP2,621126,350102,county\nP3,L-NOPE,621126,enterprise\nP4,L-GL-001,621126100201,village\n" >pairings.csv &&
	test_must_fail bf import pairings.csv 2>err &&
	test_grep "^pairings.csv:2:3: west: division 621199000000 does not exist" err &&
	test_grep "^pairings.csv:3:2: east: division 621126000000 lies on the west side" err &&
	test_grep "^pairings.csv:3:3: west: division 350102000000 lies on the east side" err &&
	test_grep "^pairings.csv:4:2: east: organisation L-NOPE does not exist" err &&
	test_grep_not "pairings.csv:5:" err
'

test_expect_success 'a pairing that ends before it starts' '
	printf "id,east,west,level,since,until\nP5,350102,621126,county,2020-05-01,2019/5/1\n" >pairings.csv &&
	test_must_fail bf import pairings.csv 2>err &&
	test_grep "^pairings.csv:2:6: until: 2019-05-01 is before since 2020-05-01" err
'

test_expect_success 'households and persons: years, counts, flags' '
	printf "id,village,head,size,status,registered,exited\nH9,621126100201,%s,-1,poor,2014,2013\nH10,621126100201,%s,2,rich,1800,\n" \
		"$(idnum 62112619900101005)" "$(idnum 62112619900101013)" >households.csv &&
	test_must_fail bf import households.csv 2>err &&
	test_grep "^households.csv:2:4: size: -1 is out of range" err &&
	test_grep "^households.csv:3:5: status: .rich. is not one of: poor, exited, monitored, none" err &&
	test_grep "^households.csv:3:6: registered: 1800 is out of range" err &&
	printf "id,village,head,size,status,registered,exited\nH9,621126100201,%s,1,poor,2014,2013\n" "$(idnum 62112619900101005)" >households.csv &&
	test_must_fail bf import households.csv 2>err &&
	test_grep "^households.csv:2:7: exited: 2013 is before registered 2014" err &&
	printf "id_number,name,household,labour,died\n%s,某人,MX-0001,2,2999-01-01\n" "$(idnum 62112619900101005)" >persons.csv &&
	test_must_fail bf import persons.csv 2>err &&
	test_grep "^persons.csv:2:4: labour: 2 is out of range" err &&
	bf export after && diff -r before2 after
'

test_done
