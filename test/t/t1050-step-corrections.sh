#!/bin/bash
# t1050: correcting a wrong date of a project's step (bangfu correct-step):
# kept with who, when and why, in the audit trail, the order of the steps
# and today kept; every refusal says why and changes nothing.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'setup: the money bundle (P1 settled in 2018, P2 started)' '
	make_money_bundle b && new_store && bf init >/dev/null && bf import b >/dev/null
'

test_expect_success 'a step date corrected: the project, the correction and the trail' '
	bf correct-step P1 started 2018-04-02 --reason "开工报告为4月2日" >out &&
	test_grep "P1: started 2018-04-02, was 2018-04-01" out &&
	test "$(store_sql "SELECT started FROM projects WHERE id = '"'"'P1'"'"'")" = 2018-04-02 &&
	test "$(store_sql "SELECT before || '"'"' '"'"' || after || '"'"' '"'"' || reason FROM step_corrections")" = \
		"2018-04-01 2018-04-02 开工报告为4月2日" &&
	test "$(store_sql "SELECT action || '"'"' '"'"' || what || '"'"' '"'"' || before || '"'"' | '"'"' || after FROM audit ORDER BY seq DESC LIMIT 1")" = \
		"project_step_corrected P1 started 2018-04-01 | started 2018-04-02: 开工报告为4月2日" &&
	store_sql "SELECT who FROM audit ORDER BY seq DESC LIMIT 1" | grep -q "^cli:" &&
	bf export e && grep -q "^P1,.*,2018-04-02,2018-08-01," e/projects.csv &&
	bf verify >/dev/null
'

test_expect_success 'refused, in words, with nothing changed' '
	test_must_fail bf correct-step P1 started 2099-01-01 --reason x 2>err && test_grep "is in the future" err &&
	test_must_fail bf correct-step P1 started 2018-04-03 2>err && test_grep "say why with --reason" err &&
	test_must_fail bf correct-step P1 started 2018-08-02 --reason x 2>err &&
	test_grep "started 2018-08-02 would come after completed on 2018-08-01" err &&
	test_must_fail bf correct-step P1 settled 2018-08-31 --reason x 2>err &&
	test_grep "settled 2018-08-31 would come before accepted on 2018-09-01" err &&
	test_must_fail bf correct-step P2 completed 2018-06-01 --reason x 2>err && test_grep "has not been completed" err &&
	test_must_fail bf correct-step P1 started 2018-04-02 --reason x 2>err && test_grep "already 2018-04-02" err &&
	test_must_fail bf correct-step P1 planned 2018-04-02 --reason x 2>err && test_grep "not a step with a date" err &&
	test_must_fail bf correct-step NOPE started 2018-04-02 --reason x 2>err && test_grep "no project NOPE" err &&
	test_must_fail bf correct-step P1 started 2018-13-40 --reason x 2>err && test_grep "not a date" err &&
	test "$(store_sql "SELECT COUNT(*) FROM step_corrections")" = 1 &&
	test "$(store_sql "SELECT started FROM projects WHERE id = '"'"'P1'"'"'")" = 2018-04-02
'

test_done
