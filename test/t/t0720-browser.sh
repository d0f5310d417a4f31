#!/bin/bash
# t0720: the staff UI in a real browser (Debian's headless Chromium, driven
# by playwright-core): sign-in, the dashboard, an upload with a bad row, a
# lifecycle step, a role that must be refused.  Screenshots of the pages go
# to build/screenshots/BACKEND/.
. "$(dirname "$0")/../lib.sh"

SHOTS=$SRCDIR/build/screenshots/$BACKEND
ui() {
	node "$SRCDIR/test/browser/ui.mjs" "$URL" "$SHOTS" "$1"
}

test_expect_success 'setup: the demo bundle, accounts, a server' '
	mkdir -p "$SHOTS" &&
	new_store && bf init && bf import "$SRCDIR/data/demo" >/dev/null 2>&1 &&
	echo "anding-clerk-pw1" | bf user add clerk --role clerk --region 621102 >/dev/null &&
	echo "auditor-password" | bf user add auditor --role auditor >/dev/null &&
	echo "admin-password-1" | bf user add admin --role admin >/dev/null &&
	echo "fuzhou-office-pw" | bf user add fuzhou --role east_office --region 350100 >/dev/null &&
	echo "dingxi-viewer-pw" | bf user add viewer --role viewer --region 621100 >/dev/null &&
	bf audit --as-of 2021-06-30 --keep >/dev/null 2>&1 &&
	start_server
'

test_expect_success 'sign in; the dashboard and records of the clerk'"'"'s county' 'ui signin'
test_expect_success 'a wrong password' 'ui wrong_password'
test_expect_success 'an upload with a bad row shows the row error; nothing lands' 'ui upload_bad_row'
test_expect_success 'a bundle uploaded as files lands; a heading sorts the records' 'ui upload_files'
test_expect_success 'a lifecycle step is recorded with its date and who took it' 'ui lifecycle_step'
test_expect_success 'a wrong step date is corrected with who, when and why' 'ui step_correct'
test_expect_success 'a role that must be refused is refused' 'ui refused'
test_expect_success 'the bulletin and a report as pages' 'ui bulletin'
test_expect_success 'the staff pages at 360 px: none wider than the screen' 'ui narrow_staff'
test_expect_success 'the public portal at 360 px without script: every page type' '
	VILLAGE=621102108217 ui portal_pages
'
test_expect_success 'the public portal: a look-up that finds, one that does not' '
	bf list payments --clear-ids --format csv >pay.csv &&
	LOOKUP_ID=$(awk -F, "length(\$4) == 18 && \$4 ~ /^[0-9]+[0-9X]\$/ { print \$4; exit }" pay.csv) &&
	LOOKUP_NAME=$(bf show persons "$LOOKUP_ID" --format csv | tail -1 | cut -d, -f2) &&
	LOOKUP_ID=$LOOKUP_ID LOOKUP_NAME=$LOOKUP_NAME ui portal_lookup
'
test_expect_success 'the public portal: a report filed, then followed by its number' 'ui portal_report'
# the journeys look at what pages say, the same from either build: walked
# with the plain one (the sanitized build serves the scenarios above)
case $BANGFU in
*/asan/*) ;;
*)
	for who in admin clerk east auditor viewer public; do
		test_expect_success "the journey of $who: no English key, no bare code, no page wider than a phone" "
			node \"\$SRCDIR/test/browser/journeys.mjs\" \"\$URL\" \"\$SHOTS\" $who
		"
	done
	;;
esac
test_expect_success 'screenshots of the main pages are kept' '
	for p in login dashboard records import-error import-files project project-corrected refused audit bulletin report-funds \
		p-home p-county p-pairing p-project p-village p-ledger p-lookup-found p-lookup-none p-report p-track; do
		test -s "$SHOTS/$p.png" || { echo "no $p.png"; return 1; }
	done
'
test_expect_success 'stop the server' 'stop_server'

test_done
