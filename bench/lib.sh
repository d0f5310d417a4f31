# lib.sh: timing helpers shared by the benchmark scripts.  Sourced after
# W (the work folder) is set; results go to the associative array R.
declare -A R
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }

# run NAME CMD...: time it (seconds) and its peak memory (MB); what earlier
# steps wrote is flushed to disk first, so that it is not charged to this one
run() {
	local name=$1; shift
	local t0 t1
	sync
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

# nginx_start PORT: nginx (2 workers, no log) serving $W/www on loopback PORT;
# sets nginx_pid.  For the server benchmarks' same-size static files.
nginx_start() {
	cat >"$W/nginx.conf" <<EOC
worker_processes 2;
pid $W/nginx.pid;
error_log $W/nginx.err;
events { worker_connections 1024; }
http {
	access_log off;
	default_type application/octet-stream;
	server { listen 127.0.0.1:$1; root $W/www; }
}
EOC
	nginx -c "$W/nginx.conf" -p "$W" -g "daemon off;" &
	nginx_pid=$!
	sleep 0.5
}

# load NAME URL [WRK ARGS]: wrk -t2 -c64 for $SECS s, after a second's
# warm-up (each worker makes and keeps its pages, as a running server has);
# prints a row and keeps its requests a second in RPS[NAME]
declare -A RPS
nload=0
load() {
	local name=$1 url=$2 out
	shift 2
	nload=$((nload + 1))
	out=$W/run$nload.wrk
	wrk -t2 -c64 -d1s "$@" "$url" >/dev/null
	wrk -t2 -c64 -d"${SECS}s" --latency "$@" "$url" >"$out"
	RPS[$name]=$(awk '/Requests\/sec/ { print $2 }' "$out")
	local non2xx
	non2xx=$(awk '/Non-2xx/ { print $5 }' "$out")
	printf '%-46s %10s req/s   p50 %8s   p99 %8s%s\n' "$name" "${RPS[$name]}" "$(awk '$1 == "50%" { print $2 }' "$out")" \
		"$(awk '$1 == "99%" { print $2 }' "$out")" "${non2xx:+   ($non2xx answers not 2xx)}"
}

# lookup_pool CSV TOKEN: a wrk script (on standard output) posting the
# portal's look-up for a person drawn at random from CSV (identity number,
# full name, ...: one row a person), with the public form's token TOKEN
lookup_pool() {
	python3 - "$1" "$2" <<'EOP'
import csv, sys, urllib.parse
print("bodies = {")
for r in csv.reader(open(sys.argv[1], encoding="utf-8")):
    print('"csrf=%s&name=%s&id_number=%s",' % (sys.argv[2], urllib.parse.quote(r[1]), r[0]))
print("}")
print('wrk.method = "POST"')
print('wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"')
print('wrk.headers["Cookie"] = "bf_pre=%s"' % sys.argv[2])
# each request made once, as each thread starts, not again on every request
# (the load's own work, beside the server's on the same cores)
print("reqs = {}")
print("init = function() for i, b in ipairs(bodies) do reqs[i] = wrk.format(nil, nil, nil, b) end end")
print("request = function() return reqs[math.random(#reqs)] end")
EOP
}
