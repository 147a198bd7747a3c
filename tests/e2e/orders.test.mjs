// End-to-end: the skill orders (filters, URL state, the detail page, making an order its
// skill's default), in Debian's Chromium against the real proxy and its embedded emulator.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { proxyBin, useConsole, assertNoSecrets } from './harness.mjs';

assert.ok(proxyBin, 'HILENS_PROXY_BIN must name the hilens-proxy binary');

const c = useConsole('orders', { signInTo: '/skills' });
const seen = c.seen;
let page, base;
const shot = (name) => c.shot(name);

before(async () => {
  ({ page, base } = await c.start());
  // Two free orders of one skill: the first becomes its default, the second is not.
  for (const amount of ['2', '1']) {
    await page.goto(`${base}/skills?charge_model=0`);
    await page.locator('[data-testid=skill-row] td:first-child a').first().click();
    await page.locator('[data-testid=free-order]').waitFor();
    await page.fill('[data-testid=order-amount]', amount);
    await page.click('[data-testid=create-order]');
    await page.locator('[data-testid=order-created]').waitFor();
  }
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

test('no token reached the browser or a log line, and no CSP violation happened', async () => {
  assertNoSecrets(assert, seen);
});
