#!/bin/bash
# t1010: every figure the five articles publish (data/demo/FIGURES.md, the
# shared FIGURES.md) is printed by the system itself from the demo's
# records, through the command a user would try first; read and compared
# row by row by test/tool/figures.py.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'setup: the demo bundle' '
	new_store && bf init && bf import "$SRCDIR/data/demo" >/dev/null 2>&1
'

test_expect_success 'the figures the demo reproduces are the articles'"'"' (the shared FIGURES.md, where it is at hand)' '
	shared="$SRCDIR/../shared/FIGURES.md" &&
	{ ! test -f "$shared" || cmp "$shared" "$SRCDIR/data/demo/FIGURES.md"; }
'

test_expect_success 'all 56 figures, each from the real output' '
	python3 "$SRCDIR/test/tool/figures.py" "$BANGFU" "$DB" "$SRCDIR/data/demo/FIGURES.md" >out || { cat out; false; } &&
	test_grep "^56 of 56 figures$" out
'

test_expect_success 'a figure that differs is reported as such' '
	sed "s/| 8091 |/| 8092 |/" "$SRCDIR/data/demo/FIGURES.md" >wrong.md &&
	! python3 "$SRCDIR/test/tool/figures.py" "$BANGFU" "$DB" wrong.md >out &&
	test_grep "^DIFFERENT 10 Fuzhou–Dingxi: workers moved" out &&
	test_grep "^55 of 56 figures$" out
'

test_done
