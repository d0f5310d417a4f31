// ui.mjs URL SHOTS SCENARIO: one scenario of the staff UI in Debian's
// headless Chromium, driven by playwright-core.  Exits 0 when every check
// of the scenario holds; prints what failed otherwise.  Screenshots of the
// pages it visits go to the folder SHOTS (kept as test artefacts).
import { chromium } from 'playwright-core';

const [url, shots, scenario] = process.argv.slice(2);

function check(cond, what) {
  if (!cond) throw new Error(what);
}

async function signin(page, name, password) {
  await page.goto(`${url}/login`);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
}

const scenarios = {
  // sign-in, then the dashboard with the county's indicators against targets
  async signin(page) {
    await page.goto(`${url}/login`);
    await page.screenshot({ path: `${shots}/login.png`, fullPage: true });
    await signin(page, 'clerk', 'anding-clerk-pw1');
    check(page.url().endsWith('/dashboard'), `after sign-in the page is ${page.url()}`);
    await page.goto(`${url}/dashboard?year=2020`);
    const text = await page.textContent('main');
    check(text.includes('转移就业人数'), 'the dashboard shows the indicators');
    check(text.includes('安定区') && !text.includes('岷县'), 'the dashboard keeps to Anding');
    await page.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });
    await page.goto(`${url}/records/projects`);
    check((await page.locator('table tr').count()) > 1, 'the records page lists projects');
    await page.screenshot({ path: `${shots}/records.png`, fullPage: true });
  },

  // a wrong password answers with the same message an unknown account gets
  async wrong_password(page) {
    await signin(page, 'clerk', 'not-the-password');
    check(page.url().endsWith('/login'), 'a wrong password stays on the sign-in page');
    check((await page.textContent('.error')).includes('账号或密码不正确'), 'the message says so');
  },

  // an upload with a bad row: the row error as the command line prints it, nothing lands
  async upload_bad_row(page) {
    await signin(page, 'clerk', 'anding-clerk-pw1');
    await page.goto(`${url}/import`);
    await page.selectOption('select[name=kind]', 'projects');
    await page.fill('textarea[name=csv]',
      'id,name,county,category,budget,year,status\n' +
      'BR-1,浏览器项目,621102,water,100,2020,planned\n' +
      'BR-2,坏项目,621102,water,1.234,2020,planned\n');
    await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
    const errors = await page.textContent('table.errors');
    check(errors.includes('projects.csv') && errors.includes('预算：金额 1.234 超过两位小数'),
      `the row error is shown, in words: ${errors}`);
    await page.screenshot({ path: `${shots}/import-error.png`, fullPage: true });
    await page.goto(`${url}/records/projects?search=BR-1`);
    check(!(await page.textContent('main')).includes('浏览器项目'), 'nothing landed');
  },

  // a bundle uploaded as files: the kind of each read from its name
  async upload_files(page) {
    await signin(page, 'clerk', 'anding-clerk-pw1');
    await page.goto(`${url}/import`);
    await page.setInputFiles('input[type=file]', [
      { name: 'projects.csv', mimeType: 'text/csv',
        buffer: Buffer.from('id,name,county,category,budget,year,status\nBR-F1,文件项目,621102,water,100,2020,planned\n') },
      { name: 'beneficiaries.csv', mimeType: 'text/csv',
        buffer: Buffer.from('project,household\n') },
    ]);
    await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
    const landed = await page.innerText('table.results tr:has-text("projects.csv")');
    check(landed.replace(/\s+/g, ' ').includes('projects.csv 1 1 0'), `the file landed: ${landed}`);
    await page.screenshot({ path: `${shots}/import-files.png`, fullPage: true });
    await page.goto(`${url}/records/projects?sort=budget&desc=1`);
    await Promise.all([page.waitForLoadState(), page.click('th a:has-text("预算")')]);
    check(page.url().includes('sort=budget') && !page.url().includes('desc=1'), `the heading sorts the other way: ${page.url()}`);
  },

  // every public page type at 360 px: nothing wider than the screen but
  // the tables' own scrolling boxes
  async portal_pages(page) {
    const pages = {
      'landing': '/', 'p-home': '/p', 'p-county': '/p/county/621102', 'p-pairing': '/p/pairing/TJ-AD',
      'p-project': '/p/project/P2017-0001', 'p-village': `/p/village/${process.env.VILLAGE}`, 'p-ledger': '/p/ledger',
    };
    for (const [name, path] of Object.entries(pages)) {
      const answer = await page.goto(`${url}${path}`);
      check(answer.status() === 200, `${path} answers ${answer.status()}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      check(wide <= 362, `${path} is ${wide} px wide on a 360 px screen`);
      await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
    }
    check((await page.textContent('main')).includes('链头哈希'), 'the ledger page shows the head');
  },

  // a person's own payments: found, and the one answer for a miss
  async portal_lookup(page) {
    await page.goto(`${url}/p/lookup`);
    await page.fill('input[name=name]', process.env.LOOKUP_NAME);
    await page.fill('input[name=id_number]', process.env.LOOKUP_ID);
    await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
    const found = await page.textContent('main');
    check(found.includes('查询结果') && !found.includes(process.env.LOOKUP_ID), `the payments are shown, masked: ${found}`);
    await page.screenshot({ path: `${shots}/p-lookup-found.png`, fullPage: true });
    await page.goto(`${url}/p/lookup`);
    await page.fill('input[name=name]', '某某某');
    await page.fill('input[name=id_number]', process.env.LOOKUP_ID);
    await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
    check((await page.textContent('main')).includes('没有查到'), 'a wrong name finds nothing');
    await page.screenshot({ path: `${shots}/p-lookup-none.png`, fullPage: true });
  },

  // a report filed, then followed by its tracking number
  async portal_report(page) {
    await page.goto(`${url}/p/project/P2017-0001`);
    await Promise.all([page.waitForLoadState(), page.click('a.report')]);
    await page.fill('textarea[name=text]', '公示的金额与实际不符');
    await page.screenshot({ path: `${shots}/p-report.png`, fullPage: true });
    await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
    const no = (await page.textContent('.tracking')).trim();
    check(/^JB-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(no), `a tracking number: ${no}`);
    await page.goto(`${url}/p/track`);
    await page.fill('input[name=no]', no);
    await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
    check((await page.textContent('.status')).includes('已受理'), 'the report is followed by its number');
    await page.screenshot({ path: `${shots}/p-track.png`, fullPage: true });
  },

  // a lifecycle step: recorded with its date and who took it
  async lifecycle_step(page) {
    await signin(page, 'clerk', 'anding-clerk-pw1');
    await page.goto(`${url}/import`);
    await page.selectOption('select[name=kind]', 'projects');
    await page.fill('textarea[name=csv]',
      'id,name,county,category,budget,year,status\nBR-3,浏览器项目三,621102,water,100,2020,planned\n');
    await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
    check((await page.innerText('table.results')).replace(/\s+/g, ' ').includes('projects.csv 1 1 0'),
      'the project landed');
    await page.goto(`${url}/projects/BR-3`);
    await page.selectOption('select[name=status]', 'approved');
    await page.fill('input[name=date]', '2020-03-01');
    await Promise.all([page.waitForLoadState(), page.click('form:not(.inline) button[type=submit]')]);
    const row = await page.textContent('tr:has-text("批复")');
    check(row.includes('2020-03-01') && row.includes('clerk'), `the step shows who took it and when: ${row}`);
    await page.screenshot({ path: `${shots}/project.png`, fullPage: true });
  },

  // a wrong step date corrected with a reason: the record, the trail and
  // the public page say so; a date out of the steps' order is refused in words
  async step_correct(page) {
    await signin(page, 'clerk', 'anding-clerk-pw1');
    await page.goto(`${url}/projects/BR-3`);
    await page.selectOption('select[name=status]', 'started');
    await page.fill('input[name=date]', '2020-04-11');
    await Promise.all([page.waitForLoadState(), page.click('form:not(.inline) button[type=submit]')]);
    await page.click('summary:has-text("更正日期")');
    await page.selectOption('details select[name=step]', 'started');
    await page.fill('details input[name=date]', '2020-02-01');
    await page.fill('details input[name=reason]', '录入错误');
    await Promise.all([page.waitForLoadState(), page.click('details button[type=submit]')]);
    const err = await page.textContent('.error');
    check(err.includes('新日期早于前一步的日期：批复 2020-03-01'), `a date before the step before is refused: ${err}`);
    await page.click('summary:has-text("更正日期")');
    await page.selectOption('details select[name=step]', 'started');
    await page.fill('details input[name=date]', '2020-04-01');
    await page.fill('details input[name=reason]', '开工日期录入错误，以开工报告为准');
    await Promise.all([page.waitForLoadState(), page.click('details button[type=submit]')]);
    const row = await page.textContent('tr:has-text("开工")');
    check(row.includes('2020-04-01（已更正）') && row.includes('原为 2020-04-11') && row.includes('开工报告'),
      `the step shows its corrected date, what it was and why: ${row}`);
    const history = await page.innerText('table.history');
    check(history.includes('更正进度日期') && history.includes('项目进度') && history.includes('clerk'),
      `the project's history panel has its steps and the correction: ${history}`);
    await page.screenshot({ path: `${shots}/project-corrected.png`, fullPage: true });
    await page.goto(`${url}/p/project/BR-3`);
    check((await page.textContent('main')).includes('2020-04-01（已更正）'), 'the public page says the date was corrected');
    await signin(page, 'auditor', 'auditor-password');
    await page.goto(`${url}/audit?action=project_step_corrected`);
    const trail = await page.textContent('main');
    check(trail.includes('更正进度日期') && trail.includes('开工 2020-04-11') && trail.includes('开工报告'),
      `the trail has the correction with before and after: ${trail.slice(0, 400)}`);
  },

  // the bulletin, printable, its own stylesheet allowed by the page's CSP
  async bulletin(page) {
    await signin(page, 'clerk', 'anding-clerk-pw1');
    await page.goto(`${url}/bulletin?month=2020-06`);
    check((await page.textContent('h1')).includes('工作通报'), 'the bulletin has its title');
    const align = await page.$eval('h1', (e) => getComputedStyle(e).textAlign);
    check(align === 'center', `the bulletin's stylesheet applies (h1 is ${align})`);
    await page.screenshot({ path: `${shots}/bulletin.png`, fullPage: true });
    await page.goto(`${url}/reports/funds`);
    check((await page.locator('table tr').count()) > 1, 'the funds report is a table');
    await page.screenshot({ path: `${shots}/report-funds.png`, fullPage: true });
  },

  // the staff's pages on a phone, 360 px wide: nothing wider than the
  // screen but the tables' own scrolling boxes
  async narrow_staff(page) {
    await page.setViewportSize({ width: 360, height: 740 });
    await signin(page, 'clerk', 'anding-clerk-pw1');
    for (const path of ['/dashboard', '/records/projects', '/import', '/import?lang=en', '/reports/funds',
      '/reports/indicators', '/bulletin', '/api', '/trace/payment/NOSUCH?lang=zh-CN']) {
      await page.goto(`${url}${path}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      check(wide <= 362, `${path} is ${wide} px wide on a 360 px screen`);
    }
    await page.goto(`${url}/import`);
    await page.screenshot({ path: `${shots}/import-360.png`, fullPage: true });
  },

  // a role that must be refused: a clerk opens the audit trail
  async refused(page) {
    await signin(page, 'clerk', 'anding-clerk-pw1');
    const answer = await page.goto(`${url}/audit`);
    check(answer.status() === 403, `the audit trail answers ${answer.status()} to a clerk`);
    check((await page.textContent('main')).includes('无权访问'), 'the page says why');
    await page.screenshot({ path: `${shots}/refused.png`, fullPage: true });
    await signin(page, 'auditor', 'auditor-password');
    const ok = await page.goto(`${url}/audit`);
    check(ok.status() === 200, 'an auditor opens the audit trail');
    await page.screenshot({ path: `${shots}/audit.png`, fullPage: true });
  },
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let rc = 0;
try {
  // the public portal as a cheap phone sees it: 360 px wide, no script
  const phone = scenario.startsWith('portal_');
  const context = await browser.newContext(phone
    ? { locale: 'zh-CN', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, javaScriptEnabled: false }
    : { locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  // every resource a page loads (its stylesheet, icon ...) must load; the
  // pages themselves may answer 401, 403 or 422 on purpose
  const errors = [];
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'document' && r.status() >= 400) errors.push(`${r.url()}: ${r.status()}`);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await scenarios[scenario](page);
  check(errors.length === 0, `resources failed: ${errors.join('; ')}`);
} catch (e) {
  console.log(`${scenario}: ${e.message}`);
  rc = 1;
} finally {
  await browser.close();
}
process.exit(rc);
