#!/usr/bin/env python3
"""crawl.py URL JAR START... : fetch the START paths and the pages they link
to by GET, DEPTH links deep (env, default 1), as the session in curl's
cookie JAR (or '-' for none), at most MAX pages (env, default 600); print
each page's path and status, and to stderr, for each page holding the text MARK (env) as written
(not escaped), its path and the line.  Exit 1 when some page holds it, or a
page answered 500, or a link answered 404 (START paths may)."""
import os, re, sys, urllib.request, urllib.parse, http.client

url, jar, *starts = sys.argv[1:]
mark = os.environ.get('MARK', '<u7>')
cap = int(os.environ.get('MAX', '600'))
depth = int(os.environ.get('DEPTH', '1'))
cookies = []
if jar != '-':
    for line in open(jar):
        line = line.rstrip('\n')
        if line.startswith('#HttpOnly_'):
            line = line[len('#HttpOnly_'):]
        elif line.startswith('#') or not line:
            continue
        f = line.split('\t')
        if len(f) >= 7:
            cookies.append(f'{f[5]}={f[6]}')
host = urllib.parse.urlsplit(url)
seen, queue, bad = set(), [(s, 0) for s in starts], 0
while queue and len(seen) < cap:
    path, d = queue.pop(0)
    if path in seen:
        continue
    seen.add(path)
    c = http.client.HTTPConnection(host.hostname, host.port, timeout=20)
    c.request('GET', path, headers={'Cookie': '; '.join(cookies)} if cookies else {})
    r = c.getresponse()
    body = r.read().decode('utf-8', 'replace')
    c.close()
    ctype = r.getheader('Content-Type') or ''
    print(path, r.status)
    if r.status >= 500 or (r.status == 404 and d > 0):
        print(f'{path}: {r.status}', file=sys.stderr)
        bad = 1
    if 'text/html' not in ctype:
        continue
    for n, line in enumerate(body.splitlines(), 1):
        if mark in line:
            print(f'{path}:{n}: {line[:300]}', file=sys.stderr)
            bad = 1
    for href in re.findall(r'href="([^"#]*)"', body) if d < depth else []:
        href = href.replace('&amp;', '&')
        if href.startswith('?'):
            href = urllib.parse.urlsplit(path).path + href
        if not href.startswith('/') or href.startswith('//') or 'format=' in href or '/logout' in href:
            continue
        if href not in seen:
            queue.append((href, d + 1))
sys.exit(bad)
