// End-to-end: the built console in Debian's Chromium (driven by playwright-core), against the
// real proxy and its embedded emulator on a fresh SQLite file.
//
// Needs HILENS_PROXY_BIN (the hilens-proxy binary) and HILENS_DIST (the built console);
// scripts/test sets both. Screenshots go to HILENS_SCREENSHOTS (default ../../target/e2e).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { proxyBin, dist, shots, startServer, tempDir, removeDir, launchBrowser, recordedPage, TOKEN_PATTERN } from './harness.mjs';

assert.ok(proxyBin, 'HILENS_PROXY_BIN must name the hilens-proxy binary');

const seen = { responses: [], console: [], output: [] };
let proxy, base, browser, page, dataDir;

async function shot(name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

const rows = () => page.locator('[data-testid=skill-row]');
const indicator = () => page.locator('[data-testid=page-indicator]');

before(async () => {
  dataDir = tempDir('local');
  const started = startServer(proxyBin, ['--listen', '127.0.0.1:0', '--dist', dist, '--data-dir', dataDir], {},
    /HiLens console: (http:\/\/127\.0\.0\.1:\d+)\//, seen.output);
  proxy = started.child;
  base = await started.url;
  browser = await launchBrowser();
  page = await recordedPage(browser, seen);
});

after(async () => {
  await browser?.close();
  proxy?.kill('SIGTERM');
  removeDir(dataDir);
});

test('a visitor who is not signed in is sent to sign-in, with the demo account filled in', async () => {
  await page.goto(`${base}/skills?chip=Arm`);
  await page.waitForURL(/\/login\?redirect=/);
  assert.match(decodeURIComponent(page.url()), /redirect=\/skills\?chip=Arm/);
  await assert.doesNotReject(page.locator('input[name=domain]').evaluate((e) => e.value).then((v) => assert.equal(v, 'hilens-demo')));
});

test('a wrong password shows a clear error and keeps the visitor on sign-in', async () => {
  await page.fill('input[name=password]', 'not-the-password');
  await page.click('[data-testid=sign-in]');
  const error = page.locator('[data-testid=login-error]');
  await error.waitFor();
  const text = await error.textContent();
  assert.match(text, /Sign-in failed/);
  assert.match(text, /username or password is wrong/i);
  assert.match(page.url(), /\/login/);
  await shot('01-wrong-password');
});

test('signing in lands on the page that was asked for', async () => {
  await page.fill('input[name=password]', 'HiLens-Demo-2026');
  await page.click('[data-testid=sign-in]');
  await page.waitForURL(/\/skills\?chip=Arm$/);
  await rows().first().waitFor();
  const chips = await page.locator('[data-testid=skill-row] td:nth-child(3)').allTextContents();
  assert.ok(chips.length > 0 && chips.every((c) => c === 'Arm'), chips.join(','));
  assert.match(await page.locator('[data-testid=user]').textContent(), /demo/);
  await shot('02-signed-in');
});

test('timing: how long after navigation the skill list shows its rows (Performance API)', async () => {
  // Recorded in the page: the first moment a skill row exists, on the navigation's clock.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid=skill-row]')) {
        window.__skillRowsAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const samples = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${base}/skills?page=${i + 1}`);
    await rows().first().waitFor();
    const at = await page.evaluate(() => window.__skillRowsAt);
    assert.ok(at > 0, 'the rows were seen appearing');
    samples.push(at);
  }
  samples.sort((a, b) => a - b);
  const line = `skill list interactive after navigation: median ${Math.round(samples[2])} ms ` +
    `(min ${Math.round(samples[0])}, max ${Math.round(samples[4])}, 5 loads, Performance API)`;
  console.log(line);
  writeFileSync(join(shots, 'timing.txt'), `${line}\n`);
});

test('filter by name, then go to page 2', async () => {
  await page.click('[data-testid=reset]');
  await page.waitForURL(/\/skills$/);
  await page.fill('[data-testid=filter-name]', 'Detection');
  await page.click('[data-testid=search]');
  await page.waitForURL(/name=Detection/);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=skill-row] td:first-child')]
    .every((td) => td.textContent.includes('Detection')));
  const names = await page.locator('[data-testid=skill-row] td:first-child').allTextContents();
  assert.equal(names.length, 10);
  assert.match(await page.locator('[data-testid=total]').textContent(), /42/);
  assert.equal((await indicator().textContent()).trim(), '1 / 5');

  await page.click('[data-testid=next-page]');
  await page.waitForURL(/page=2/);
  await page.waitForFunction(() => document.querySelector('[data-testid=page-indicator]')?.textContent.trim() === '2 / 5');
  const page2 = await page.locator('[data-testid=skill-row] td:first-child').allTextContents();
  assert.equal(page2.length, 10);
  assert.ok(page2.every((n) => n.includes('Detection')));
  assert.notDeepEqual(page2, names, 'page 2 shows other skills');
  await shot('03-filtered-page-2');
});

test('a reload shows the same filters, page and rows', async () => {
  const url = page.url();
  const before = await page.locator('[data-testid=skill-row] td:first-child').allTextContents();
  await page.reload();
  await rows().first().waitFor();
  assert.equal(page.url(), url);
  assert.equal(await page.locator('[data-testid=filter-name]').inputValue(), 'Detection');
  await page.waitForFunction(() => document.querySelector('[data-testid=page-indicator]')?.textContent.trim() === '2 / 5');
  assert.deepEqual(await page.locator('[data-testid=skill-row] td:first-child').allTextContents(), before);
  // The list says when it was read, and reads again on request, keeping its rows meanwhile.
  assert.match(await page.locator('[data-testid=updated]').textContent(), /^Updated \d\d:\d\d:\d\d$/);
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/skill-market/skills')),
    page.click('[data-testid=refresh]'),
  ]);
  assert.equal(answer.status(), 200, 'refresh asked the API again');
  assert.deepEqual(await page.locator('[data-testid=skill-row] td:first-child').allTextContents(), before);
});

test('an invalid name shows the rule beside the field and is not searched', async () => {
  const url = page.url();
  await page.fill('[data-testid=filter-name]', 'bad name!');
  await page.locator('[data-testid=filter-name]').blur();
  const err = page.locator('[data-testid=filter-name-error]');
  await err.waitFor();
  assert.match(await err.textContent(), /skill_name/);
  await page.click('[data-testid=search]');
  assert.equal(page.url(), url, 'the URL (and the list) did not change');
  assert.equal(await page.locator('[data-testid=filter-name]').inputValue(), 'bad name!', 'what the user typed is kept');
  await page.fill('[data-testid=filter-name]', 'Detection');
});

test('opening a skill shows its detail page', async () => {
  const first = page.locator('[data-testid=skill-row] td:first-child a').first();
  const name = (await first.textContent()).trim();
  await first.click();
  await page.waitForURL(/\/skills\/[0-9a-f]{32}$/);
  await page.locator('[data-testid=skill-name]').waitFor();
  assert.equal((await page.locator('[data-testid=skill-name]').textContent()).trim(), name);
  assert.ok((await page.locator('[data-testid=versions] .chip').count()) >= 1);
  await shot('04-skill-detail');
  await page.goBack();
  await page.waitForURL(/name=Detection&page=2/);
});

test('switching the language changes the UI text and is remembered', async () => {
  const nav = page.locator('nav[aria-label=HiLens] a').first();
  await page.selectOption('header [data-testid=language]', 'en-US');
  await page.waitForFunction(() => document.querySelector('nav[aria-label=HiLens] a')?.textContent === 'Skill market');
  await page.selectOption('header [data-testid=language]', 'zh-CN');
  await page.waitForFunction(() => document.querySelector('nav[aria-label=HiLens] a')?.textContent === '技能市场');
  assert.equal(await nav.textContent(), '技能市场');
  assert.equal(await page.locator('[data-testid=prev-page]').textContent(), '上一页');
  await shot('05-chinese');
  await page.reload();
  await rows().first().waitFor();
  assert.equal(await nav.textContent(), '技能市场', 'the choice survives a reload');
  await page.selectOption('header [data-testid=language]', 'en-US');
});

test('a free order: the amount rule shows beside the field, then the order appears and becomes the default', async () => {
  await page.goto(`${base}/skills?charge_model=0`);
  await rows().first().waitFor();
  const name = (await page.locator('[data-testid=skill-row] td:first-child a').first().textContent()).trim();
  await page.locator('[data-testid=skill-row] td:first-child a').first().click();
  await page.locator('[data-testid=free-order]').waitFor();
  await page.fill('[data-testid=order-amount]', '0');
  await page.locator('[data-testid=order-amount]').blur();
  const err = page.locator('[data-testid=order-amount-error]');
  await err.waitFor();
  assert.match(await err.textContent(), /amount/);
  await page.click('[data-testid=create-order]');
  assert.equal(await page.locator('[data-testid=order-created]').count(), 0, 'an invalid amount is not sent');
  assert.equal(await page.locator('[data-testid=order-amount]').inputValue(), '0', 'the input is kept');
  await page.fill('[data-testid=order-amount]', '2');
  await page.click('[data-testid=create-order]');
  await page.locator('[data-testid=order-created]').waitFor();
  await shot('06-free-order');
  await page.click('[data-testid=order-created] a');
  await page.waitForURL(/\/orders$/);
  await page.locator('[data-testid=order-row]').first().waitFor();
  const first = page.locator('[data-testid=order-row]').first();
  assert.equal((await first.locator('td').first().textContent()).trim(), name);
  assert.equal((await first.locator('td').nth(2).textContent()).trim(), '2');
  await first.locator('[data-testid=set-default]').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=order-row] [data-testid=set-default]'));
  assert.match(await first.locator('[data-testid=order-default]').textContent(), /Default/);
  await shot('07-orders');
});

test('three filters narrow the market, cards show the same rows, and a reload keeps it all', async () => {
  await page.goto(`${base}/skills`);
  await rows().first().waitFor();
  await page.selectOption('[data-testid=filter-platform]', 'Linux');
  await page.waitForURL(/platform=Linux/);
  await page.selectOption('[data-testid=filter-type]', 'standard');
  await page.waitForURL(/type=standard/);
  await page.locator('[data-testid=more-filters] summary').click();
  await page.check('[data-testid=filter-charge-models] input[value="0"]');
  await page.waitForURL(/charge_models=0/);
  await page.check('[data-testid=filter-charge-models] input[value="2"]');
  await page.waitForURL(/charge_models=0(%20|\+)2/);
  await rows().first().waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=skill-row]')]
    .every((tr) => tr.children[3].textContent === 'Linux'));
  const cells = await page.locator('[data-testid=skill-row]').evaluateAll((trs) => trs.map((tr) =>
    [tr.children[3].textContent, tr.children[4].textContent, tr.children[5].textContent]));
  assert.ok(cells.length > 0);
  for (const [platform, type, charge] of cells) {
    assert.equal(platform, 'Linux');
    assert.equal(type, 'Standard');
    assert.ok(['Free', '30-day trial'].includes(charge), charge);
  }
  const names = await page.locator('[data-testid=skill-row] td:first-child').allTextContents();
  await page.click('[data-testid=layout-cards]');
  await page.waitForURL(/view=cards/);
  await page.locator('[data-testid=skill-card]').first().waitFor();
  assert.deepEqual(await page.locator('[data-testid=skill-card] h2').allTextContents(), names);
  const url = page.url();
  await page.reload();
  await page.locator('[data-testid=skill-card]').first().waitFor();
  assert.equal(page.url(), url);
  assert.equal(await page.locator('[data-testid=filter-platform]').inputValue(), 'Linux');
  assert.ok(await page.locator('[data-testid=filter-charge-models] input[value="2"]').isChecked());
  await shot('08-cards');
  await page.click('[data-testid=layout-table]');
  await rows().first().waitFor();
});

test('the theme follows the OS until one is chosen, and the choice is remembered', async () => {
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  await page.selectOption('header [data-testid=theme]', 'dark');
  assert.equal(await theme(), 'dark');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(background, 'rgb(242, 243, 245)', 'the page is dark');
  await shot('09-dark');
  await page.reload();
  await rows().first().waitFor();
  assert.equal(await theme(), 'dark', 'the choice survives a reload, whatever the OS says');
  await page.selectOption('header [data-testid=theme]', 'system');
  assert.equal(await theme(), 'light');
});

test('keyboard: / focuses the search, g o opens the orders, ? lists the shortcuts', async () => {
  await page.locator('main h1').click();
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'filter-name');
  await page.keyboard.type('x');
  assert.equal(await page.locator('[data-testid=filter-name]').inputValue(), 'x', 'typing in a field is left alone');
  await page.locator('main h1').click();
  await page.keyboard.press('g');
  await page.keyboard.press('o');
  await page.waitForURL(/\/orders$/);
  await page.keyboard.press('?');
  await page.locator('[data-testid=shortcuts]').waitFor();
  assert.match(await page.locator('[data-testid=shortcuts]').textContent(), /Skill orders/);
  await page.keyboard.press('Escape');
  await page.locator('[data-testid=shortcuts]').waitFor({ state: 'detached' });
});

test('an expired session sends the user to sign-in and back to the same page', async () => {
  await page.goto(`${base}/orders`);
  await page.locator('[data-testid=order-row]').first().waitFor();
  // The proxy forgets the session (as when it expires); the browser still has its cookie.
  const status = await page.evaluate(async () =>
    (await fetch('/auth/logout', { method: 'POST', headers: { 'X-HiLens-Console': '1' } })).status);
  assert.ok(status < 300, `logout answered ${status}`);
  await page.goto(`${base}/skills?platform=Android&page=2`);
  await page.waitForURL(/\/login\?redirect=/);
  assert.equal(new URL(page.url()).searchParams.get('redirect'), '/skills?platform=Android&page=2');
  await page.fill('input[name=password]', 'HiLens-Demo-2026');
  await page.click('[data-testid=sign-in]');
  await page.waitForURL(/\/skills\?platform=Android&page=2$/);
  await rows().first().waitFor();
});

test('a success toast confirms the order and fades', async () => {
  await page.goto(`${base}/skills?charge_model=0`);
  await rows().first().waitFor();
  await page.locator('[data-testid=skill-row] td:first-child a').first().click();
  await page.locator('[data-testid=free-order]').waitFor();
  await page.fill('[data-testid=order-amount]', '1');
  await page.click('[data-testid=create-order]');
  const ok = page.locator('[data-testid=toast-ok]');
  await ok.waitFor();
  assert.match(await ok.textContent(), /Order created/);
  assert.equal(await page.locator('[data-testid=toasts]').getAttribute('aria-live'), 'polite');
  await ok.waitFor({ state: 'detached', timeout: 8000 });
});

test('orders: filter by skill name and form, reload, open an order, make it the default there', async () => {
  await page.goto(`${base}/orders`);
  const first = page.locator('[data-testid=order-row]').first();
  await first.waitFor();
  const name = (await first.locator('td').first().textContent()).trim();
  await page.fill('[data-testid=order-filter-name]', 'bad name!');
  await page.click('[data-testid=order-search]');
  await page.locator('[data-testid=order-filter-name-error]').waitFor();
  assert.ok(!page.url().includes('name='), 'an invalid name is not searched');
  await page.fill('[data-testid=order-filter-name]', name);
  await page.click('[data-testid=order-search]');
  await page.waitForURL(/\/orders\?name=/);
  await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid=order-row] td:first-child')]
    .every((td) => td.textContent.trim() === n), name);
  await page.selectOption('[data-testid=order-filter-form]', 'no_template');
  await page.waitForURL(/form=no_template/);
  const url = page.url();
  await page.reload();
  await page.locator('[data-testid=order-filters]').waitFor();
  assert.equal(page.url(), url);
  assert.equal(await page.locator('[data-testid=order-filter-name]').inputValue(), name);
  assert.equal(await page.locator('[data-testid=order-filter-form]').inputValue(), 'no_template');

  // Open an order that is not its skill's default (the toast test made a second one) and make
  // it the default on its page.
  await page.goto(`${base}/orders`);
  await page.locator('[data-testid=order-row]').first().waitFor();
  const link = page.locator('[data-testid=order-row]', { has: page.locator('[data-testid=set-default]') })
    .first().locator('td:nth-child(2) a');
  await link.waitFor();
  const orderId = (await link.textContent()).trim();
  await link.click();
  await page.waitForURL(new RegExp(`/orders/${orderId}$`));
  await page.locator('[data-testid=order-detail]').waitFor();
  assert.equal((await page.locator('[data-testid=order-id]').textContent()).trim(), orderId);
  assert.ok((await page.locator('[data-testid=order-detail]').textContent()).includes(name));
  await page.click('[data-testid=detail-set-default]');
  await page.locator('[data-testid=order-is-default]').waitFor();
  await shot('10-order-detail');
});

test('leaving a page stops the calls it was still waiting for', async () => {
  await page.goto(`${base}/skills`);
  await rows().first().waitFor();
  // The next skill list answer is held back (the real answer, later), so the call is pending.
  let release;
  const held = new Promise((ok) => { release = ok; });
  const pattern = '**/api/v1/skill-market/skills?*';
  await page.route(pattern, async (route) => { await held; await route.continue().catch(() => {}); });
  const failed = page.waitForEvent('requestfailed', (r) => r.url().includes('/api/v1/skill-market/skills'));
  await page.selectOption('[data-testid=filter-chip]', 'Arm');
  await page.click('nav[aria-label=HiLens] a[href="/orders"]');
  await page.waitForURL(/\/orders$/);
  const request = await failed;
  assert.match(request.failure().errorText, /ABORTED/);
  release();
  await page.unroute(pattern);
});

test('the browser never holds the token: no readable cookie, nothing in storage', async () => {
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'hilens_session');
  assert.ok(session, 'a session cookie exists');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie), '', 'scripts cannot read the session cookie');
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.doesNotMatch(storage, /MIIE/);
});

test('signing out returns to sign-in and the API refuses the old session', async () => {
  await page.click('[data-testid=sign-out]');
  await page.waitForURL(/\/login/);
  const status = await page.evaluate(async () => (await fetch('/api/v1/skill-market/skills')).status);
  assert.equal(status, 401);
});

test('no token reached the browser or a log line, and no CSP violation happened', async () => {
  const everything = [...seen.responses, ...seen.console, ...seen.output];
  assert.ok(seen.responses.length > 20, `recorded ${seen.responses.length} responses`);
  const token = everything.find((t) => TOKEN_PATTERN.test(t));
  assert.equal(token, undefined, `a token appears in: ${token?.slice(0, 200)}`);
  assert.deepEqual(seen.console.filter((m) => /Content Security Policy/i.test(m)), []);
});
