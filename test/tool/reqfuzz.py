#!/usr/bin/env python3
"""reqfuzz.py URL DIR SEED COUNT: hostile requests to every route.

Sends COUNT requests a route, for every role whose session is in DIR
(ROLE.jar, a curl cookie jar, and ROLE.csrf, its CSRF token) and for
nobody, with values drawn (from a fixed seed) from a list of hostile ones:
option-like values, bytes that are not UTF-8, NUL, over-long text, SQL and
HTML, paths, numbers out of range, other regions' pairings.  Requests are
written byte by byte on a socket, so that nothing is cleaned up on the
way.  Fails (exit 1, every failure printed) on any answer of 500 or more,
on a connection closed without an answer, and on a staff answer to a user
of a region that names a place outside it (the markers given with
--outside ROLE=TEXT,TEXT).  Prints "reqfuzz: N requests, F failures".
"""
import os
import random
import socket
import sys

HOSTILE = [
    b"--output", b"--pairing=GZ-ZJ", b"--west", b"--east=350100", b"--format=xlsx", b"-", b"",
    b"%FF", b"%FF%FE", b"\xff\xfe", b"%C3", b"%ED%A0%80", b"%00", b"a%00b", b"%0D%0ASet-Cookie:%20x=y",
    b"A" * 3000, b"%E4%B8%AD" * 400, b"' OR '1'='1", b"1;DROP TABLE payments", b"%3Cscript%3Ealert(1)%3C/script%3E",
    b"../../../../etc/passwd", b"%2e%2e%2f%2e%2e%2f", b"-1", b"99999999999999999999", b"2020-02-30", b"2020-13",
    b"2020-1", b"0", b"1e9", b"NaN", b"%E5%AE%89%E5%AE%9A", b"GZ-ZJ", b"HD-ZJ", b"TJ-AD", b"FZ-DX", b"621102",
    b"350100", b"440100", b"621102108217", b"P2017-0001", b"en", b"zh-TW", b"csv", b"xlsx", b"json", b"1",
    b"%25", b"%", b"&", b"=", b"+", b"%2B", b"%20", b"\t", b"%09",
]

GET = [
    ("/", []), ("/login", []), ("/dashboard", ["year", "in", "lang"]),
    ("/records/*", ["search", "sort", "desc", "in", "page", "format", "clear"]),
    ("/projects/*", []), ("/reports/*", ["pairing", "year", "as_of", "from", "to", "format"]),
    ("/bulletin", ["month", "format"]), ("/audit", ["page"]), ("/complaints", ["page"]), ("/complaints/*", []),
    ("/import", []), ("/api", []), ("/api/v1/me", []),
    ("/api/v1/records/*", ["search", "sort", "desc", "in", "page", "clear"]),
    ("/api/v1/reports/*", ["pairing", "year", "as_of", "from", "to"]), ("/api/v1/trace/*/*", []),
    ("/api/v1/bulletin", ["month"]), ("/p", ["lang"]), ("/p/county/*", ["year", "lang"]),
    ("/p/pairing/*", ["year"]), ("/p/project/*", []), ("/p/village/*", ["year"]), ("/p/lookup", []),
    ("/p/report", ["about", "id"]), ("/p/track", ["no"]), ("/p/ledger", []), ("/p/ledger/heads", []),
    ("/static/app.css", []), ("/nope/*", []),
]
POST = [
    ("/login", ["name", "password"]), ("/logout", []), ("/import", ["kind", "csv"]),
    ("/api/v1/import?kind=*", []), ("/projects/*", ["status", "date"]), ("/api/v1/projects/*/step", []),
    ("/complaints/*", ["action", "assignee", "reply"]), ("/p/lookup", ["name", "id"]),
    ("/p/report", ["about", "subject", "county", "text", "contact"]),
]
SEGMENTS = [b"projects", b"funds", b"payments", b"persons", b"pairings", b"workers", b"indicators", b"funds",
            b"labour", b"fund", b"project", b"payment", b"621102", b"520524", b"1", b"P2017-0001"]


def cookie(jar):
    try:
        for line in open(jar, encoding="utf-8", errors="replace"):
            f = line.rstrip("\n").split("\t")
            if len(f) == 7 and f[5] == "bf_session":
                return f[6]
    except OSError:
        pass
    return None


def value(rng):
    if rng.random() < 0.1:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 24)))
    return rng.choice(HOSTILE)


def fill(path, rng):
    out = b""
    for part in path.encode().split(b"*"):
        out += part + (rng.choice(SEGMENTS + HOSTILE[:30]) if rng.random() < 0.5 else b"")
    return out.replace(b"*", b"")


def ask(host, port, raw):
    s = socket.create_connection((host, port), timeout=30)
    try:
        s.sendall(raw)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    finally:
        s.close()
    line = data.split(b"\r\n", 1)[0].split(b" ")
    code = int(line[1]) if len(line) > 1 and line[1].isdigit() else 0
    return code, data


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--outside=")]
    outside = {}
    for a in sys.argv[1:]:
        if a.startswith("--outside="):
            role, texts = a[10:].split("=", 1)
            outside[role] = [t.encode() for t in texts.split(",")]
    url, folder, seed, count = args[0], args[1], int(args[2]), int(args[3])
    hostport = url.split("//", 1)[1].rstrip("/")
    host, port = hostport.rsplit(":", 1)
    roles = {"nobody": (None, None)}
    for f in sorted(os.listdir(folder)):
        if f.endswith(".jar"):
            role = f[:-4]
            csrf = open(os.path.join(folder, role + ".csrf")).read().strip() if os.path.exists(
                os.path.join(folder, role + ".csrf")) else ""
            roles[role] = (cookie(os.path.join(folder, f)), csrf)
    rng = random.Random(seed)
    n = failures = 0
    codes = {}
    for role, (sess, csrf) in roles.items():
        for method, routes in (("GET", GET), ("POST", POST)):
            for path, names in routes:
                for _ in range(count):
                    target = fill(path, rng)
                    params = [(k.encode(), value(rng)) for k in names if rng.random() < 0.7]
                    if rng.random() < 0.3:
                        params.append((value(rng)[:16] or b"x", value(rng)))
                    query = b"&".join(k + b"=" + v for k, v in params)
                    head = [b"Host: " + hostport.encode(), b"Connection: close"]
                    if sess:
                        head.append(b"Cookie: bf_session=" + sess.encode())
                    body = b""
                    if method == "POST":
                        token = csrf.encode() if csrf and rng.random() < 0.9 else value(rng)
                        head.append(b"X-CSRF-Token: " + token)
                        if rng.random() < 0.5:
                            body = b"csrf=" + token + (b"&" + query if query else b"")
                            head.append(b"Content-Type: application/x-www-form-urlencoded")
                        else:
                            b = b"xXfUzZ"
                            body = (b"--" + b + b"\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token +
                                    b"\r\n--" + b + b"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
                                    value(rng)[:40] + b".csv\"\r\n\r\n" + value(rng) + b"\r\n--" + b + b"--\r\n")
                            head.append(b"Content-Type: multipart/form-data; boundary=" + b)
                        head.append(b"Content-Length: " + str(len(body)).encode())
                    elif query:
                        target += b"?" + query
                    raw = method.encode() + b" " + target + b" HTTP/1.1\r\n" + b"\r\n".join(head) + b"\r\n\r\n" + body
                    n += 1
                    try:
                        code, data = ask(host, int(port), raw)
                    except OSError as e:
                        code, data = -1, str(e).encode()
                    codes[code] = codes.get(code, 0) + 1
                    why = None
                    if code <= 0:
                        why = "no answer"
                    elif code >= 500:
                        why = "answered %d" % code
                    elif role in outside and not target.startswith(b"/p") and code == 200:
                        for t in outside[role]:
                            if t in data:
                                why = "shows %r, outside the role's region" % t.decode(errors="replace")
                    if why:
                        failures += 1
                        print("FAIL %s as %s: %r: %s" % (method, role, raw[:300], why))
    print("answers: " + ", ".join("%d: %d" % (c, k) for c, k in sorted(codes.items())))
    print("reqfuzz: %d requests, %d failures" % (n, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
