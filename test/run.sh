#!/bin/bash
# run.sh: every test, against both stores, with the normal build; with
# the sanitizer build, every test on SQLite and the database layer's own
# on PostgreSQL.  Starts a throwaway PostgreSQL server (as the postgres
# user: it refuses root) in a temporary folder on a free loopback port, and
# stops it afterwards.  Prints "N passed, N failed" last.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=99:detect_leaks=0:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:exitcode=98:print_stacktrace=1}
export LC_ALL=C.UTF-8

passed=0
failed=0

. test/pg.sh
trap stop_pg EXIT

count() {
	local log=$1
	local p f
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	passed=$((passed + p))
	failed=$((failed + f))
}

echo "== unit tests (cmocka, ASan+UBSan)"
if build/unit >build/unit.log 2>&1; then
	n=$(grep -c '^\[       OK \]' build/unit.log)
	passed=$((passed + n))
	echo "unit: $n passed"
else
	cat build/unit.log
	n=$(grep -c '^\[  FAILED  \]' build/unit.log)
	failed=$((failed + (n > 0 ? n : 1)))
fi

echo "== fuzzing the parsers (libFuzzer, ${FUZZ_SECONDS:-10} s each)"
test/fuzz.sh | tee build/fuzz.log
passed=$((passed + $(grep -c ': ok,' build/fuzz.log)))
failed=$((failed + $(grep -c ': FAILED' build/fuzz.log)))

start_pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off || { echo "PostgreSQL did not start"; echo "$passed passed, 1 failed"; exit 1; }

tests=${TESTS:-$(ls test/t/t*.sh)}
# every test on both stores with the plain build; the sanitized build runs
# every test on SQLite and, on PostgreSQL, those that work the database
# layer's own paths hardest (import, the ledger, the trail, tampering,
# backup, corrections): the rest of its code is the same on either store,
# and the suite must stay within CI's time
asan_pg=${ASAN_PG_TESTS:-"t0001 t0100 t0110 t0500 t0900 t0910 t0940 t1020 t1050 t1070 t1090"}
for bin in build/bangfu build/asan/bangfu; do
	for backend in sqlite pg; do
		echo "== black-box tests: $bin on $backend"
		for t in $tests; do
			if [ "$bin" = build/asan/bangfu ] && [ "$backend" = pg ] && [ -z "${TESTS:-}" ]; then
				case " $asan_pg " in *" $(basename "$t" | cut -d- -f1) "*) ;; *) continue ;; esac
			fi
			log=$(mktemp)
			BANGFU=$ROOT/$bin BACKEND=$backend bash "$t" >"$log" 2>&1
			grep -v '^ok ' "$log"
			count "$log"
			rm -f "$log"
		done
	done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
