#!/usr/bin/env python3
"""gen_persons.py DIR N: a bundle with one county, 1000 villages, N/4
households and N persons (valid identity numbers), for the import benchmark."""
import os, random, sys

out, n = sys.argv[1], int(sys.argv[2])
R = random.Random(1)
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idnum(s):
    c = (12 - sum(int(a) * b for a, b in zip(s, W)) % 11) % 11
    return s + ('X' if c == 10 else str(c))
os.makedirs(out, exist_ok=True)
with open(f'{out}/divisions.csv', 'w') as f:
    f.write('code,name,level,parent,side\n620000,甘肃省,province,,west\n621100,定西市,city,620000,\n621126,岷县,county,621100,\n')
    for t in range(10):
        f.write(f'621126{100 + t},镇{t},town,621126,\n')
        for v in range(100):
            f.write(f'621126{100 + t}{200 + v},村{t}-{v},village,621126{100 + t},\n')
SUR = '王李张刘陈杨赵黄周吴马何罗郭'
GIV = '明华国建文军平志伟东海强晓生光林小红英秀兰芳玉凤梅'
nh = max(1, n // 4)
seq = 0
def next_id():
    global seq
    seq += 1
    # birth dates 1950-01-01 .. ; 3-digit sequence within a day
    day, s = divmod(seq, 1000)
    y, rest = divmod(day, 336)
    m, d = divmod(rest, 28)
    return idnum(f'621126{1950 + y % 60:04d}{m + 1:02d}{d + 1:02d}{s:03d}')
heads = []
with open(f'{out}/households.csv', 'w') as f:
    f.write('id,village,head,size,status,registered\n')
    for h in range(nh):
        v = f'621126{100 + h % 10}{200 + (h // 10) % 100}'
        head = next_id()
        heads.append(head)
        f.write(f'H{h:07d},{v},{head},4,poor,2014\n')
with open(f'{out}/persons.csv', 'w') as f:
    f.write('id_number,name,household,relation,labour,died\n')
    for i in range(n):
        h = i // 4
        pid = heads[h] if i % 4 == 0 and h < nh else next_id()
        f.write(f'{pid},{R.choice(SUR)}{R.choice(GIV)}{R.choice(GIV)},H{min(h, nh - 1):07d},{"户主" if i % 4 == 0 else "家庭成员"},1,\n')
