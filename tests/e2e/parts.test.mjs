// End-to-end: the console is split into a main part and a part per domain (scripts/build-wasm).
// A domain's part is fetched on the first visit to it (or when a link to it is hovered), not
// before; a part that cannot be fetched shows an error with a retry on its page while the shell
// and the other pages keep working, and the retry (or a later visit) loads it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appendFileSync } from 'node:fs';
import { proxyBin, dist, shots, startServer, tempDir, removeDir, launchBrowser, recordedPage, submitDemoSignIn, stopServers } from './harness.mjs';

assert.ok(proxyBin, 'HILENS_PROXY_BIN must name the hilens-proxy binary');

const seen = { responses: [], console: [], output: [] };
let proxy, base, browser, page, dataDir;
/** Every part (`split_<domain>-<build>.wasm`) the page asked for, in order. */
const fetched = [];

before(async () => {
  dataDir = tempDir('parts');
  const started = startServer(proxyBin, ['--listen', '127.0.0.1:0', '--dist', dist, '--data-dir', dataDir], {},
    /HiLens console: (http:\/\/127\.0\.0\.1:\d+)\//, seen.output);
  proxy = started.child;
  base = await started.url;
  browser = await launchBrowser();
  page = await recordedPage(browser, seen);
  page.on('request', (req) => {
    const m = req.url().match(/\/split_([a-z0-9_]+)-[0-9a-f]{16}\.wasm$/);
    if (m) fetched.push(m[1]);
  });
});

after(async () => {
  await browser?.close();
  await stopServers(proxy);
  removeDir(dataDir);
});

const ordersHeading = () => page.getByRole('heading', { name: 'Skill orders', level: 1 });

test('signing in straight to the orders fetches the orders part and not the skill market', async () => {
  await page.goto(`${base}/orders`);
  await page.waitForURL(/\/login\?redirect=/);
  await submitDemoSignIn(page);
  await ordersHeading().waitFor();
  assert.deepEqual([...new Set(fetched)], ['orders']);
});

test('following the side navigation fetches the next part on its first visit, once', async () => {
  const nav = page.getByRole('navigation', { name: 'HiLens' });
  await nav.getByRole('link', { name: 'Skill market' }).click();
  await page.locator('[data-testid=skill-row]').first().waitFor();
  assert.ok(fetched.includes('skills'), fetched.join(','));
  const before = fetched.length;
  await nav.getByRole('link', { name: 'Skill orders' }).click();
  await ordersHeading().waitFor();
  await nav.getByRole('link', { name: 'Skill market' }).click();
  await page.locator('[data-testid=skill-row]').first().waitFor();
  assert.equal(fetched.length, before, 'a part already here is not fetched again');
});

test('timing: a first visit to a domain whose link was hovered (its part preloaded)', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const fresh = await context.newPage();
  const parts = [];
  fresh.on('request', (req) => { if (/\/split_skills-/.test(req.url())) parts.push(req.url()); });
  await fresh.goto(`${base}/login?redirect=%2Forders`);
  await submitDemoSignIn(fresh);
  await fresh.getByRole('heading', { name: 'Skill orders', level: 1 }).waitFor();
  const link = fresh.getByRole('navigation', { name: 'HiLens' }).getByRole('link', { name: 'Skill market' });
  // Waiting is set up before the hover: a small part can arrive before the hover returns.
  const preloaded = fresh.waitForResponse((r) => /\/split_skills-/.test(r.url()));
  await link.hover();
  await preloaded;
  assert.equal(parts.length, 1, 'hovering fetched the part');
  await fresh.evaluate(() => {
    window.__clickedAt = performance.now();
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid=skill-row]')) {
        window.__rowsAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await link.click();
  await fresh.locator('[data-testid=skill-row]').first().waitFor();
  const ms = await fresh.evaluate(() => window.__rowsAt - window.__clickedAt);
  const line = `first visit to the skill market after hovering its link: rows ${Math.round(ms)} ms after the click (Performance API)`;
  console.log(line);
  appendFileSync(join(shots, 'timing.txt'), `${line}\n`);
  await context.close();
});

test('a part that cannot be fetched shows a retry; the shell and other pages keep working', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const fresh = await context.newPage();
  const errors = [];
  fresh.on('pageerror', (e) => errors.push(e.message));
  // What happened to the parts' requests and what the page logged, printed should a wait fail.
  const trail = [];
  fresh.on('console', (msg) => trail.push(`console: ${msg.text()}`));
  fresh.on('requestfailed', (req) => trail.push(`failed: ${req.url()} ${req.failure()?.errorText}`));
  fresh.on('requestfinished', (req) => { if (/\.wasm$/.test(req.url())) trail.push(`finished: ${req.url()}`); });
  const explained = async (wait) => {
    try {
      await wait;
    } catch (e) {
      await fresh.screenshot({ path: join(shots, 'parts-failed-wait.png'), fullPage: true }).catch(() => {});
      const body = await fresh.locator('body').innerText().catch(() => '?');
      throw new Error(`${e.message}\nat ${fresh.url()}\npage: ${body.slice(0, 400)}\n${trail.join('\n')}`);
    }
  };
  let blocked = true;
  await fresh.route(/\/split_orders-[0-9a-f]{16}\.wasm$/, (route) => (blocked ? route.abort() : route.continue()));
  await fresh.goto(`${base}/login?redirect=%2Forders`);
  await submitDemoSignIn(fresh);
  const failed = fresh.locator('[data-testid=part-failed]');
  await explained(failed.waitFor());
  assert.match(await failed.textContent(), /could not be loaded/);
  await fresh.screenshot({ path: join(shots, 'parts-01-blocked.png'), fullPage: true });

  // The shell is alive: another domain opens.
  const nav = fresh.getByRole('navigation', { name: 'HiLens' });
  await nav.getByRole('link', { name: 'Skill market' }).click();
  await fresh.locator('[data-testid=skill-row]').first().waitFor();

  // Back to the orders, still blocked: the error again, then the retry loads it.
  await nav.getByRole('link', { name: 'Skill orders' }).click();
  await explained(failed.waitFor());
  blocked = false;
  await fresh.getByRole('button', { name: 'Retry' }).click();
  await explained(fresh.getByRole('heading', { name: 'Skill orders', level: 1 }).waitFor());
  assert.equal(await failed.count(), 0);
  assert.deepEqual(errors, [], 'no uncaught error (a failed part must not panic the app)');
  await context.close();
});

test('a deep link to a detail page and its reload render that page (parts included)', async () => {
  await page.goto(`${base}/skills`);
  const link = page.locator('[data-testid=skill-row] a').first();
  const name = await link.textContent();
  await link.click();
  await page.waitForURL(/\/skills\/[^/?]+$/);
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  await page.goto(`${base}/no/such/page`);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  // Inside the shell: the navigation is still there.
  await page.getByRole('navigation', { name: 'HiLens' }).waitFor();
});
