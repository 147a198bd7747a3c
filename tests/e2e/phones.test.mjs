// End-to-end: phones and tablets, and a picture of every page. On a fresh emulator with one of
// each resource (devices, a deployment and its job, a config map, a secret, a workspace, a skill
// order), every route of issue 22:
// - at 390×844 (a phone) and 768×1024 (a tablet) does not scroll sideways, and its "Menu" button
//   opens the navigation and the top bar's tools (found by role and name, as a person would);
// - is saved as a screenshot at 390, 1366 and 1920 px wide, light and dark, under
//   `$HILENS_SCREENSHOTS/screens/<width>-<theme>/` (the time this takes goes to timing.txt).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { useConsole, pageApi, shots } from './harness.mjs';
import { routes, seed } from './routes.mjs';

const c = useConsole('phones', { signInTo: '/' });
let page, base;

before(async () => {
  ({ page, base } = await c.start());
  page.on('request', () => { inFlight++; });
  page.on('requestfinished', settle);
  page.on('requestfailed', settle);
  const project = await page.evaluate(async () => (await (await fetch('/auth/session')).json()).project_id);
  ROUTES = routes(await seed((method, path, body) => pageApi(page, method, path, body), project));
});

// Every route of the issue (tests/e2e/routes.mjs), once the emulator is seeded.
let ROUTES = [];

/** Opens `path` inside the running console as a click on a link would (the router follows the
 *  address), and waits for the page: a new title when the path changed, no skeleton rows, and no
 *  request in flight for 300 ms. */
async function open(path, { shell = true } = {}) {
  if (!shell) {
    await page.goto(`${base}${path}`);
    await page.locator('h1').first().waitFor();
    return;
  }
  const samePath = await page.evaluate((p) => location.pathname === new URL(p, location.href).pathname, path);
  await page.evaluate((p) => {
    for (const h of document.querySelectorAll('h1')) h.dataset.left = '1';
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  if (!samePath) await page.locator('h1:not([data-left])').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.skeleton-bar'));
  await quiet();
}

// Requests in flight, for `quiet`.
let inFlight = 0;
const settle = () => { inFlight = Math.max(0, inFlight - 1); };
async function quiet() {
  for (let calm = 0, waited = 0; calm < 300 && waited < 10000; waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
    calm = inFlight === 0 ? calm + 50 : 0;
  }
}

/** How far the page reaches past the window's right edge, and the elements that stick out. */
const sideways = () => page.evaluate(() => {
  const over = document.documentElement.scrollWidth - innerWidth;
  // What sticks out past the edge and is not inside something that scrolls or clips.
  const clipped = (e) => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const culprits = over <= 0 ? [] : [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && !clipped(e))
    .reverse()
    .slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}[${(e.textContent || '').trim().slice(0, 30)}]`);
  return { over, culprits };
});

for (const [width, height] of [[390, 844], [768, 1024]]) {
  test(`at ${width} px no page scrolls sideways, and the menu opens the navigation`, async () => {
    await page.setViewportSize({ width, height });
    const wide = [];
    for (const { name, path, shell } of ROUTES) {
      await open(path, { shell });
      const { over, culprits } = await sideways();
      if (over > 0) wide.push(`${name} (${path}) is ${over} px wider than the window: ${culprits.join(', ')}`);
      if (shell === false) continue;
      const nav = page.getByRole('navigation', { name: 'HiLens' });
      assert.equal(await nav.isVisible(), false, `${name}: the navigation waits behind the menu`);
      const menu = page.getByRole('button', { name: 'Menu' });
      await menu.click();
      assert.equal(await menu.getAttribute('aria-expanded'), 'true');
      await nav.getByRole('link', { name: 'Devices' }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      const opened = await sideways();
      assert.ok(opened.over <= 0, `${name}: the open menu is ${opened.over} px wider than the window: ${opened.culprits.join(', ')}`);
      await page.keyboard.press('Escape');
      await nav.waitFor({ state: 'hidden' });
    }
    assert.deepEqual(wide, []);
    // A link in the menu goes there and closes it.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'HiLens' }).getByRole('link', { name: 'Secrets' }).click();
    await page.getByRole('heading', { name: 'Secrets', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'HiLens' }).waitFor({ state: 'hidden' });
    // A list's page buttons stay on one line (the total goes above them).
    await open('/devices');
    const pager = page.getByRole('navigation', { name: 'Page' });
    const [previous, next] = await Promise.all(['Previous', 'Next'].map(async (name) => (await pager.getByRole('button', { name }).boundingBox()).y));
    assert.ok(Math.abs(previous - next) <= 1, `Previous at ${previous}, Next at ${next}`);
  });
}

test('on a phone a list\'s filters fold under "Filters"; opened with a filter in the address, they are open', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open('/secrets');
  await open('/devices');
  const fold = page.locator('summary', { hasText: /^Filters$/ });
  const name = page.getByRole('search').getByLabel('Device name');
  await fold.waitFor();
  assert.equal(await name.isVisible(), false, 'the filters are folded');
  await fold.click();
  await name.waitFor();
  // A page opened with a filter shows it.
  await open('/secrets');
  await open('/devices?status=RUNNING');
  await name.waitFor();
  assert.equal(await page.getByRole('combobox', { name: 'State' }).inputValue(), 'RUNNING');
  // Folded on a phone, then turned wide: nothing to unfold, the filters are there.
  await open('/secrets');
  await open('/devices');
  assert.equal(await name.isVisible(), false);
  await page.setViewportSize({ width: 1366, height: 900 });
  await name.waitFor();
  assert.equal(await fold.isVisible(), false);
});

test('in Chinese the menu button reads 菜单', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await page.getByRole('button', { name: '菜单' }).waitFor();
  await page.getByRole('combobox', { name: '语言' }).selectOption('en-US');
  await page.getByRole('button', { name: 'Menu' }).waitFor();
});

test('on a wide screen the navigation and the top bar show, and there is no menu button', async () => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await open('/devices');
  await page.getByRole('navigation', { name: 'HiLens' }).getByRole('link', { name: 'Devices' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Menu' }).isVisible(), false);
});

test('a screenshot of every route at 390, 1366 and 1920 px, light and dark', async () => {
  const started = Date.now();
  const sizes = [[390, 844], [1366, 900], [1920, 1080]];
  let count = 0;
  for (const { name, path, shell } of ROUTES) {
    await page.setViewportSize({ width: 1366, height: 900 });
    await open(path, { shell });
    for (const theme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: theme });
      await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
      for (const [width, height] of sizes) {
        await page.setViewportSize({ width, height });
        const dir = join(shots, 'screens', `${width}-${theme}`);
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true, animations: 'disabled' });
        count++;
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  appendFileSync(join(shots, 'timing.txt'), `screenshots: ${count} (${ROUTES.length} routes × 3 widths × 2 themes) in ${seconds} s\n`);
});
