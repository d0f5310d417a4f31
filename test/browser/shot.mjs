// shot.mjs URL USER PASSWORD WIDTH OUT PATH...: sign in as USER (or "-" for
// none) and keep a full-page screenshot of each PATH as OUT/N.png; prints
// each page's server time, size and width.  A developer's look at pages.
import { chromium } from 'playwright-core';
const [url, user, password, width, out, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: +width, height: 800 } });
if (user !== '-') {
  await page.goto(`${url}/login`);
  await page.fill('input[name=name]', user);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
}
let n = 0;
for (const p of paths) {
  const t0 = Date.now();
  const r = await page.goto(`${url}${p}`);
  const body = await r.body();
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  const h = await page.evaluate(() => document.documentElement.scrollHeight);
  const total = await page.evaluate(() => document.querySelector(".total")?.textContent ?? "");
  console.log(`${n}: ${p} ${r.status()} ${Date.now() - t0} ms ${body.length} B ${w}x${h} ${total}`);
  await page.screenshot({ path: `${out}/${n}.png`, fullPage: !process.env.TOP });
  n++;
}
await browser.close();
