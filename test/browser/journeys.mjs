// journeys.mjs URL SHOTS WHO: one role's walk through the pages it uses,
// in Debian's headless Chromium (playwright-core) — staff at 1366×768,
// the public at 360×740 without script.  Every page must answer, and its
// visible text must show no English enumeration key (industry, settled,
// fiscal_funds ...) and no bare 12-digit division code where a name
// belongs; a public page must not be wider than the screen.  WHO is
// admin, clerk, east, auditor, viewer or public (accounts as t0720 makes
// them).  Screenshots of the first pages go to SHOTS/journey-WHO-N.png.
import { chromium } from 'playwright-core';

const [url, shots, who] = process.argv.slice(2);
const accounts = { // role: [account, password]
  admin: ['admin', 'admin-password-1'], clerk: ['clerk', 'anding-clerk-pw1'], east: ['fuzhou', 'fuzhou-office-pw'],
  auditor: ['auditor', 'auditor-password'], viewer: ['viewer', 'dingxi-viewer-pw'],
};

// the bundle's enumerated values and the indicators, as stored
const keys = [
  'province', 'city', 'county', 'town', 'village', 'east', 'west', 'government', 'enterprise', 'social_org',
  'school', 'hospital', 'cooperative', 'poor', 'exited', 'monitored', 'fiscal', 'social', 'goods', 'industry',
  'infrastructure', 'education', 'health', 'labour', 'housing', 'water', 'insurance', 'hand_in_hand', 'planned',
  'approved', 'started', 'completed', 'accepted', 'settled', 'cancelled', 'wage', 'stable_job_subsidy',
  'industry_award', 'labour_award', 'scholarship', 'contract', 'relief', 'transfer', 'graduate', 'public_welfare',
  'cadre', 'teacher', 'doctor', 'technician', 'east_west', 'west_east', 'technical', 'leader', 'joint_meeting',
  'leader_visit', 'department_visit', 'job_fair', 'supervision', 'fiscal_funds', 'social_funds',
  'workers_transferred', 'workers_poor', 'workers_stable', 'trained_person_times', 'paired_poor_villages',
  'east_office',
];
const keyRe = new RegExp(`(?<![A-Za-z_])(${keys.join('|')})(?![A-Za-z_])`);
const codeRe = /(?<![\w*-])\d{12}(?![\w-])/;

const staffPages = {
  admin: ['/dashboard', '/dashboard?year=2019&pairing=GL-MX', '/reports/indicators', '/records',
    ...['orgs', 'pairings', 'households', 'persons', 'funds', 'projects', 'beneficiaries', 'allocations', 'payments',
      'workers', 'workshops', 'sales', 'investments', 'exchanges', 'trainings', 'events', 'targets']
      .map((k) => `/records/${k}`),
    '/records/payments?year=2020&purpose=relief', '/reports/funds', '/reports/projects', '/reports/labour',
    '/bulletin?month=2020-06', '/audit', '/complaints', '/import', '/api'],
  clerk: ['/dashboard', '/reports/indicators', '/records/projects', '/records/payments', '/records/funds',
    '/records/workers', '/records/households', '/reports/funds', '/bulletin?month=2020-06', '/import',
    '/complaints'],
  east: ['/dashboard', '/dashboard?year=2020&pairing=FQ-TW', '/reports/indicators', '/records/projects',
    '/records/payments', '/records/funds?year=2020', '/records/sales', '/records/targets', '/bulletin?month=2020-06',
    '/import'],
  auditor: ['/dashboard', '/audit', '/audit?action=import', '/records/payments', '/records/persons',
    '/reports/funds', '/complaints', '/checks', '/checks/paid_after_death', '/checks/project_stalled',
    '/checks/idle_funds?state=open', '/records/findings'],
  viewer: ['/dashboard', '/reports/indicators', '/records/projects', '/records/workshops',
    '/bulletin?month=2020-06'],
};
const publicPages = ['/', '/p', '/p/county/621102', '/p/pairing/TJ-AD', '/p/project/P2017-0001',
  '/p/village/621102108217', '/p/ledger', '/p/lookup', '/p/report', '/p/track'];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const phone = who === 'public';
const context = await browser.newContext(phone
  ? { locale: 'zh-CN', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, javaScriptEnabled: false }
  : { locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
const page = await context.newPage();
const faults = [];
try {
  if (!phone) {
    await page.goto(`${url}/login`);
    await page.fill('input[name=name]', accounts[who][0]);
    await page.fill('input[name=password]', accounts[who][1]);
    await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
    if (!page.url().endsWith('/dashboard')) throw new Error(`${who} did not sign in`);
  }
  let paths = phone ? publicPages : staffPages[who];
  if (!phone) { // a project and the money's paths, as the records link them
    await page.goto(`${url}/records/payments`);
    const links = await page.$$eval('a[href^="/trace/payment/"], a[href^="/projects/"]',
      (as) => as.map((a) => a.getAttribute('href')));
    const pay = links.find((h) => h.startsWith('/trace/payment/'));
    const proj = links.find((h) => h.startsWith('/projects/'));
    if (pay) paths = [...paths, pay];
    if (proj) paths = [...paths, proj];
  }
  let n = 0;
  for (const path of paths) {
    const answer = await page.goto(`${url}${path}`);
    if (answer.status() !== 200) {
      faults.push(`${path}: answers ${answer.status()}`);
      continue;
    }
    const text = await page.innerText('body');
    const key = text.match(keyRe);
    if (key && !path.startsWith('/api')) faults.push(`${path}: shows the English key "${key[1]}" …${text.slice(Math.max(0, key.index - 40), key.index + 40).replace(/\s+/g, ' ')}…`);
    if (!path.startsWith('/records/divisions') && !path.startsWith('/api')) {
      const code = text.match(codeRe);
      if (code) faults.push(`${path}: shows a bare division code ${code[0]} …${text.slice(Math.max(0, code.index - 40), code.index + 40).replace(/\s+/g, ' ')}…`);
    }
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    const screen = phone ? 360 : 1366;
    if (phone && wide > screen + 2) faults.push(`${path}: ${wide} px wide on a ${screen} px screen`);
    if (n < 6) await page.screenshot({ path: `${shots}/journey-${who}-${n}.png`, fullPage: true });
    n++;
  }
} catch (e) {
  faults.push(e.message);
} finally {
  await browser.close();
}
for (const f of faults) console.log(`${who}: ${f}`);
process.exit(faults.length ? 1 : 0);
