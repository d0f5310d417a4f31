#!/bin/bash
# t0001: creating a store, the key file, and help.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'init creates an empty store and a private key file' '
	new_store &&
	bf init >out &&
	test_grep "created store" out &&
	test -f bangfu.key &&
	test "$(stat -c %a bangfu.key)" = 600 &&
	test "$(stat -c %s bangfu.key)" = 32 &&
	bf list divisions --format csv >list &&
	echo "code,name,level,parent,side,poor,exited" >expect &&
	test_cmp expect list
'

test_expect_success 'init refuses a store that already exists' '
	test_must_fail bf init 2>err &&
	test_grep "already holds a bangfu store" err
'

test_expect_success 'a second store in the same folder shares the key' '
	cp bangfu.key key.before &&
	DB0=$DB && new_store && bf init &&
	cmp bangfu.key key.before
'

test_expect_success 'commands on a missing store say how to create one' '
	test_must_fail "$BANGFU" --db "$TRASH/nothing.db" list persons 2>err &&
	test_grep "no store at .*nothing.db: create one with" err &&
	! test -e "$TRASH/nothing.db"
'

test_expect_success 'a key file readable by others is refused' '
	chmod 644 bangfu.key &&
	test_must_fail bf list persons 2>err &&
	test_grep "readable by others" err &&
	chmod 600 bangfu.key
'

test_expect_success 'help lists every command with its summary' '
	"$BANGFU" help >help &&
	for c in init import export list show serve help; do
		test_grep "^  $c " help || return 1
	done
'

test_expect_success 'help: the summaries start in one column, each a whole line' '
	"$BANGFU" help >help &&
	sed -n "/^commands:/,/^\$/p" help | grep "^  [a-z]" >cmds &&
	test $(wc -l <cmds) -ge 20 &&
	awk "{ match(\$0, /^  [a-z-]+ +/) } NR == 1 { c = RLENGTH } RLENGTH != c { print; bad = 1 } END { exit bad }" cmds &&
	test_grep "^  correct-step  Correct the date" cmds &&
	! grep "([^)]*\$" cmds
'

test_expect_success 'help, and each command'"'"'s, fit a terminal of 80 columns' '
	"$BANGFU" help >all &&
	for c in $(awk "/^  [a-z]/ { print \$1 }" cmds); do "$BANGFU" help $c >>all || return 1; done &&
	test $(LC_ALL=C.UTF-8 wc -L <all) -le 79 &&
	"$BANGFU" help finding >h &&
	test_grep "^usage: bangfu --db PATH finding ID (--assign NAME" h &&
	test_grep "^       | --dismiss --reason TEXT" h
'

test_expect_success 'help COMMAND shows usage and options' '
	"$BANGFU" help import >h &&
	test_grep "^usage: bangfu --db PATH import FILE_OR_BUNDLE" h &&
	test_grep "one transaction\|ONE transaction" h &&
	"$BANGFU" help list >h &&
	test_grep "[-]-search TEXT" h &&
	test_must_fail "$BANGFU" help nosuch 2>err &&
	test_grep "not a command" err
'

test_expect_success 'unknown commands and options are errors' '
	test_must_fail "$BANGFU" nosuch 2>err &&
	test_grep "not a command" err &&
	test_must_fail bf list persons --bogus 2>err &&
	test_grep "unknown option --bogus" err &&
	test_must_fail bf list widgets 2>err &&
	test_grep "not a kind of record" err
'

test_done
