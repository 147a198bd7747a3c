// End-to-end: the built console in Debian's Chromium (driven by playwright-core), against the
// real proxy and its embedded emulator on a fresh SQLite file.
//
// Needs HILENS_PROXY_BIN (the hilens-proxy binary) and HILENS_DIST (the built console);
// scripts/test sets both. Screenshots go to HILENS_SCREENSHOTS (default ../../target/e2e).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
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
