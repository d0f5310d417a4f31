#!/bin/bash
# fuzz.sh: run each libFuzzer target for FUZZ_SECONDS (default 10) from its
# seed corpus in fuzz/corpus/; prints "fuzz NAME: ok ..." or the crash,
# exits with the number of targets that failed.
cd "$(dirname "$0")/.."
failed=0
for f in csvin xlsxin check multipart; do
	mkdir -p build/corpus-$f
	len=4096; [ $f = xlsxin ] && len=16384 # a workbook's zip is bigger than a CSV
	if build/fuzz_$f -max_total_time="${FUZZ_SECONDS:-10}" -max_len=$len -rss_limit_mb=1024 -artifact_prefix=build/ \
		build/corpus-$f fuzz/corpus/$f >build/fuzz_$f.log 2>&1; then
		echo "fuzz $f: ok, $(grep -o 'Done [0-9]* runs.*' build/fuzz_$f.log | tail -1)"
	else
		echo "fuzz $f: FAILED"
		tail -40 build/fuzz_$f.log
		failed=$((failed + 1))
	fi
done
exit $failed
