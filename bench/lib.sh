# lib.sh: timing helpers shared by the benchmark scripts.  Sourced after
# W (the work folder) is set; results go to the associative array R.
declare -A R
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }

# run NAME CMD...: time it (seconds) and its peak memory (MB)
run() {
	local name=$1; shift
	local t0 t1
	t0=$(now)
	/usr/bin/time -f "%M" -o "$W/mem" "$@" >"$W/$name.out" 2>"$W/$name.err" || { cat "$W/$name.err"; exit 1; }
	t1=$(now)
	R[$name.s]=$(secs "$t0" "$t1")
	R[$name.mb]=$(( $(tail -1 "$W/mem") / 1024 ))
}

# fast NAME CMD...: best of 5, in milliseconds, and peak memory (MB)
fast() {
	local name=$1; shift
	local best=999999 t0 t1 ms
	for i in 1 2 3 4 5; do
		t0=$(now); "$@" >/dev/null; t1=$(now)
		ms=$(echo "($t1 - $t0) * 1000" | bc | cut -d. -f1)
		[ "$ms" -lt "$best" ] && best=$ms
	done
	/usr/bin/time -f "%M" -o "$W/mem" "$@" >/dev/null
	R[$name.ms]=$best
	R[$name.mb]=$(( $(tail -1 "$W/mem") / 1024 ))
}
