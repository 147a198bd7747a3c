// End-to-end: the shell around every page, in Debian's Chromium against the real proxy and its
// embedded emulator on a fresh SQLite file: sign-in and sign-out, the session (its cookie, its
// expiry), language, theme, keyboard shortcuts, calls stopped when a page is left, and the
// secrets scan over everything the browser and the servers saw.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { proxyBin, useConsole, assertNoSecrets } from './harness.mjs';

assert.ok(proxyBin, 'HILENS_PROXY_BIN must name the hilens-proxy binary');

const c = useConsole('shell');
const seen = c.seen;
let page, base;
const shot = (name) => c.shot(name);
const rows = () => page.locator('[data-testid=skill-row]');

before(async () => {
  ({ page, base } = await c.start());
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
  // The password is marked, points at the error, and has the focus to be typed again.
  const password = page.getByLabel('Password');
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  assert.equal(await password.getAttribute('aria-describedby'), 'login-error');
  assert.equal(await password.evaluate((e) => e === document.activeElement), true);
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

test('switching the language changes the UI text and is remembered', async () => {
  const nav = page.locator('nav[aria-label=HiLens] a').first();
  await page.selectOption('header [data-testid=language]', 'en-US');
  await page.waitForFunction(() => document.querySelector('nav[aria-label=HiLens] a')?.textContent === 'Overview');
  await page.selectOption('header [data-testid=language]', 'zh-CN');
  await page.waitForFunction(() => document.querySelector('nav[aria-label=HiLens] a')?.textContent === '概览');
  assert.equal(await nav.textContent(), '概览');
  assert.equal(await page.locator('[data-testid=prev-page]').textContent(), '上一页');
  await shot('05-chinese');
  await page.reload();
  await rows().first().waitFor();
  assert.equal(await nav.textContent(), '概览', 'the choice survives a reload');
  await page.selectOption('header [data-testid=language]', 'en-US');
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

test('the top bar: labelled switchers, the project by name, a skip link first, a title per page', async () => {
  await page.getByRole('combobox', { name: 'Workspace', exact: true }).waitFor();
  assert.ok(await page.getByText('Workspace', { exact: true }).isVisible(), 'the workspace switcher has a visible label');
  assert.ok(await page.getByRole('combobox', { name: 'Theme', exact: true }).isVisible());
  assert.ok(await page.getByText('Theme', { exact: true }).isVisible(), 'the theme switcher has a visible label');
  const project = page.getByTestId('project');
  const projectText = (await project.textContent()).trim();
  const projectTitle = await project.getAttribute('title');
  assert.ok(projectText.length > 0 && !/[0-9a-f]{32}/.test(projectText), `the project by its name: ${projectText}`);
  assert.match(projectTitle, /^Project [0-9a-f]{32}$/, 'its id in the tooltip');
  assert.equal(await page.title(), 'Skill market · Huawei HiLens Console');
  await page.getByRole('navigation', { name: 'HiLens' }).getByRole('link', { name: 'Devices' }).click();
  await page.waitForURL(/\/devices$/);
  await page.waitForFunction(() => document.title === 'Devices · Huawei HiLens Console');

  await page.reload();
  await page.getByRole('main').getByRole('heading', { level: 1 }).waitFor();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  assert.ok(await skip.evaluate((e) => e === document.activeElement), 'the first Tab stop');
  assert.ok(await skip.isVisible(), 'shown while it has the focus');
  await shot('10-skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'the focus moves to the page');
  assert.match(page.url(), /\/devices$/, 'no navigation');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.getElementById('main').contains(document.activeElement)), 'the next stop is in the page');
  await page.goto(`${base}/skills?chip=Arm`);
  await rows().first().waitFor();
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
  await page.getByRole('heading', { name: 'Skill orders', level: 1 }).waitFor();
  // The proxy forgets the session (as when it expires); the browser still has its cookie.
  const status = await page.evaluate(async () =>
    (await fetch('/auth/logout', { method: 'POST', headers: { 'X-HiLens-Console': '1' } })).status);
  assert.ok(status < 300, `logout answered ${status}`);
  await page.goto(`${base}/skills?platform=Android&page=2`);
  await page.waitForURL(/\/login\?redirect=/);
  assert.equal(new URL(page.url()).searchParams.get('redirect'), '/skills?platform=Android&page=2');
  // Typed once the demo account is filled in (a click before that would sign in with no user).
  await page.waitForFunction(() => document.querySelector('input[name=user]')?.value === 'demo');
  await page.fill('input[name=password]', 'HiLens-Demo-2026');
  await page.click('[data-testid=sign-in]');
  await page.waitForURL(/\/skills\?platform=Android&page=2$/);
  await rows().first().waitFor();
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

test('with an IAM account the Access page says API tokens are made elsewhere: no form, no error', async () => {
  await page.goto(`${base}/access`);
  await page.getByRole('heading', { name: 'Who I am' }).waitFor();
  assert.match(await page.getByTestId('whoami-method').textContent(), /An IAM account/);
  const tokens = page.getByRole('region', { name: 'My API tokens' });
  await tokens.getByText('API tokens are made where people sign in through this proxy', { exact: false }).waitFor();
  assert.equal(await tokens.getByRole('button').count(), 0, 'nothing to create and nothing to retry');
  assert.equal(await tokens.getByRole('textbox').count(), 0);
  assert.equal(await page.getByRole('alert').count(), 0, 'no error');
  // The IAM role has every permission, tokens:admin included; with no tokens there is no list.
  assert.equal(await page.getByRole('heading', { name: "Everyone's API tokens" }).count(), 0);
  await shot('12-access-iam');
});

test('signing out returns to sign-in and the API refuses the old session', async () => {
  await page.click('[data-testid=sign-out]');
  await page.waitForURL(/\/login/);
  const status = await page.evaluate(async () => (await fetch('/api/v1/skill-market/skills')).status);
  assert.equal(status, 401);
});

test('no token reached the browser or a log line, and no CSP violation happened', async () => {
  assert.ok(seen.responses.length > 20, `recorded ${seen.responses.length} responses`);
  assertNoSecrets(assert, seen);
});
