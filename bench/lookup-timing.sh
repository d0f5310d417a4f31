#!/bin/bash
# lookup-timing.sh [N]: does the public look-up answer sooner when nobody
# has the identity number?  On the demo store, N look-ups (default 20,000)
# of a registered person (under another name, so that both answers are the
# same "not found" page) alternate with N of a valid number nobody has,
# over one keep-alive connection; prints the median time of each and the
# difference, which should be within the noise (well under a microsecond).
set -eu
cd "$(dirname "$0")/.."
N=${1:-20000}
BIN=${BANGFU:-build/bangfu}
W=bench/out/lookup-timing
rm -rf "$W" && mkdir -p "$W"
tool/deps.sh --bench >/dev/null
make -s build/bangfu
"$BIN" --db "$W/s.db" init >/dev/null
"$BIN" --db "$W/s.db" import data/demo >/dev/null 2>&1
ID=$("$BIN" --db "$W/s.db" list persons --clear-ids --format csv --limit 1 | tail -1 | cut -d, -f1)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" --db "$W/s.db" serve --listen 127.0.0.1:$port --lookup-limit 100000000 >"$W/serve.out" 2>&1 &
spid=$!
trap 'pkill -P $spid 2>/dev/null; kill $spid 2>/dev/null; true' EXIT
for i in $(seq 100); do grep -q "http://" "$W/serve.out" && break; sleep 0.05; done
python3 - "$port" "$ID" "$N" <<'EOP'
import http.client, statistics, sys, time, urllib.parse
port, known, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
def valid(first17):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(a) * b for a, b in zip(first17, w)) % 11]
unknown = valid("62110219990101" + "987")
assert unknown != known
c = http.client.HTTPConnection("127.0.0.1", port)
c.request("GET", "/p/lookup"); r = c.getresponse(); r.read()
token = [h.split("=", 1)[1].split(";")[0] for k, h in r.getheaders() if k == "Set-Cookie" and h.startswith("bf_pre=")][0]
def ask(idn):
    body = urllib.parse.urlencode({"csrf": token, "name": "某某某", "id_number": idn})
    t = time.perf_counter_ns()
    c.request("POST", "/p/lookup", body, {"Cookie": "bf_pre=" + token, "Content-Type": "application/x-www-form-urlencoded"})
    r = c.getresponse(); page = r.read()
    assert r.status == 200 and b'class="none"' in page, r.status
    return time.perf_counter_ns() - t
for _ in range(500):
    ask(known); ask(unknown)
a, b = [], []
for _ in range(n):
    a.append(ask(known)); b.append(ask(unknown))
ma, mb = statistics.median(a) / 1000, statistics.median(b) / 1000
print("look-ups over one connection, %d each, median microseconds" % n)
print("a registered number (another name)   %8.1f" % ma)
print("a number nobody has                  %8.1f" % mb)
print("difference                           %8.1f" % (ma - mb))
EOP
