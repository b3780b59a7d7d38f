// The browser test of psst serve: headless Chromium from Debian (/usr/bin/chromium),
// driven by playwright-core, which never downloads a browser of its own.
//
//   node browser.mjs BASE_URL OUT_DIR            the test; screenshots in OUT_DIR
//   node browser.mjs BASE_URL OUT_DIR --docs     only the README's screenshots, into OUT_DIR
//
// The test: open /, see the leading chart drawn; type 区块链 in the search box and see the
// 2019 session; open it; follow a lecturer link; switch the language; download the CSV.
// It fails on any error in the page's console (a Content-Security-Policy violation, a
// script error, a failed request).
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [base, out, mode] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node browser.mjs BASE_URL OUT_DIR [--docs]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
function check(title, ok, detail = '') {
  if (ok) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL: ${title}${detail ? `\n  ${detail}` : ''}`);
  }
}

// The flags keep Chromium from reaching for the network on its own (updates, sync,
// field trials): this machine has none, and refused connections slow every start.
const browser = await chromium.launch({
  executablePath: process.env.PSST_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(20000);
const problems = [];
page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));

async function chartDrawn() {
  await page.waitForFunction(() => {
    const img = document.getElementById('leading-chart');
    return img && img.complete && img.naturalWidth > 0;
  });
  return page.evaluate(() => document.getElementById('leading-chart').naturalWidth);
}

try {
  if (mode === '--docs') {
    await page.goto(`${base}/`);
    await chartDrawn();
    await page.screenshot({ path: join(out, 'serve-home.png') });
    await page.goto(`${base}/sessions`);
    await page.locator('#q').pressSequentially('区块链', { delay: 50 });
    await page.waitForSelector('#results a[href^="/sessions/19-18"]');
    await page.screenshot({ path: join(out, 'serve-search.png') });
    console.log(`wrote ${join(out, 'serve-home.png')} and serve-search.png`);
  } else {
    // 1. the overview with the leading chart drawn (an SVG from the library)
    const res = await page.goto(`${base}/`);
    check('/ answers 200', res.status() === 200, `status ${res.status()}`);
    const width = await chartDrawn();
    check('the leading chart is drawn', width > 100, `naturalWidth ${width}`);
    check('the counts at a glance', (await page.locator('.glance').innerText()).includes(process.env.PSST_SESSIONS));
    await page.screenshot({ path: join(out, '01-home.png'), fullPage: true });

    // 2. search as you type, in Chinese
    await page.click('header nav a[href="/sessions"]');
    await page.waitForURL(/\/sessions$/);
    await page.locator('#q').pressSequentially('区块链', { delay: 60 });
    const hit = page.locator('#results a[href^="/sessions/19-18"]').first();
    await hit.waitFor();
    check('typing 区块链 finds the 2019 session',
      (await page.locator('#results tbody').innerText()).includes('2019-10-24'));
    check('the match is highlighted', (await page.locator('#results mark').first().innerText()) === '区块链');
    check('the address keeps the search', decodeURIComponent(page.url()).includes('q=区块链'), page.url());
    await page.screenshot({ path: join(out, '02-search.png'), fullPage: true });

    // 3. the session, every field
    await hit.click();
    await page.waitForURL(/\/sessions\/19-18/);
    check('the session page', (await page.locator('h1').innerText()).toLowerCase().includes('blockchain'));
    check('its sources are links', (await page.locator('ul.sources a[href^="http"]').count()) > 0);
    await page.screenshot({ path: join(out, '03-session.png'), fullPage: true });

    // 4. a lecturer's other sessions
    const lecturer = page.locator('a.lecturer').first();
    const name = (await lecturer.innerText()).split(' ')[0];
    await lecturer.click();
    await page.waitForURL(/lecturer=/);
    check('the lecturer link lists the lecturer\'s sessions',
      (await page.locator('#results tbody').innerText()).includes('19-18'), name);
    await page.screenshot({ path: join(out, '04-lecturer.png'), fullPage: true });

    // 5. the other language, the filter kept
    await page.click('a.lang-switch');
    await page.waitForURL(/lang=zh/);
    check('the page is in Chinese', (await page.getAttribute('html', 'lang')) === 'zh-Hans');
    check('the navigation is in Chinese', (await page.locator('header nav').innerText()).includes('学习会'));
    check('the lecturer filter is kept', decodeURIComponent(page.url()).includes('lecturer='), page.url());
    await page.screenshot({ path: join(out, '05-zh.png'), fullPage: true });

    // 6. the CSV of exactly the rows shown
    const shown = await page.locator('#results tbody tr').count();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    const file = join(out, 'sessions.csv');
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
    check('the CSV has the header row', lines[0].startsWith('id,date,term,number,leader'), lines[0]);
    check('the CSV has the filtered rows', lines.length === shown + 1 && lines.some((l) => l.startsWith('19-18,')),
      `${lines.length - 1} rows, ${shown} shown`);

    // 7. search as you type again, in English, on the Chinese page
    await page.goto(`${base}/sessions?lang=zh`);
    await page.locator('#q').pressSequentially('quantum', { delay: 40 });
    await page.locator('#results a[href^="/sessions/19-24"]').first().waitFor();
    check('an English search on the Chinese page', decodeURIComponent(page.url()).includes('lang=zh'));

    check('no error in the console', problems.length === 0, problems.join('\n  '));
  }
} catch (e) {
  check('the browser run', false, `${e.message}\n  ${problems.join('\n  ')}`);
  await page.screenshot({ path: join(out, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
