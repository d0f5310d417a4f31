#!/usr/bin/env python3
"""gen_ledger.py DIR PAYMENTS PROJECTS PERSONS: a province-year bundle for the
ledger benchmark: 20 counties (each paired with an eastern district), 100
villages each, PERSONS persons in PERSONS/4 households, 50 funds a county,
PROJECTS projects each given one allocation, and PAYMENTS payments spread over
the projects, to persons of the project's county."""
import os, random, sys

out, npay, nproj, npers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
R = random.Random(7)
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idnum(s):
    c = (12 - sum(int(a) * b for a, b in zip(s, W)) % 11) % 11
    return s + ('X' if c == 10 else str(c))
os.makedirs(out, exist_ok=True)
NC = 20
counties = [f'6211{c + 1:02d}' for c in range(NC)]
with open(f'{out}/divisions.csv', 'w') as f:
    f.write('code,name,level,parent,side\n620000,甘肃省,province,,west\n621100,定西市,city,620000,\n'
            '350000,福建省,province,,east\n350100,福州市,city,350000,\n')
    for i, c in enumerate(counties):
        f.write(f'{c},县{i},county,621100,\n')
        f.write(f'3501{i + 1:02d},区{i},county,350100,\n')
        for t in range(10):
            f.write(f'{c}{100 + t},镇{i}-{t},town,{c},\n')
            for v in range(10):
                f.write(f'{c}{100 + t}{200 + v},村{i}-{t}-{v},village,{c}{100 + t},\n')
with open(f'{out}/orgs.csv', 'w') as f:
    f.write('code,name,kind,division\n')
with open(f'{out}/pairings.csv', 'w') as f:
    f.write('id,east,west,level,since\nFZ-DX,350100,621100,city,2017-01-01\n')
    for i, c in enumerate(counties):
        f.write(f'P{i:02d},3501{i + 1:02d},{c},county,2017-01-01\n')
people = {c: [] for c in counties}
seq = 0
with open(f'{out}/households.csv', 'w') as fh, open(f'{out}/persons.csv', 'w') as fp:
    fh.write('id,village,head,size,status,registered\n')
    fp.write('id_number,name,household,relation,labour,died\n')
    for h in range(max(1, npers // 4)):
        c = counties[h % NC]
        v = f'{c}{100 + (h // NC) % 10}{200 + (h // (NC * 10)) % 10}'
        ids = []
        for k in range(4):
            seq += 1
            day, s = divmod(seq, 1000)
            y, rest = divmod(day, 336)
            m, d = divmod(rest, 28)
            ids.append(idnum(f'{c}{1940 + y % 70:04d}{m + 1:02d}{d + 1:02d}{s:03d}'))
        fh.write(f'H{h:07d},{v},{ids[0]},4,poor,2014\n')
        for k, pid in enumerate(ids):
            fp.write(f'{pid},张{k}明,H{h:07d},{"户主" if k == 0 else "家庭成员"},1,\n')
        people[c].extend(ids)
per_project = max(1, npay // nproj)
pay_fen = 10000  # 100 yuan a payment
alloc_fen = per_project * pay_fen + 100000
with open(f'{out}/funds.csv', 'w') as f:
    f.write('id,date,kind,from,to,pairing,amount\n')
    nfund = 50
    per_county = (nproj + NC - 1) // NC
    fund_cap = ((per_county + nfund - 1) // nfund) * alloc_fen
    for i, c in enumerate(counties):
        for k in range(nfund):
            f.write(f'F{i:02d}-{k:02d},2020-03-{1 + k % 28:02d},fiscal,3501{i + 1:02d},{c},P{i:02d},{fund_cap // 100}.{fund_cap % 100:02d}\n')
with open(f'{out}/projects.csv', 'w') as fp, open(f'{out}/allocations.csv', 'w') as fa:
    fp.write('id,name,county,category,budget,year,status\n')
    fa.write('id,date,fund,project,amount\n')
    for p in range(nproj):
        i = p % NC
        fp.write(f'J{p:06d},项目{p},{counties[i]},industry,{alloc_fen // 100},2020,started\n')
        fa.write(f'A{p:06d},2020-04-01,F{i:02d}-{(p // NC) % 50:02d},J{p:06d},{alloc_fen // 100}.{alloc_fen % 100:02d}\n')
with open(f'{out}/payments.csv', 'w') as f:
    f.write('id,date,project,payee,amount,purpose\n')
    for n in range(npay):
        p = n % nproj
        c = counties[p % NC]
        f.write(f'X{n:08d},2020-{5 + n % 7:02d}-{1 + n % 28:02d},J{p:06d},{R.choice(people[c])},{pay_fen // 100}.00,industry_award\n')
