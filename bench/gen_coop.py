#!/usr/bin/env python3
"""gen_coop.py DIR WORKERS SALES: a province's cooperation records for the
cooperation benchmark: a western province of 14 cities and 84 counties (10
towns of 10 villages each, half of the villages poor), each county paired with
an eastern district and each city with an eastern city, 2,000 enterprise-village
pairings, 2,000 eastern enterprises and 840 western co-operatives; WORKERS
transfers over three years (persons moved more than once among them) and SALES
sales, half of them naming no pairing; workshops, investments, exchanges,
trainings, events and a target for every county pairing and indicator."""
import os, random, sys

out, nwork, nsale = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
R = random.Random(11)
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idnum(s):
    c = (12 - sum(int(a) * b for a, b in zip(s, W)) % 11) % 11
    return s + ('X' if c == 10 else str(c))
os.makedirs(out, exist_ok=True)
cities = [f'62{c + 1:02d}00' for c in range(14)]
counties = [f'{ci[:4]}{k + 1:02d}' for ci in cities for k in range(6)]
east_cities = [f'35{c + 1:02d}00' for c in range(14)]
east_counties = [f'{ci[:4]}{k + 1:02d}' for ci in east_cities for k in range(6)]
villages = []
with open(f'{out}/divisions.csv', 'w') as f:
    f.write('code,name,level,parent,side,poor\n620000,甘肃省,province,,west,\n350000,福建省,province,,east,\n')
    for i, c in enumerate(cities):
        f.write(f'{c},市{i},city,620000,,\n{east_cities[i]},东市{i},city,350000,,\n')
    for i, c in enumerate(counties):
        f.write(f'{c},县{i},county,{c[:4]}00,,1\n{east_counties[i]},区{i},county,{east_counties[i][:4]}00,,\n')
        for t in range(10):
            f.write(f'{c}{100 + t},镇{i}-{t},town,{c},,\n')
            for v in range(10):
                code = f'{c}{100 + t}{200 + v}'
                villages.append(code)
                f.write(f'{code},村{i}-{t}-{v},village,{c}{100 + t},,{v % 2}\n')
east_orgs = [f'L-E{i:05d}' for i in range(2000)]
coops = [f'L-W{i:05d}' for i in range(840)]
with open(f'{out}/orgs.csv', 'w') as f:
    f.write('code,name,kind,division\n')
    for i, o in enumerate(east_orgs):
        f.write(f'{o},东部企业{i},enterprise,{east_counties[i % len(east_counties)]}\n')
    for i, o in enumerate(coops):
        f.write(f'{o},合作社{i},cooperative,{counties[i % len(counties)]}101\n')
pairs = []
with open(f'{out}/pairings.csv', 'w') as f:
    f.write('id,east,west,level,since\n')
    for i, c in enumerate(cities):
        f.write(f'C{i:02d},{east_cities[i]},{c},city,2017-01-01\n')
    for i, c in enumerate(counties):
        f.write(f'K{i:02d},{east_counties[i]},{c},county,2017-01-01\n')
        pairs.append(f'K{i:02d}')
    for i in range(2000):
        v = villages[(i * 7) % len(villages)]
        f.write(f'V{i:04d},{east_orgs[i]},{v},enterprise,2018-01-01\n')
def day(y):
    return f'{y}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}'
with open(f'{out}/workers.csv', 'w') as f:
    f.write('id_number,name,origin,employer,destination,batch,start,end\n')
    people, used = [], set()
    for i in range(nwork):
        while True:
            if people and R.random() < 0.15:
                pid, c, name = R.choice(people)
            else:
                c = R.choice(counties)
                pid = idnum(f'{c}{R.randint(1960, 2002)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}{R.randint(0, 999):03d}')
                name = f'工人{i % 1000}'
            y = R.choice([2018, 2019, 2020])
            start = f'{y}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}'
            if pid + start not in used:
                break
        used.add(pid + start)
        if len(people) < 100000:
            people.append((pid, c, name))
        end = '' if R.random() < 0.4 else f'{y + 1}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}'
        f.write(f'{pid},{name},{c},{R.choice(east_orgs)},350100,B{y}-{i % 50},{start},{end}\n')
with open(f'{out}/sales.csv', 'w') as f:
    f.write('id,date,seller,buyer,product,amount,poor_households,pairing\n')
    for i in range(nsale):
        s = R.choice(coops)
        k = int(s[3:]) % len(counties)
        pairing = pairs[k] if i % 2 else ''
        f.write(f'S{i:07d},{day(R.choice([2018, 2019, 2020]))},{s},{R.choice(east_orgs)},马铃薯,{R.randint(100, 99999)}.{R.randint(0, 99):02d},{R.randint(0, 5)},{pairing}\n')
with open(f'{out}/workshops.csv', 'w') as f:
    f.write('id,name,org,village,certified,jobs,poor_jobs\n')
    for i in range(5000):
        j = R.randint(10, 200)
        f.write(f'WS{i:05d},车间{i},,{villages[i % len(villages)]},{day(R.choice([2018, 2019, 2020]))},{j},{R.randint(0, j)}\n')
with open(f'{out}/investments.csv', 'w') as f:
    f.write('id,date,org,county,amount,poor_employed,poor_driven,pairing\n')
    for i in range(20000):
        f.write(f'I{i:05d},{day(R.choice([2018, 2019, 2020]))},{R.choice(east_orgs)},{R.choice(counties)},{R.randint(10000, 9999999)},,,\n')
with open(f'{out}/exchanges.csv', 'w') as f:
    f.write('id,name,kind,direction,pairing,start,end\n')
    for i in range(20000):
        f.write(f'X{i:05d},人{i},{R.choice(["cadre", "teacher", "doctor", "technician"])},east_west,{R.choice(pairs)},{day(R.choice([2018, 2019, 2020]))},\n')
with open(f'{out}/trainings.csv', 'w') as f:
    f.write('id,date,title,kind,pairing,person_times\n')
    for i in range(20000):
        f.write(f'T{i:05d},{day(R.choice([2018, 2019, 2020]))},培训{i},labour,{R.choice(pairs)},{R.randint(10, 500)}\n')
with open(f'{out}/events.csv', 'w') as f:
    f.write('id,date,kind,pairing,note\n')
    for i in range(10000):
        f.write(f'V{i:05d},{day(R.choice([2018, 2019, 2020]))},{R.choice(["joint_meeting", "leader_visit"])},{R.choice(pairs)},\n')
IND = ['fiscal_funds', 'social_funds', 'projects', 'workers_transferred', 'workers_poor', 'workers_stable',
       'sales', 'investment', 'enterprises', 'workshops', 'workshop_jobs', 'workshop_poor_jobs', 'cadres',
       'teachers', 'doctors', 'technicians', 'trained_person_times', 'joint_meetings', 'leader_visits',
       'paired_poor_villages']
with open(f'{out}/targets.csv', 'w') as f:
    f.write('year,pairing,indicator,target\n')
    for p in pairs:
        for ind in IND:
            f.write(f'2020,{p},{ind},{R.randint(1, 100000)}\n')
