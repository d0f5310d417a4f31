#!/usr/bin/env python3
"""mkdemo.py: writes the demo bundle in data/demo/.

The pairings and the division codes of provinces, cities and counties are
real (GB/T 2260, as of 2020, from ../shared/DOMAIN.md).  Everything below a
county (towns, villages, households, persons) and every organisation is
INVENTED: plausible names, valid check digits, codes under the real
counties.  The counts follow the articles in ../shared/seeds/:

  Dingxi: 119 towns (Anding 19, Minxian 18, Zhangxian 13, ...);
          poor villages Anding 105, Tongwei 198, Minxian 186, Zhangxian 85;
          Fuzhou-Dingxi village pairs 541, enterprise 326, social org 49,
          school 186, hospital 67; every town paired (119).
  Huize:  104 deeply poor villages paired by Baoshan's 27 villages and 58
          enterprises; the 28 poor villages that benefit from projects lie
          in 8 towns.
  Zhijin: 120 deeply poor villages paired by Huadu's 5 towns, 72
          enterprises and 1 social organisation.
  Zhenxiong: Qingxi paired with 4 towns and 8 villages.
  Jishishan: Haicang's 4 streets and 14 villages with 11 towns and 14 poor
          villages; Jingyuan: 7 towns covered by Haicang's 4 streets.

Deterministic: the same script writes the same files.  Run it from the
repository root: python3 tool/mkdemo.py
"""
import csv, os, random

R = random.Random(20201117)
OUT = os.path.join(os.path.dirname(__file__), '..', 'data', 'demo')

IDW = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idnum(s17):
    c = (12 - sum(int(a) * b for a, b in zip(s17, IDW)) % 11) % 11
    return s17 + ('X' if c == 10 else str(c))

USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
UW = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
used_uscc = set()
def uscc(prefix2, county6):
    while True:
        body = prefix2 + county6 + ''.join(R.choice(USCC[:10] + USCC[10:]) for _ in range(9))
        c = 31 - sum(USCC.index(ch) * w for ch, w in zip(body, UW)) % 31
        code = body + USCC[0 if c == 31 else c]
        if code not in used_uscc:
            used_uscc.add(code)
            return code

divisions = []   # code, name, level, parent, side, poor, exited
def div(code, name, level, parent='', side='', poor='', exited=''):
    divisions.append([code, name, level, parent, side, poor, exited])
    return code

# ---- real provinces, cities, counties ----
for code, name, side in [('530000', '云南省', 'west'), ('520000', '贵州省', 'west'),
                         ('620000', '甘肃省', 'west'), ('640000', '宁夏回族自治区', 'west'),
                         ('440000', '广东省', 'east'), ('310000', '上海市', 'east'),
                         ('350000', '福建省', 'east')]:
    div(code, name, 'province', side=side)
for code, name, parent in [('530600', '昭通市', '530000'), ('530300', '曲靖市', '530000'),
                           ('520500', '毕节市', '520000'), ('621100', '定西市', '620000'),
                           ('622900', '临夏回族自治州', '620000'), ('640400', '固原市', '640000'),
                           ('441900', '东莞市', '440000'), ('440100', '广州市', '440000'),
                           ('350100', '福州市', '350000'), ('350200', '厦门市', '350000')]:
    div(code, name, 'city', parent)

WEST = {  # code: name, parent, exited year, towns, poor villages, other villages per town
    '530627': ('镇雄县', '530600', 2020, 28, 40, 2),
    '530326': ('会泽县', '530300', 2019, 21, 104, 2),
    '520524': ('织金县', '520500', 2020, 33, 120, 2),
    '621102': ('安定区', '621100', 2019, 19, 105, 2),
    '621121': ('通渭县', '621100', 2020, 18, 198, 1),
    '621122': ('陇西县', '621100', 2020, 17, 129, 2),
    '621123': ('渭源县', '621100', 2020, 16, 135, 2),
    '621124': ('临洮县', '621100', 2019, 18, 162, 2),
    '621125': ('漳县', '621100', 2020, 13, 85, 2),
    '621126': ('岷县', '621100', 2020, 18, 186, 1),
    '622927': ('积石山保安族东乡族撒拉族自治县', '622900', 2020, 17, 30, 2),
    '640424': ('泾源县', '640400', 2020, 7, 20, 2),
}
EAST = {
    '441900117': ('清溪镇', '441900'),  # a town directly under Dongguan
    '440114': ('花都区', '440100'), '310113': ('宝山区', '310000'),
    '350102': ('鼓楼区', '350100'), '350103': ('台江区', '350100'),
    '350104': ('仓山区', '350100'), '350111': ('晋安区', '350100'),
    '350112': ('长乐区', '350100'), '350122': ('连江县', '350100'),
    '350181': ('福清市', '350100'), '350205': ('海沧区', '350200'),
}

FIRST = list('白石马李高新红青杨王张柳东西南北上下大小中前后黄金银龙凤花桃杏梨松柏竹山水泉河川岭沟湾坪塬峪堡寨庄铺店')
SECOND = list('家河岭川坪湾沟山寨庄堡岔峪坡台屯营源滩梁峡岘')
def place(used, suffix):
    for _ in range(1000):
        n = R.choice(FIRST) + R.choice(SECOND) + suffix
        if n not in used:
            used.add(n)
            return n
    raise SystemExit('names exhausted')

REAL_TOWNS = {'621122': ['马河镇'], '621121': ['华岭镇', '榜罗镇'], '621123': ['五竹镇'],
              '621125': ['大草滩镇'], '621102': ['巉口镇'], '621126': ['岷阳镇'],
              '530326': ['娜姑镇', '迤车镇', '大井镇', '待补镇', '矿山镇', '古城街道', '大桥乡', '大海乡', '马路乡', '老厂乡', '乐业镇', '雨碌乡'],
              '520524': ['三甲街道', '中寨镇'], '530627': ['以古镇', '黑树镇']}

towns = {}          # county -> [town codes]
poor_villages = {}  # county -> [village codes]
villages_all = {}
for cc, (name, parent, exited, ntown, npoor, other) in WEST.items():
    div(cc, name, 'county', parent, poor='1', exited=str(exited))
    used = set()
    towns[cc] = []
    real = list(REAL_TOWNS.get(cc, []))
    for t in range(ntown):
        tname = real[t] if t < len(real) else place(used, R.choice(['镇', '镇', '乡']))
        used.add(tname)
        tcode = f'{cc}{100 + t:03d}'
        div(tcode, tname, 'town', cc)
        towns[cc].append(tcode)
    # poor villages spread over the towns (Huize: the first 8 towns hold them)
    poor_villages[cc] = []
    villages_all[cc] = []
    vused = set()
    seq = {t: 200 for t in towns[cc]}
    for v in range(npoor):
        t = towns[cc][v % len(towns[cc])]
        seq[t] += 1
        vcode = f'{t}{seq[t]:03d}'
        div(vcode, place(vused, '村'), 'village', t, poor='1', exited=str(R.choice([2017, 2018, 2019, 2019, 2020])))
        poor_villages[cc].append(vcode)
        villages_all[cc].append(vcode)
    for t in towns[cc]:
        for _ in range(other):
            seq[t] += 1
            vcode = f'{t}{seq[t]:03d}'
            div(vcode, place(vused, R.choice(['村', '社区'])), 'village', t)
            villages_all[cc].append(vcode)

# east side: districts, towns/streets, villages
east_towns = {}
east_villages = {}
EAST_SHAPE = {  # towns, villages per town
    '440114': (5, 4), '310113': (4, 7), '350102': (4, 12), '350103': (10, 8),
    '350104': (6, 14), '350111': (6, 14), '350112': (13, 7), '350122': (8, 12),
    '350181': (8, 12), '350205': (4, 4),
}
EAST_REAL_TOWNS = {'310113': ['月浦镇', '吴淞街道'], '440114': ['新华街道']}
for cc, (name, parent) in EAST.items():
    if len(cc) == 9:
        div(cc, name, 'town', parent)
        east_towns[cc] = [cc]
        east_villages[cc] = []
        used = set()
        for v in range(8):
            east_villages[cc].append(div(f'{cc}{201 + v:03d}', place(used, '村'), 'village', cc))
        continue
    div(cc, name, 'county', parent)
    ntown, nvil = EAST_SHAPE[cc]
    used, vused = set(), set()
    east_towns[cc], east_villages[cc] = [], []
    real = EAST_REAL_TOWNS.get(cc, [])
    for t in range(ntown):
        tname = real[t] if t < len(real) else place(used, R.choice(['镇', '街道']))
        used.add(tname)
        tcode = div(f'{cc}{1 + t:03d}', tname, 'town', cc)
        east_towns[cc].append(tcode)
        for v in range(nvil):
            east_villages[cc].append(div(f'{tcode}{201 + v:03d}', place(vused, R.choice(['村', '社区'])), 'village', tcode))

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
def company(city, used):
    while True:
        n = city + R.choice(E_WORDS) + R.choice(E_WORDS) + R.choice(E_TRADE) + R.choice(['有限公司', '股份有限公司', '集团有限公司'])
        if n not in used:
            used.add(n)
            return n

names_used = set()
gov = {}
for cc, (name, parent) in EAST.items():
    gov[cc] = org('government', f'{name}东西部协作办公室' if len(cc) == 6 else '东莞市清溪镇人民政府', cc)
for cc in ('350100', '440100', '441900', '350200'):
    cname = {'350100': '福州市', '440100': '广州市', '441900': '东莞市', '350200': '厦门市'}[cc]
    gov[cc] = org('government', f'{cname}对口帮扶协作办公室', cc)
for cc, (name, *_rest) in WEST.items():
    gov[cc] = org('government', f'{name}乡村振兴局', cc)
gov['621100'] = org('government', '定西市东西部协作办公室', '621100')

FUZHOU = ['350102', '350103', '350104', '350111', '350112', '350122', '350181']
fz_enterprises = [org('enterprise', company(R.choice(['福州', '福建', '福清', '长乐', '连江']), names_used),
                      R.choice(FUZHOU)) for _ in range(326)]
fz_social = [org('social_org', f'福州市{R.choice(E_WORDS)}{R.choice(E_WORDS)}{R.choice(["慈善会", "公益基金会", "商会", "志愿者协会", "乡贤会"])}', R.choice(FUZHOU))
             for _ in range(49)]
# social org names may repeat by chance: make them unique
seen = set()
for o in orgs:
    if o[2] == 'social_org':
        while o[1] in seen:
            o[1] = o[1][:-2] + R.choice(E_WORDS) + o[1][-2:]
        seen.add(o[1])
fz_schools = [org('school', f'福州市{R.choice(["第", "实验", "鼓山", "仓山", "台江", "晋安", "长乐", "福清"])}{i + 1}{R.choice(["中学", "小学"])}', R.choice(FUZHOU)) for i in range(62)]
fz_hospitals = [org('hospital', f'福州市{R.choice(["第", "中医", "妇幼", "人民"])}{i + 1}医院', R.choice(FUZHOU)) for i in range(23)]
huadu_ent = [org('enterprise', company('广州花都' + R.choice(E_WORDS), names_used), '440114') for _ in range(72)]
huadu_social = org('social_org', '广州市花都区慈善会', '440114')
baoshan_ent = [org('enterprise', company('上海' + R.choice(E_WORDS), names_used), '310113') for _ in range(58)]
org('social_org', '上海联劝公益基金会', '310113')
org('enterprise', '上海国际港务（集团）股份有限公司', '310113')
qingxi_ent = [org('enterprise', company('东莞清溪', names_used), '441900117') for _ in range(20)]
org('social_org', '清溪商会', '441900117', local='L-QX-SH-001')
org('school', '清溪新中德技工学校', '441900117')
haicang_ent = [org('enterprise', n, '350205') for n in ['厦门海投集团有限公司', '厦门特利强雨具有限公司', '厦门中天创客电子商务有限公司']]
# a few early pilot codes fail their check character on purpose: import warns and keeps them
bad = orgs[-1]
bad[0] = bad[0][:-1] + ('0' if bad[0][-1] != '0' else '1')
# western cooperatives and workshops' operators
for cc in WEST:
    for i in range(3):
        org('cooperative', f'{WEST[cc][0]}{place(set(), "")}{R.choice(["种植", "养殖", "中药材", "马铃薯", "食用菌"])}专业合作社', R.choice(towns[cc]))

# ---- pairings ----
pairings = []  # id, east, west, level, since, until, agreement
def pair(pid, east, west, level, since, agreement='', until=''):
    pairings.append([pid, east, west, level, since, until, agreement])

pair('DG-ZX', '441900', '530627', 'city', '2016-12-01', '东莞市—镇雄县东西部扶贫协作协议', '2021-05-09')
pair('QX-ZX', '441900117', '530627', 'county', '2017-01-01', '東莞市清溪鎮與雲南省昭通市鎮雄縣東西部扶貧協作工作交接備忘錄', '2021-05-09')
pair('BS-HZ', '310113', '530326', 'county', '2018-01-15', '上海市宝山区人民政府 云南省会泽县人民政府“携手奔小康”结对帮扶协议')
pair('GZ-ZJ', '440100', '520524', 'city', '2016-12-01', '广州市—毕节市织金县东西部扶贫协作协议')
pair('HD-ZJ', '440114', '520524', 'county', '2016-12-01', '花都区—织金县携手奔小康结对帮扶协议')
pair('FZ-DX', '350100', '621100', 'city', '2016-12-01', '福州市—定西市东西部扶贫协作框架协议')
for pid, e, w in [('LJ-LX', '350122', '621122'), ('CS-LT', '350104', '621124'), ('FQ-TW', '350181', '621121'),
                  ('TJ-AD', '350103', '621102'), ('JA-WY', '350111', '621123'), ('GL-MX', '350102', '621126'),
                  ('CL-ZX', '350112', '621125')]:
    pair(pid, e, w, 'county', '2017-01-01', f'{EAST[e][0]}—{WEST[w][0]}携手奔小康协议')
pair('XM-JSS', '350200', '622927', 'city', '2016-12-01', '厦门市—临夏州积石山县东西部扶贫协作协议')
pair('HC-JSS', '350205', '622927', 'county', '2017-01-01', '海沧区—积石山县携手奔小康协议')
pair('HC-JY', '350205', '640424', 'county', '2017-01-01', '海沧区—泾源县携手奔小康协议')

n = 0
def npid(prefix):
    global n
    n += 1
    return f'{prefix}-{n:04d}'

# Fuzhou-Dingxi: every one of the 119 towns paired with a town on the east side
DX = {'621122': '350122', '621124': '350104', '621121': '350181', '621102': '350103',
      '621123': '350111', '621126': '350102', '621125': '350112'}
for w, e in DX.items():
    for i, t in enumerate(towns[w]):
        pair(npid('TT'), east_towns[e][i % len(east_towns[e])], t, 'town', '2018-03-01')
# village-level pairings in Dingxi, spread over its poor villages so that all are covered
dx_poor = [v for w in DX for v in poor_villages[w]]
R.shuffle(dx_poor)
def covered(k):  # the next k poor villages, round robin (all 1000 get one before any gets two)
    global cursor
    out = []
    for _ in range(k):
        out.append(dx_poor[cursor % len(dx_poor)])
        cursor += 1
    return out
cursor = 0
def east_of(village):
    return DX[village[:6]]
for v in covered(541):
    ev = R.choice(east_villages[east_of(v)])
    pair(npid('VV'), ev, v, 'village', '2018-06-01')
ent = list(fz_enterprises)
for i, v in enumerate(covered(326)):
    pair(npid('EV'), ent[i], v, 'enterprise', '2018-06-01')
for i, v in enumerate(covered(49)):
    pair(npid('SV'), fz_social[i], v, 'social_org', '2018-09-01')
for i, v in enumerate(covered(186)):
    pair(npid('XV'), fz_schools[i % len(fz_schools)], v, 'school', '2019-03-01')
for i, v in enumerate(covered(67)):
    pair(npid('YV'), fz_hospitals[i % len(fz_hospitals)], v, 'hospital', '2019-03-01')
# Huize: Baoshan's 27 villages and 58 enterprises with the 104 deeply poor villages
hz = poor_villages['530326']
bs_vil = east_villages['310113'][:27]
pair(npid('TT'), east_towns['310113'][0], towns['530326'][1], 'town', '2018-05-01')   # 月浦镇—迤车镇
pair(npid('TT'), east_towns['310113'][1], towns['530326'][6], 'town', '2018-05-01')   # 吴淞街道—大桥乡
for i, v in enumerate(hz):
    if i < 27:
        pair(npid('VV'), bs_vil[i], v, 'village', '2018-05-01')
    elif i < 27 + 58:
        pair(npid('EV'), baoshan_ent[i - 27], v, 'enterprise', '2018-05-01')
    else:
        pair(npid('EV'), baoshan_ent[(i - 85) % 58], v, 'enterprise', '2018-05-01')
# Zhijin: Huadu's 5 towns, 72 enterprises and 1 social organisation with 120 deeply poor villages
zj = poor_villages['520524']
for i, t in enumerate(east_towns['440114']):
    pair(npid('TT'), t, towns['520524'][i], 'town', '2019-01-01')
for i, v in enumerate(zj):
    if i < 72:
        pair(npid('EV'), huadu_ent[i], v, 'enterprise', '2019-01-01')
    elif i < 73:
        pair(npid('SV'), huadu_social, v, 'social_org', '2019-01-01')
    else:
        pair(npid('VV'), R.choice(east_villages['440114']), v, 'village', '2019-01-01')
# Zhenxiong: Qingxi with 4 towns and 8 villages
for i in range(4):
    pair(npid('TT'), '441900117', towns['530627'][i], 'town', '2017-06-01', until='2021-05-09')
for i in range(8):
    pair(npid('VV'), east_villages['441900117'][i], poor_villages['530627'][i], 'village', '2017-06-01', until='2021-05-09')
# Jishishan and Jingyuan: Haicang's 4 streets and 14 villages
for i in range(11):
    pair(npid('TT'), east_towns['350205'][i % 4], towns['622927'][i], 'town', '2018-04-01')
for i in range(14):
    pair(npid('VV'), east_villages['350205'][i % len(east_villages['350205'])], poor_villages['622927'][i], 'village', '2018-04-01')
for i in range(7):
    pair(npid('TT'), east_towns['350205'][i % 4], towns['640424'][i], 'town', '2018-04-01')

# ---- households and persons ----
SURNAMES = list('王李张刘陈杨赵黄周吴马何罗郭苏汪魏包牛孙朱胡高林郑谢韩唐冯董萧程曹袁邓许傅沈曾彭吕蒋蔡贾丁薛叶阎余潘杜戴夏钟田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文')
GIVEN = list('明华国建文军平志伟东海强晓生光林小红英秀兰芳玉凤梅丽春燕霞桂珍娟福德永成兴旺宝山金银才富贵学忠义')
households, persons = [], []
used_ids = set()
def person_id(county, year):
    while True:
        d = f'{year}{R.randint(1, 12):02d}{R.randint(1, 28):02d}'
        s = idnum(f'{county}{d}{R.randint(0, 999):03d}')
        if s not in used_ids:
            used_ids.add(s)
            return s
def given():
    return R.choice(GIVEN) + (R.choice(GIVEN) if R.random() < 0.8 else '')

for cc in WEST:
    county_vil = poor_villages[cc] + [v for v in villages_all[cc] if v not in poor_villages[cc]][:10]
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


# ---- money: funds, projects, beneficiaries, allocations, payments ----
# Totals follow the articles (see data/demo/README.md); amounts in fen.
W = 1000000  # fen in one 万元
funds, projects, beneficiaries, allocations, payments = [], [], [], [], []

def yuan(fen):
    return f'{fen // 100}.{fen % 100:02d}'

def split(total, n):
    """n positive parts, whole yuan, summing exactly to total (fen)."""
    if n == 1:
        return [total]
    w = [R.uniform(0.6, 1.4) for _ in range(n)]
    parts = [int(total * x / sum(w)) // 100 * 100 for x in w]
    parts[-1] += total - sum(parts)
    return parts

org_by_div = {}
for o in orgs:
    org_by_div.setdefault(o[3], []).append(o)
def orgs_in(prefix, kind=None):
    return [o[0] for o in orgs if o[3].startswith(prefix) and (kind is None or o[2] == kind)]

nf = 0
def fund(date, kind, frm, to, amount, pairing='', note=''):
    global nf
    nf += 1
    fid = f'F{date[:4]}-{nf:04d}'
    funds.append([fid, date, kind, frm, to, pairing, yuan(amount), '', note])
    pool.setdefault((to, int(date[:4])), []).append([fid, amount])
    return fid

pool = {}       # (county, year) -> [[fund id, amount not yet allocated]]
county_persons = {}
for hid, v, *_ in households:
    county_persons.setdefault(v[:6], [])
hh_of = {h[0]: h for h in households}
for pid, name, hid, *_ in persons:
    county_persons.setdefault(hid[:6], []).append(pid)
county_households = {}
for h in households:
    county_households.setdefault(h[1][:6], []).append(h)

CATS = ['industry', 'industry', 'industry', 'infrastructure', 'infrastructure', 'education',
        'health', 'labour', 'housing', 'water']
CAT_ZH = {'industry': ['食用菌大棚', '中药材种植基地', '肉牛养殖', '马铃薯贮藏窖', '光伏电站', '扶贫车间', '蔬菜大棚'],
          'infrastructure': ['村道硬化', '机耕道建设', '便民桥', '村文化广场'],
          'education': ['学校教学楼', '教育资助'], 'health': ['村卫生室提升', '残疾人帮扶'],
          'labour': ['劳务输转奖补', '稳岗补贴', '创业就业基地'], 'housing': ['危房改造', '易地搬迁配套'],
          'water': ['安全饮水工程', '节水灌溉'], 'other': ['农业保险', '携手奔小康']}
npj = 0; nal = 0; npay = 0

def project(county, year, category, budget, status, pairing='', village=None, name=None):
    global npj
    npj += 1
    pid = f'P{year}-{npj:04d}'
    if village is None:
        village = R.choice(poor_villages.get(county, villages_all.get(county, [''])) or [''])
    vname = next((d[1] for d in divisions if d[0] == village), '') if village else ''
    name = name or f'{vname}{R.choice(CAT_ZH[category])}项目'
    steps = ['planned', 'approved', 'started', 'completed', 'accepted', 'settled', 'cancelled']
    dates = {}
    if status in steps[2:6]:
        d0 = (year, R.randint(3, 6), R.randint(1, 28))
        dates['started'] = f'{d0[0]}-{d0[1]:02d}-{d0[2]:02d}'
        k = steps.index(status)
        m = d0[1]
        for st in ['completed', 'accepted', 'settled'][:max(0, k - 2)]:
            m = min(m + R.randint(1, 2), 12)
            dates[st] = f'{year}-{m:02d}-{R.randint(1, 28):02d}'
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
        allocations.append([f'A{year}-{nal:05d}', date, f[0], pid, yuan(take), ''])
        f[1] -= take
        amount -= take
    assert amount == 0, (county, year, pid, amount)

def pay(county, pid, amount, year, purpose_mix, contractors):
    global npay
    parts = split(amount, R.randint(1, 4)) if amount >= 400000 else [amount]
    for part in parts:
        npay += 1
        if R.random() < purpose_mix and county_persons.get(county):
            payee, purpose = R.choice(county_persons[county]), R.choice(['industry_award', 'stable_job_subsidy', 'wage', 'scholarship', 'relief'])
        else:
            payee, purpose = R.choice(contractors), 'contract'
        date = f'{year}-{R.randint(7, 12):02d}-{R.randint(1, 28):02d}'
        payments.append([f'X{year}-{npay:06d}', date, pid, payee, yuan(part), purpose, ''])

def projects_for(county, year, n, total, pairing, status_of, cats=None, pay_share=None):
    """n projects sharing total (fen) of the county's pool for the year, allocated and paid."""
    contractors = orgs_in(county, 'cooperative') + orgs_in(county, 'government')
    ids = []
    for i, amount in enumerate(split(total, n)):
        cat = cats[i] if cats else R.choice(CATS)
        status = status_of(i)
        pid = project(county, year, cat, amount, status, pairing)
        allocate(county, year, pid, amount, f'{year}-04-{R.randint(1, 28):02d}')
        share = pay_share(status) if pay_share else (1.0 if status == 'settled' else R.uniform(0.3, 0.9))
        paid = int(amount * share) // 100 * 100
        if paid > 0:
            pay(county, pid, paid, year, 0.35, contractors)
        ids.append(pid)
    return ids

def settled(i):
    return 'settled'

def mixed(i):
    return R.choice(['started', 'completed', 'accepted', 'settled', 'settled'])

# Fuzhou - Dingxi: fiscal by year 0.56, 2.52, 3.62, 4.53 亿; social 4.17亿; 667 projects.
DXP = {'621102': ('TJ-AD', '350103'), '621122': ('LJ-LX', '350122'), '621124': ('CS-LT', '350104'),
       '621121': ('FQ-TW', '350181'), '621123': ('JA-WY', '350111'), '621126': ('GL-MX', '350102'),
       '621125': ('CL-ZX', '350112')}
FISCAL_W = {  # 万元 in fen: county shares of each year's fiscal money; the rest came from the city
    2017: {'621102': 800, '621122': 800, '621124': 800, '621121': 800, '621123': 800, '621126': 800},
    2018: {'621125': 3000, '621126': 3000, '621102': 3500, '621124': 4000, '621122': 3500, '621121': 3500, '621123': 3500},
    2019: {'621125': 3500, '621126': 4500, '621102': 4500, '621124': 4500, '621122': 5000, '621121': 5000, '621123': 5000},
    2020: {'621125': 3920, '621126': 6247, '621102': 5000, '621124': 4532.98, '621122': 6000, '621121': 6000, '621123': 6000},
}
FZ_FISCAL = {2017: 5600, 2018: 25200, 2019: 36200, 2020: 45300}
for year, shares in FISCAL_W.items():
    for county, wan in shares.items():
        pairing, district = DXP[county]
        amount = round(wan * W)
        day = '06-15' if year == 2017 else f'03-{R.randint(5, 28):02d}'
        for part in split(amount, 2):
            fund(f'{year}-{day}', 'fiscal', district, county, part, pairing, f'{year}年{EAST[district][0]}财政帮扶资金')
    city = round(FZ_FISCAL[year] * W) - sum(round(w * W) for w in shares.values())
    for county, part in zip(DXP, split(city, len(DXP))):
        fund(f'{year}-{"06-20" if year == 2017 else "03-30"}', 'fiscal', '350100', county, part, 'FZ-DX',
             f'{year}年福州市本级财政帮扶资金')
fz_charity = org('social_org', '福州市慈善总会', '350100')
SOCIAL_W = {  # county: (cash 万, goods 万)
    '621124': (4626.4, 2180.62), '621126': (1885.76, 482.27), '621125': (2442.7, 0), '621102': (1322.63, 0),
    '621122': (6000, 0), '621121': (6000, 0), '621123': (6000, 0),
}
for county, (cash, goods) in SOCIAL_W.items():
    pairing, district = DXP[county]
    donors = orgs_in(district, 'enterprise') + orgs_in(district, 'social_org') or [gov[district]]
    for kind, wan in (('social', cash), ('goods', goods)):
        if not wan:
            continue
        years = [2020] if county == '621126' else [2018, 2019, 2020]
        for year, part in zip(years, split(round(wan * W), len(years))):
            # no pairing named: counts for every pairing whose sides contain the donor and the county
            fund(f'{year}-{R.randint(4, 11):02d}-{R.randint(1, 28):02d}', kind, R.choice(donors), county, part, '',
                 '社会帮扶' + ('捐物折款' if kind == 'goods' else '资金'))
city_social = round(41700 * W) - sum(round((c + g) * W) for c, g in SOCIAL_W.values())
for year, part in zip([2018, 2019, 2020], split(city_social, 3)):
    for county, p2 in zip(DXP, split(part, len(DXP))):
        fund(f'{year}-09-{R.randint(1, 28):02d}', 'social', fz_charity, county, p2, 'FZ-DX', '福州市慈善总会捐赠')

DX_PROJECTS = {'621102': 55, '621125': 85, '621126': 72, '621124': 200, '621121': 100, '621122': 80, '621123': 75}
MX_BY_YEAR = {2018: 15, 2019: 20, 2020: 37}
for county, n in DX_PROJECTS.items():
    pairing = DXP[county][0]
    years = sorted({y for (c, y) in pool if c == county})
    avail = {y: sum(f[1] for f in pool[(county, y)]) for y in years}
    if county == '621126':
        per_year = MX_BY_YEAR
        # Minxian's 2017 money went into its 2018 projects' pool
        for f in pool.pop((county, 2017), []):
            pool.setdefault((county, 2018), []).insert(0, f)
        avail = {y: sum(f[1] for f in pool[(county, y)]) for y in (2018, 2019, 2020)}
    else:
        tot = sum(avail.values())
        per_year = {y: max(1, round(n * avail[y] / tot)) for y in years}
        per_year[years[-1]] += n - sum(per_year.values())
    for year, k in per_year.items():
        use = int(avail[year] * (0.97 if year < 2020 else 0.88)) // 100 * 100
        cats = None
        if county == '621121':  # Fuqing-Tongwei: 42 industry projects among them
            cats = ['industry' if i < round(42 * k / n) else R.choice(CATS[3:]) for i in range(k)]
        projects_for(county, year, k, use, '', settled if year < 2020 else mixed, cats)
# two cancelled projects, which do not count
for county in ('621102', '621126'):
    project(county, 2020, 'other', 100000 * 100, 'cancelled')

# Guangzhou - Zhijin: 2018 fiscal 3524.643万 in 27 projects, all settled; 2018 social 949.6494万;
# 2019 fiscal in place 7483.4745万 and social 2308万 (Huadu); 2020 first batch 3000万 in 5 projects.
ZJ = '520524'
fund('2018-03-15', 'fiscal', '440100', ZJ, 30000000 * 100, 'GZ-ZJ', '2018年广州市财政帮扶资金')
fund('2018-03-20', 'fiscal', '440114', ZJ, 5246430 * 100, 'HD-ZJ', '2018年花都区财政帮扶资金')
gz_ent = [o[0] for o in orgs if o[3] == '440114' and o[2] == 'enterprise']
for part in split(9496494 * 100, 6):
    fund(f'2018-{R.randint(4, 9):02d}-{R.randint(1, 28):02d}', 'social', R.choice(gz_ent), ZJ, part, 'GZ-ZJ', '2018年社会帮扶资金')
ZJ_CATS = ['labour'] * 5 + ['infrastructure'] * 8 + ['industry'] * 8 + ['education'] * 3 + ['health'] * 2 + ['labour']
projects_for(ZJ, 2018, 27, 35246430 * 100 + 9496494 * 100, '', settled, ZJ_CATS)
for part in split(74834745 * 100, 3):
    fund(f'2019-03-{R.randint(1, 28):02d}', 'fiscal', '440100', ZJ, part, 'GZ-ZJ', '2019年广州市（含花都区）帮扶资金')
xinhua = org('government', '广州市花都区新华街道办事处', east_towns['440114'][0])
edu_fund = org('social_org', '广州市花都区教育基金会', '440114')
women = org('social_org', '广州市妇女儿童福利会', '440100')
xuesong = org('enterprise', '雪松控股集团有限公司', '440100')
donors = huadu_ent + [huadu_social]
for o, part in zip(donors, split(13109295 * 100, len(donors))):
    fund(f'2019-{R.randint(3, 11):02d}-{R.randint(1, 28):02d}', 'social', o, ZJ, part, 'HD-ZJ', '花都区村企结对帮扶资金')
for o, part in zip([xinhua] + huadu_ent[:10], split(32800 * 100, 11)):
    fund('2019-01-25', 'social', o, ZJ, part, 'HD-ZJ', '春节慰问金')
fund('2019-08-30', 'social', edu_fund, ZJ, 1159200 * 100, 'HD-ZJ', '助学金')
fund('2019-06-01', 'social', women, ZJ, 757900 * 100, 'HD-ZJ', '广州市妇女儿童福利会帮扶资金')
fund('2019-10-17', 'goods', huadu_social, ZJ, 27600 * 100, 'HD-ZJ', '社会组织捐物折价')
fund('2019-12-20', 'social', xuesong, ZJ, 7993205 * 100, 'HD-ZJ', '雪松集团帮扶资金（4600万元捐建中学的第一笔）')
projects_for(ZJ, 2019, 40, int((74834745 + 23080000) * 100 * 0.96) // 100 * 100, '', settled)
fund('2020-03-25', 'fiscal', '440100', ZJ, 30000000 * 100, 'GZ-ZJ', '2020年广州市第一批财政帮扶资金')
projects_for(ZJ, 2020, 5, 30000000 * 100, '', lambda i: 'started', pay_share=lambda s: 0.4)

# Baoshan - Huize: 10814万 since 2017 in 58 projects: industry 17, rural construction 30,
# labour 3, agricultural insurance 2 and "hand in hand" 6 (the last two as "other").
HZ = '530326'
fund('2017-09-20', 'fiscal', '310113', HZ, 11750000 * 100, 'BS-HZ', '2017年沪滇帮扶资金')
fund('2018-03-28', 'fiscal', '310113', HZ, 45000000 * 100, 'BS-HZ', '2018年沪滇帮扶资金')
fund('2019-03-26', 'fiscal', '310113', HZ, 46000000 * 100, 'BS-HZ', '2019年沪滇帮扶资金')
bs_social = [o[0] for o in orgs if o[3] == '310113' and o[2] in ('social_org', 'enterprise')]
for amount, note in ((100000, '上海市政院捐赠电脑28台'), (200000, '致公党上海市委和爱心企业捐赠电脑30台'),
                     (128500, '相宜本草捐赠护手霜和校服'), (60000, '联劝公益基金会捐赠鞋袜手表'),
                     (60000, '慈善基金会宝山区分会捐赠毛衣'), (64800, '港务集团捐赠服装'), (47500, '港务集团捐赠服装')):
    fund(f'2019-{R.randint(5, 11):02d}-{R.randint(1, 28):02d}', 'goods', R.choice(bs_social), HZ, amount * 100, 'BS-HZ', note)
fund('2018-07-10', 'social', R.choice(bs_social), HZ, 224000 * 100, 'BS-HZ', '上海建桥学院烛光夏令营')
fund('2019-05-15', 'social', R.choice(bs_social), HZ, 4505200 * 100, 'BS-HZ', '宝山区企业结对帮扶资金')
hz_villages = [v for v in poor_villages[HZ] if v[:9] in set(towns[HZ][:8])][:28]
HZ_PLAN = [('industry', 17), ('infrastructure', 30), ('labour', 3), ('other', 2), ('other', 6)]
hz_cats = [c for c, k in HZ_PLAN for _ in range(k)]
R.shuffle(hz_cats)
by_year = {2017: 6, 2018: 26, 2019: 26}
i = 0
for year, k in by_year.items():
    avail = sum(f[1] for f in pool[(HZ, year)])
    if year == 2019:
        use = avail
    else:
        use = avail
    contractors = orgs_in(HZ, 'cooperative') + orgs_in(HZ, 'government')
    for amount in split(use, k):
        v = hz_villages[i % 28]
        pid = project(HZ, year, hz_cats[i], amount, 'settled' if year < 2019 else R.choice(['accepted', 'settled']), '', v)
        allocate(HZ, year, pid, amount, f'{year}-10-{R.randint(1, 28):02d}' if year == 2017 else f'{year}-04-{R.randint(1, 28):02d}')
        pay(HZ, pid, amount if year < 2019 else amount * 8 // 10 // 100 * 100, year, 0.3, contractors)
        i += 1

# Qingxi - Zhenxiong: town fiscal money about 1043.47万 since 2017; in all over 4400万.
ZXC = '530627'
qx_orgs = [o[0] for o in orgs if o[3] == '441900117' and o[2] != 'government']
for year, part in zip([2017, 2018, 2019, 2020], split(10434700 * 100, 4)):
    fund(f'{year}-{"07-01" if year == 2017 else "03-20"}', 'fiscal', gov['441900117'], ZXC, part, 'QX-ZX', f'{year}年清溪镇财政帮扶资金')
mm = org('enterprise', '明门（中国）幼童用品有限公司', '441900117')
fund('2017-07-20', 'social', R.choice(qx_orgs), ZXC, 6800000 * 100, 'QX-ZX', '捐建托管以古镇中心小学')
fund('2019-05-10', 'goods', mm, ZXC, 1000000 * 100, 'QX-ZX', '救护车2辆')
fund('2020-12-16', 'social', R.choice(qx_orgs), ZXC, 140000 * 100, 'QX-ZX', '寒冬慰问')
fund('2020-09-01', 'goods', R.choice(qx_orgs), ZXC, 20000000 * 100, 'QX-ZX', '中德镇雄班免学杂费生活费折算')
fund('2019-06-30', 'social', R.choice(qx_orgs), ZXC, 5625300 * 100, 'QX-ZX', '万企帮万村社会捐赠')
for year in (2017, 2018, 2019, 2020):
    avail = sum(f[1] for f in pool[(ZXC, year)] if True)
    projects_for(ZXC, year, 3, int(avail * 0.9) // 100 * 100, '', settled if year < 2020 else mixed)

# Haicang - Jishishan: 2018 project funds 2200万 in place; 80万 disaster relief after the August flood.
JSS = '622927'
fund('2018-03-28', 'fiscal', '350205', JSS, 22000000 * 100, 'HC-JSS', '2018年对口帮扶积石山县项目资金')
fund('2018-08-05', 'fiscal', '350205', JSS, 800000 * 100, 'HC-JSS', '救灾资金')
projects_for(JSS, 2018, 10, 22800000 * 100, '', settled)
JY = '640424'
fund('2019-03-20', 'fiscal', '350205', JY, 15000000 * 100, 'HC-JY', '2019年对口帮扶泾源县资金')
projects_for(JY, 2019, 6, 14000000 * 100, '', settled)

# ---- cooperation: workers, workshops, sales, investments, exchanges,
# trainings, events and targets (see data/demo/README.md).  A random source
# of its own, so that the records above stay as they are.
RC = random.Random(20201124)
workers, workshops, sales, investments, exchanges, trainings, events, targets = [], [], [], [], [], [], [], []
DXP = {'621122': 'LJ-LX', '621124': 'CS-LT', '621121': 'FQ-TW', '621102': 'TJ-AD',
       '621123': 'JA-WY', '621126': 'GL-MX', '621125': 'CL-ZX'}
hh_village = {h[0]: h[1] for h in households}
labour_pool = {}  # county -> registered persons able to work
for p in persons:
    if p[4] == 1 and not p[5]:
        labour_pool.setdefault(hh_village[p[2]][:6], []).append((p[0], p[1]))
def day(year, m0=1, m1=12):
    return f'{year}-{RC.randint(m0, m1):02d}-{RC.randint(1, 28):02d}'
def plus_days(d, n):
    import datetime
    return (datetime.date.fromisoformat(d) + datetime.timedelta(days=n)).isoformat()
def move(county, n, batches, dests, stable=None, twice=0, year_of=None):
    """n transfers from county in the given batches; stable of them employed
    three months or more (the rest less); twice of the persons move again."""
    pool_ = list(labour_pool.get(county, []))
    RC.shuffle(pool_)
    people = []
    for i in range(n - twice):
        if i < len(pool_) * 2 // 3:
            people.append(pool_[i])
        else:
            people.append((person_id(county, RC.randint(1970, 2000)), RC.choice(SURNAMES) + given()))
    people += people[:twice]
    stable = n if stable is None else stable
    for i, (pid, name) in enumerate(people):
        b = batches[i % len(batches)]
        start = b[1] if i < len(people) - twice else plus_days(b[1], 200)
        employer, dest = RC.choice(dests)
        end = plus_days(start, RC.randint(100, 300)) if i < stable else plus_days(start, RC.randint(20, 80))
        workers.append([pid, name, county, employer, dest, b[0], start, end])

fz_by_district = {}
for o in orgs:
    if o[2] == 'enterprise' and o[3][:4] == '3501':
        fz_by_district.setdefault(o[3][:6], []).append(o)
def fz_jobs(district):
    return [(o[0], o[3]) for o in fz_by_district.get(district, [])][:8] or [('', '350100')]
# Fuqing - Tongwei: 6 batches, 696 workers, 446 stable three months or more
move('621121', 696, [(f'通渭-福清{k + 1}批', day(2020, 2, 7)) for k in range(6)], fz_jobs('350181'), stable=446)
# Gulou - Minxian: 852 in all, 649 of them in 6 chartered trains
move('621126', 649, [(f'岷县专列{k + 1}', day(2020, 2, 6)) for k in range(6)], fz_jobs('350102'))
move('621126', 852 - 649, [('岷县零散输转', day(2020, 3, 10))], fz_jobs('350102'))
# the other Dingxi counties: 8091 transfers in all, some people moved twice
rest = 8091 - 696 - 852
shares = [1400, 1300, 1200, 1100, 0]
shares[-1] = rest - sum(shares[:-1])
for (county, n), year in zip(zip(['621102', '621122', '621124', '621123', '621125'], shares),
                             [2018, 2019, 2019, 2020, 2020]):
    move(county, n, [(f'{WEST[county][0]}{year}-{k + 1}', day(year, 1, 5)) for k in range(4)],
         fz_jobs(DX[county]), twice=n // 10)
# Haicang - Jishishan 2020: task 265 workers, 231 moved
move('622927', 231, [('积石山-厦门2020', '2020-03-02')], [(o[0], '350205') for o in orgs if o[3] == '350205' and o[2] == 'enterprise'])

# workshops: Dingxi 181 with 11100 jobs; Weiyuan 24 of them, 1185 jobs, 430 of them poor
def shops(county, n, jobs, poor, year0):
    vill = poor_villages[county]
    for i, (j, p) in enumerate(zip(split(jobs * 100, n), split(poor * 100, n))):
        j, p = j // 100, min(p // 100, j // 100)
        workshops.append([f'WS-{county}-{i + 1:03d}', f'{WEST[county][0]}{place(set(), "")}扶贫车间',
                          RC.choice(orgs_in(county, 'cooperative')), vill[i % len(vill)],
                          day(year0 + i % 3), j, p])
shops('621123', 24, 1185, 430, 2018)
other_dx = ['621102', '621121', '621122', '621124', '621125', '621126']
for county, n, jobs in zip(other_dx, [27, 27, 26, 26, 26, 25], [1700, 1650, 1650, 1650, 1650, 1615]):
    shops(county, n, jobs, jobs * 35 // 100, 2018)
assert len(workshops) == 181 and sum(w[5] for w in workshops) == 11100
# poor jobs of Weiyuan exactly 430 (split rounds): fix the last
wy = [w for w in workshops if w[0].startswith('WS-621123')]
wy[-1][6] += 430 - sum(w[6] for w in wy)

# investments: 59 Fuzhou enterprises brought 8.73亿 into Dingxi, each in one year
investors = RC.sample([o for o in orgs if o[2] == 'enterprise' and o[3][:4] == '3501'], 59)
for (o, amount), county in zip(zip(investors, split(87300 * W, 59)), RC.choices(list(DX), k=59)):
    year = RC.choice([2018, 2019, 2020])
    parts = split(amount, RC.choice([1, 1, 2]))
    for k, a in enumerate(parts):
        investments.append([f'INV-{len(investments) + 1:04d}', day(year), o[0], county, yuan(a),
                            RC.randint(10, 120), RC.randint(50, 500), ''])

# consumption: 6.62亿 of Dingxi products bought in Fuzhou; Gulou - Minxian
# 2020: 4784.75万 = 87.36% of its 5477万 task
def sell(county, total, year, pairing, n):
    sellers = orgs_in(county, 'cooperative')
    buyers = [o[0] for o in orgs if o[3][:4] == '3501' and o[2] in ('enterprise', 'government')]
    for a in split(total, n):
        sales.append([f'SAL-{len(sales) + 1:05d}', day(year), RC.choice(sellers), RC.choice(buyers),
                      RC.choice(['马铃薯', '当归', '黄芪', '党参', '岷归', '牛羊肉', '粉条', '中药材']),
                      yuan(a), RC.randint(0, 40), pairing])
sell('621126', 478475 * 100 * 100, 2020, 'GL-MX', 120)
left = 66200 * W - 478475 * 100 * 100
for (county, part), year in zip(zip(['621102', '621121', '621122', '621123', '621124', '621125', '621126'],
                                    split(left, 7)), [2018, 2019, 2019, 2020, 2020, 2019, 2019]):
    sell(county, part, year, DXP[county], 60)

# people: 77 Dingxi cadres in Fuzhou, 534 technicians exchanged, 1.83万 person-times trained
def people(kind, direction, n, pairing_of):
    for i in range(n):
        year = RC.choice([2018, 2019, 2020])
        start = day(year)
        exchanges.append([f'EX-{len(exchanges) + 1:04d}', RC.choice(SURNAMES) + given(), kind, direction,
                          pairing_of(i), start, plus_days(start, RC.choice([180, 365, 730]))])
dxp = list(DXP.values())
people('cadre', 'west_east', 77, lambda i: dxp[i % 7])
people('technician', 'west_east', 534, lambda i: dxp[i % 7])
people('teacher', 'east_west', 60, lambda i: dxp[i % 7])
people('doctor', 'east_west', 45, lambda i: dxp[i % 7])
for i, pt in enumerate(split(18300 * 100, 70)):
    trainings.append([f'TR-{i + 1:04d}', day(RC.choice([2018, 2019, 2020])),
                      RC.choice(['贫困劳动力技能培训', '专业技术人才培训', '致富带头人培训', '党政干部培训']),
                      RC.choice(['labour', 'technical', 'leader', 'cadre']), dxp[i % 7], pt // 100])
# Haicang - Jishishan 2020: training task 900, 828 done
for i, pt in enumerate(split(828 * 100, 6)):
    trainings.append([f'TR-JSS-{i + 1}', day(2020), '积石山县劳动力技能培训', 'labour', 'HC-JSS', pt // 100])
# Qingxi - Zhenxiong: 8 joint meetings, more than 20 visits
for i in range(8):
    events.append([f'EV-QX-{i + 1:02d}', day(2017 + i % 4), 'joint_meeting', 'QX-ZX', '联席会议'])
for i in range(21):
    events.append([f'EV-QXV-{i + 1:02d}', day(2017 + i % 4), 'leader_visit', 'QX-ZX', '互访'])
for pid in dxp + ['FZ-DX']:
    for year in (2018, 2019, 2020):
        events.append([f'EV-{pid}-{year}', day(year), 'joint_meeting', pid, '联席会议'])
# targets of 2020 for the bulletin
targets += [[2020, 'GL-MX', 'sales', '54770000.00'], [2020, 'HC-JSS', 'workers_transferred', 265],
            [2020, 'HC-JSS', 'trained_person_times', 900]]
for pid in dxp:
    county = [c for c, p in DXP.items() if p == pid][0]
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
write('workers', ['id_number', 'name', 'origin', 'employer', 'destination', 'batch', 'start', 'end'], workers)
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
