#!/bin/bash
# t0700: staff accounts on the command line, and the audit trail they write.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'accounts by role and region; passwords stored as Argon2id' '
	make_bundle b && new_store && bf init && bf import b >/dev/null &&
	echo "minxian-clerk-pw" | bf user add mx-clerk --role clerk --region 621126 >out &&
	test_grep "added mx-clerk (clerk, 621126000000)" out &&
	echo "gulou-office-pw1" | bf user add gl-office --role east_office --region 350102 &&
	echo "the-admin-password" | bf user add admin --role admin &&
	echo "auditor-password" | bf user add audit1 --role auditor &&
	test "$(store_sql "SELECT substr(password, 1, 10) FROM users WHERE name = '"'"'admin'"'"'")" = "\$argon2id\$" &&
	! store_sql "SELECT password FROM users" | grep -q "the-admin-password" &&
	bf user list --format csv >out &&
	test_grep "^mx-clerk,clerk,621126000000,no,," out &&
	test_grep "^admin,admin,,no,," out
'

test_expect_success 'bad accounts are refused with a reason' '
	echo "short" | test_must_fail bf user add x --role viewer 2>err &&
	test_grep "at least 10 characters" err &&
	echo "long-enough-pw" | test_must_fail bf user add y --role clerk --region 350102 2>err &&
	test_grep "lies on the east side" err &&
	echo "long-enough-pw" | test_must_fail bf user add y --role clerk 2>err &&
	test_grep "needs --region" err &&
	echo "long-enough-pw" | test_must_fail bf user add y --role king 2>err &&
	test_grep "is one of admin, clerk" err &&
	echo "long-enough-pw" | test_must_fail bf user add mx-clerk --role viewer 2>err &&
	test_grep "exists already" err &&
	echo "long-enough-pw" | test_must_fail bf user add "Bad Name" --role viewer 2>err
'

test_expect_success 'disable and passwd; every change is in the audit trail, which verify checks' '
	bf user disable audit1 && bf user list --format csv | grep -q "^audit1,auditor,,yes" &&
	echo "a-new-password-1" | bf user passwd mx-clerk &&
	test "$(store_sql "SELECT action FROM audit ORDER BY seq" | tr "\n" " ")" = "init import user_add user_add user_add user_add user_disable user_passwd " &&
	test "$(store_sql "SELECT who FROM audit WHERE seq = 1")" = "cli:$(id -un)" &&
	bf verify >out && test_grep "audit trail intact: 8 entries" out &&
	store_sql "UPDATE audit SET what = '"'"'someone'"'"' WHERE seq = 3" &&
	test_must_fail bf verify 2>err &&
	test_grep "audit entry 3 (user_add by .*) no longer matches its hash" err
'

test_done
