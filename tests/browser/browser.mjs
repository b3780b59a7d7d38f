// The browser test of psst serve: headless Chromium from Debian (/usr/bin/chromium),
// driven by playwright-core, which never downloads a browser of its own.
//
//   node browser.mjs BASE_URL OUT_DIR            the test; screenshots in OUT_DIR
//   node browser.mjs BASE_URL OUT_DIR --docs     only the README's screenshots, into OUT_DIR
//
// The test: open /, see the leading chart drawn; type 区块链 in the search box and see the
// 2019 session; open it; follow a lecturer link; switch the language; download the CSV.
// It fails on any error in the page's console (a Content-Security-Policy violation, a
// script error, a failed request). Then axe-core (npm axe-core, injected into each page) checks
// every kind of page in English and Chinese and fails on a serious or critical violation; the
// Chinese pages are checked for Chinese titles and dates; and at a phone's 390px width the
// results must come before the facets. Screenshots of them all go to OUT_DIR.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

// The pages axe-core checks: every kind of page, each in both languages.
const axePages = [
  ['home', '/'],
  ['list', '/sessions?term=19&format=lecture&sort=-date'],
  ['unknown', '/sessions?format=unknown'],
  ['search', '/sessions?q=%E5%8C%BA%E5%9D%97%E9%93%BE'],
  ['session', '/sessions/19-18'],
  ['untitled', '/sessions/16-19'],
  ['findings', '/findings'],
  ['lecturers', '/lecturers'],
  ['institutions', '/institutions?limit=20'],
  ['missing', '/no-such-page'],
];
const axePath = join(dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js');

async function accessibility() {
  // the site's Content-Security-Policy refuses inline scripts, which is how playwright
  // injects axe-core: this context alone lets it in (the CSP is checked by the steps above)
  const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const ap = await axeContext.newPage();
  ap.setDefaultTimeout(20000);
  let pages = 0;
  for (const [name, path] of axePages) {
    for (const zh of [false, true]) {
      const url = zh ? `${path}${path.includes('?') ? '&' : '?'}lang=zh` : path;
      const res = await ap.goto(`${base}${url}`);
      check(`${url} answers`, res.status() === (name === 'missing' ? 404 : 200), `status ${res.status()}`);
      await ap.addScriptTag({ path: axePath });
      const result = await ap.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      check(`axe-core: no serious or critical violation on ${url}`, bad.length === 0,
        bad.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`).join('\n  '));
      // every link says where it goes
      const empty = await ap.locator('a').evaluateAll((as) => as.filter((a) => !a.textContent.trim() && !a.getAttribute('aria-label')).length);
      check(`no empty link on ${url}`, empty === 0, `${empty} empty`);
      if (zh) {
        check(`${url} is marked Chinese`, (await ap.getAttribute('html', 'lang')) === 'zh-Hans');
      }
      pages++;
      await ap.screenshot({ path: join(out, `axe-${name}${zh ? '-zh' : ''}.png`), fullPage: true });
    }
  }
  check('axe-core ran on every page', pages === axePages.length * 2, `${pages}`);

  // the Chinese pages in Chinese: a session without a title, the dates, the English apart
  await ap.goto(`${base}/sessions/16-19?lang=zh`);
  check('an untitled session is named in Chinese', (await ap.locator('h1').innerText()) === '第十六届第19次（题目不详）',
    await ap.locator('h1').innerText());
  await ap.goto(`${base}/sessions/16-19`);
  check('and in English', (await ap.locator('h1').innerText()) === 'Session 16-19 (subject not known)');
  await ap.goto(`${base}/sessions/19-18?lang=zh`);
  check('a Chinese date', (await ap.locator('.kicker').innerText()).includes('2019年10月24日'));
  check('the Chinese title', (await ap.locator('h1').innerText()) === '区块链技术发展现状和趋势');
  await ap.goto(`${base}/sessions?term=16&limit=100&lang=zh`);
  const titles = await ap.locator('#results td.title > a').allInnerTexts();
  const latin = titles.filter((t) => !/[\u3400-\u9fff]/.test(t));
  check('every title link of a Chinese list is Chinese', titles.length > 40 && latin.length === 0,
    `${titles.length} titles; not Chinese: ${latin.slice(0, 3).join(' | ')}`);
  await axeContext.close();
}

async function narrow() {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const np = await phone.newPage();
  for (const zh of [false, true]) {
    await np.goto(`${base}/sessions?term=19${zh ? '&lang=zh' : ''}`);
    const list = await np.locator('#results section.list').boundingBox();
    const facets = await np.locator('#results aside.facets').boundingBox();
    check(`on a 390px screen the results come before the facets${zh ? ' (zh)' : ''}`,
      list && facets && list.y + list.height <= facets.y + 1, `results ${JSON.stringify(list)}, facets ${JSON.stringify(facets)}`);
    const wide = await np.evaluate(() => document.documentElement.scrollWidth);
    check(`no sideways scrolling at 390px${zh ? ' (zh)' : ''}`, wide <= 390, `scrollWidth ${wide}`);
    await np.screenshot({ path: join(out, `narrow-sessions${zh ? '-zh' : ''}.png`), fullPage: true });
    await np.goto(`${base}/sessions/19-18${zh ? '?lang=zh' : ''}`);
    await np.screenshot({ path: join(out, `narrow-session${zh ? '-zh' : ''}.png`), fullPage: true });
  }
  await phone.close();
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

    // 8. accessibility: axe-core in every page, English and Chinese; a serious or critical
    // violation fails (a page of its own, whose expected 404 is no console error above)
    await accessibility();

    // 9. a phone: the results before the facets, and the pages as they look there
    await narrow();

  }
} catch (e) {
  check('the browser run', false, `${e.message}\n  ${problems.join('\n  ')}`);
  await page.screenshot({ path: join(out, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
