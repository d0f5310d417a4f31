#!/usr/bin/env python3
"""figures.py BANGFU DB FIGURES.md: reads every figure the five articles
publish (FIGURES.md, a table: #, pairing, figure, value, seed) and checks
it against what the system itself prints for the demo store DB, through
the command a user would try first (a report, the bulletin, or a list's
total line).  Prints one line a figure and "N of M figures" at the end;
exits 1 on any difference.

The numbers of a figure's value are read in order: 0.56亿 is 56000000
(yuan), 1.11万 is 11100, +350.00% a growth as printed, 200+ and 4400万+
"more than".  Each row below names the commands whose output gives the
same numbers in the same order."""
import csv, io, re, subprocess, sys
from decimal import Decimal

BANGFU, DB, FIGURES = sys.argv[1:4]
cache = {}

def run(*args):
    if args not in cache:
        p = subprocess.run([BANGFU, '--db', DB] + list(args), capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f'bangfu {" ".join(args)}: {p.stderr.strip()}')
        cache[args] = p.stdout
    return cache[args]

def rows(*args):
    return list(csv.reader(io.StringIO(run(*args, '--format', 'csv'))))

def ind(pairing, name, through=None, year=None, col=3, as_of=None):
    args = ['report', 'indicators', '--pairing', pairing]
    args += ['--through', through] if through else ['--year', str(year)]
    if as_of:
        args += ['--as-of', as_of]
    for r in rows(*args)[1:]:
        if r[2] == name:
            return r[col]
    raise KeyError(name)

def funds(pairing, year, col, through=None):
    args = ['report', 'funds', '--pairing', pairing] + (['--through', through] if through else [])
    t = rows(*args)
    c = t[0].index(col)
    for r in t[1:]:
        if r[0] == str(year):
            return r[c]
    raise KeyError(year)

def proj(pairing, group, name, col, through=None, year=None):
    args = ['report', 'projects', '--pairing', pairing]
    args += ['--through', through] if through else []
    args += ['--from', str(year), '--to', str(year)] if year else []
    t = rows(*args)
    c = t[0].index(col)
    for r in t[1:]:
        if r[0] == group and r[1] == name:
            return r[c]
    raise KeyError((group, name))

def labour(west, col, batch=None, through=None):
    args = ['report', 'labour', '--west', west] + (['--batch', batch] if batch else []) + (['--through', through] if through else [])
    t = rows(*args)
    if col == 'batches':
        return str(sum(1 for r in t[1:] if r[0] == 'batch'))
    c = t[0].index(col)
    return [r for r in t[1:] if r[0] == 'total'][0][c]

def listed(kind, search):
    """The money total a list's table ends with."""
    last = run('list', kind, '--search', search).strip().splitlines()[-1]
    m = re.search(r'金额合计 (-?[0-9.]+)元', last)
    if not m:
        raise KeyError(last)
    return m.group(1)

def bulletin(month, pairing, indicator, col):
    t = rows('bulletin', '--month', month)
    c = t[0].index(col)
    for r in t[1:]:
        if r[1] == pairing and r[4] == indicator:
            return r[c]
    raise KeyError((pairing, indicator))

D3 = '2020-09-10'   # seed 003: 截至目前 (the article's date)
MX = '2020-08-31'   # Minxian: 截至8月31日
D4 = '2018-10-10'   # seed 004: 截至10月10日
ALL = '2020-12-31'

def fz(name):
    return ind('FZ-DX', name, D3)

FIG = {
    1: lambda: [funds('FZ-DX', 2017, 'fiscal', D3)] * 2,
    2: lambda: [funds('FZ-DX', 2018, 'fiscal', D3), funds('FZ-DX', 2018, 'growth', D3)],
    3: lambda: [funds('FZ-DX', 2019, 'fiscal', D3), funds('FZ-DX', 2019, 'growth', D3)],
    4: lambda: [funds('FZ-DX', 2020, 'fiscal', D3), funds('FZ-DX', 2020, 'growth', D3)],
    5: lambda: [funds('FZ-DX', 'total', 'fiscal', D3)],
    6: lambda: [fz('social_funds')],
    7: lambda: [fz('projects')],
    8: lambda: [fz('enterprises'), fz('investment')],
    9: lambda: [fz('sales')],
    10: lambda: [fz('workers_transferred')],
    11: lambda: [fz('graduates_hired')],
    12: lambda: [fz('workshops'), fz('workshop_poor_jobs')],
    13: lambda: [fz('cadres'), fz('technicians'), fz('trained_person_times')],
    14: lambda: [fz('east_villages_paired'), fz('enterprises_paired'), fz('social_orgs_paired'),
                 fz('schools_paired'), fz('hospitals_paired')],
    15: lambda: [fz('west_towns_paired')],
    16: lambda: [fz('joint_meetings'), fz('leader_visits')],
    17: lambda: [funds('CS-LT', 'total', 'total', D3), ind('CS-LT', 'projects', D3)],
    18: lambda: [proj('CS-LT', 'purpose', 'labour_award', 'paid', D3)],
    19: lambda: [ind('CS-LT', 'workers_transferred', D3), ind('CS-LT', 'workers_poor', D3)],
    20: lambda: [funds('CS-LT', 'total', 'social_cash', D3), funds('CS-LT', 'total', 'social_goods', D3)],
    21: lambda: [ind('CS-LT', 'sales', D3)],
    22: lambda: [proj('FQ-TW', 'category', 'industry', 'budget', D3), proj('FQ-TW', 'category', 'industry', 'projects', D3)],
    23: lambda: [ind('FQ-TW', 'enterprises', D3), ind('FQ-TW', 'investment', D3)],
    24: lambda: [ind('FQ-TW', 'sales', D3)],
    25: lambda: [labour('621121', 'transfers', through=D3), labour('621121', 'batches', through=D3),
                 ind('FQ-TW', 'workers_stable', D3)],
    26: lambda: [ind('FQ-TW', 'paired_poor_villages', D3)],
    27: lambda: [funds('TJ-AD', 'total', 'total', D3), ind('TJ-AD', 'projects', D3)],
    28: lambda: [ind('TJ-AD', 'enterprises', D3), ind('TJ-AD', 'investment', D3), ind('TJ-AD', 'sales', D3)],
    29: lambda: [ind('TJ-AD', 'workers_transferred', D3), ind('TJ-AD', 'public_welfare_jobs', D3),
                 ind('TJ-AD', 'workshops', D3)],
    30: lambda: [ind('JA-WY', n, D3) for n in ('workshops', 'workshop_jobs', 'workshop_poor_jobs')],
    31: lambda: [funds('GL-MX', 2020, c, MX) for c in ('fiscal', 'social_cash', 'social_goods')],
    32: lambda: [bulletin('2020-08', 'GL-MX', 'sales', 'value'), bulletin('2020-08', 'GL-MX', 'sales', 'completion')],
    33: lambda: [ind('GL-MX', 'investment', MX), ind('GL-MX', 'workshops', MX)],
    34: lambda: [labour('621126', 'transfers', '专列', MX), labour('621126', 'batches', '专列', MX),
                 labour('621126', 'transfers', through=MX)],
    35: lambda: [funds('CL-ZX', 'total', 'fiscal', D3), funds('CL-ZX', 'total', 'social_cash', D3),
                 ind('CL-ZX', 'projects', D3)],
    36: lambda: [ind('CL-ZX', n, D3) for n in ('workers_transferred', 'workers_poor', 'workers_stable')],
    37: lambda: [funds('GZ-ZJ', 2018, 'fiscal'), proj('GZ-ZJ', 'status', 'settled', 'projects', year=2018)],
    38: lambda: [funds('GZ-ZJ', 2018, 'social_cash')],
    39: lambda: [funds('GZ-ZJ', 2019, 'fiscal')],
    40: lambda: [funds('HD-ZJ', 2019, 'total'), ind('HD-ZJ', 'enterprises_paired', year=2019),
                 ind('HD-ZJ', 'social_orgs_paired', year=2019), listed('funds', '村企结对'),
                 listed('funds', '春节慰问金'), listed('funds', '助学金'), listed('funds', '妇女儿童福利会'),
                 funds('HD-ZJ', 2019, 'social_goods')],
    41: lambda: [funds('GZ-ZJ', 2020, 'fiscal'), proj('GZ-ZJ', 'total', 'not cancelled', 'projects', year=2020)],
    42: lambda: [funds('BS-HZ', 'total', 'total')] + [proj('BS-HZ', 'category', c, 'projects') for c in
                                                       ('industry', 'infrastructure', 'labour', 'insurance', 'hand_in_hand')],
    43: lambda: [funds('BS-HZ', 2017, 'total')],
    44: lambda: [proj('BS-HZ', 'category', 'labour', 'budget'), ind('BS-HZ', 'trained_person_times', ALL),
                 ind('BS-HZ', 'job_fairs', ALL)],
    45: lambda: [ind('BS-HZ', n, ALL) for n in ('workers_to_partner', 'workers_other_provinces', 'workers_poor')],
    46: lambda: [ind('BS-HZ', n, ALL) for n in ('east_villages_paired', 'enterprises_paired', 'paired_poor_villages')],
    47: lambda: [funds('QX-ZX', 'total', 'total'), funds('QX-ZX', 'total', 'fiscal')],
    48: lambda: [ind('QX-ZX', n, ALL) for n in ('cadres', 'teachers', 'doctors', 'trained_person_times')],
    49: lambda: [ind('QX-ZX', n, ALL) for n in ('joint_meetings', 'west_towns_paired', 'east_villages_paired',
                                                'schools_paired', 'hospitals_paired')],
    50: lambda: [ind('QX-ZX', 'sales', year=2019), ind('QX-ZX', 'sales', ALL)],
    51: lambda: [ind('HC-JSS', 'workers_to_partner', year=2018, col=4, as_of=D4),
                 ind('HC-JSS', 'workers_to_partner', year=2018, as_of=D4), ind('HC-JSS', 'workers_poor', D4)],
    52: lambda: [ind('HC-JSS', 'workers_elsewhere', year=2018, col=4, as_of=D4),
                 ind('HC-JSS', 'workers_elsewhere', year=2018, as_of=D4)],
    53: lambda: [ind('HC-JSS', 'trained_person_times', year=2018, col=4, as_of=D4),
                 ind('HC-JSS', 'trained_person_times', year=2018, as_of=D4)],
    54: lambda: [listed('funds', '积石山县项目资金'), listed('funds', '救災')],
    55: lambda: [ind('HC-JSS', 'teachers', D4), ind('HC-JSS', 'doctors', D4)],
    56: lambda: [ind('HC-JSS', n, D4) for n in ('east_towns_paired', 'east_villages_paired', 'west_towns_paired',
                                                'paired_poor_villages')] +
                [ind('HC-JY', n, ALL) for n in ('east_towns_paired', 'west_towns_paired')],
}

TOKEN = re.compile(r'(\+)?(\d+(?:\.\d+)?)(亿|万)?(%)?(\+(?!\d))?')
def expected(text):
    """The numbers of a figure, in order: (kind, value) with kind 'eq',
    'more' (200+) or 'pct' (a percentage as printed)."""
    out = []
    for sign, num, unit, pct, more in TOKEN.findall(text):
        if pct:
            out.append(('pct', f'{sign}{num}%'))
            continue
        v = Decimal(num) * {'亿': 100000000, '万': 10000, '': 1}[unit]
        out.append(('more' if more else 'eq', v))
    return out

def same(want, got):
    kind, v = want
    if kind == 'pct':
        return got == v or got == v.lstrip('+')
    try:
        g = Decimal(got)
    except ArithmeticError:  # not a number: an error's text
        return False
    return g > v if kind == 'more' else g == v

total = ok = 0
for line in open(FIGURES, encoding='utf-8'):
    cells = [c.strip() for c in line.strip().strip('|').split('|')]
    if len(cells) != 5 or not cells[0].isdigit():
        continue
    no, pairing, figure, value, seed = int(cells[0]), cells[1], cells[2], cells[3], cells[4]
    total += 1
    want = expected(value or figure)
    try:
        got = FIG[no]()
    except Exception as e:  # a report that fails is a difference too
        got = [f'error: {e}']
    good = len(got) == len(want) and all(same(w, g) for w, g in zip(want, got))
    ok += good
    print(f'{"ok" if good else "DIFFERENT"} {no} {pairing}: {figure}: {value or figure} | printed {" / ".join(got)}')
print(f'{ok} of {total} figures')
sys.exit(0 if ok == total and total else 1)
