// End-to-end, at scale: 100000 devices registered through the wizard (one batch), then the
// devices list's time to show a page after navigation and after a filter change, measured in
// the page with the Performance API and printed (not asserted: a timing is a figure to read).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { proxyBin, shots, useConsole } from './harness.mjs';

assert.ok(proxyBin, 'HILENS_PROXY_BIN must name the hilens-proxy binary');

const DEVICES = 100000;
const c = useConsole('fleet-scale', { signInTo: '/devices', args: ['--emulator-connect-delay-ms', '0'] });
let page, base;

before(async () => {
  ({ page, base } = await c.start());
});

function record(line) {
  console.log(line);
  appendFileSync(join(shots, 'timing.txt'), `${line}\n`);
}

/**
 * Runs `act` and resolves with the milliseconds until the list shows `want`: `{ rows: n }` rows,
 * or `{ empty: true }` its empty state (a MutationObserver in the page, Performance API clock).
 */
async function timeUntil(want, act) {
  await page.evaluate((cond) => {
    window.__shownAt = undefined;
    window.__startedAt = performance.now();
    const observer = new MutationObserver(() => {
      const rows = document.querySelectorAll('[data-testid=device-row]').length;
      const empty = document.querySelector('[data-testid=empty]') !== null;
      if ((cond.rows !== undefined && rows === cond.rows && !empty) || (cond.empty && empty && rows === 0)) {
        window.__shownAt = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  }, want);
  await act();
  await page.waitForFunction(() => window.__shownAt !== undefined, null, { timeout: 60000 });
  return page.evaluate(() => window.__shownAt - window.__startedAt);
}

test(`the devices list over ${DEVICES} devices: a page after navigation and after a filter change`, async () => {
  await page.goto(`${base}/devices/new`);
  await page.getByLabel('Device name').fill('fleet');
  await page.getByTestId('device-batch').check();
  await page.getByLabel('How many (2–100000)').fill(String(DEVICES));
  await page.getByRole('button', { name: 'Next' }).click();
  const started = Date.now();
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByTestId('certificate').waitFor({ timeout: 120000 });
  record(`registering ${DEVICES} devices in one batch through the wizard: ${Date.now() - started} ms`);
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the certificate package' }).click()]);
  await download.path();

  // From another page, the devices list (its part already loaded, as on any later visit) until
  // its rows are drawn.
  const nav = page.getByRole('navigation', { name: 'HiLens' });
  await nav.getByRole('link', { name: 'Devices' }).click();
  await page.locator('[data-testid=device-row]').first().waitFor();
  await nav.getByRole('link', { name: 'Alarms' }).click();
  await page.getByRole('heading', { name: 'Alarms', level: 1 }).waitFor();
  await page.mouse.move(0, 0);
  const afterNavigation = await timeUntil({ rows: 10 }, () => nav.getByRole('link', { name: 'Devices' }).click());
  await page.getByTestId('total').filter({ hasText: String(DEVICES) }).waitFor();
  // No device is stopped: the filter's answer is the empty state.
  const afterFilter = await timeUntil({ empty: true }, () => page.getByTestId('device-filter-state').selectOption('STOPPED'));
  await page.getByTestId('device-filter-state').selectOption('');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=device-row]').length === 10);
  const afterName = await timeUntil({ rows: 1 }, async () => {
    await page.getByRole('searchbox', { name: 'Device name' }).fill('fleet-99999');
    await page.getByTestId('device-search').click();
  });
  record(`devices list over ${DEVICES} devices: rows ${Math.round(afterNavigation)} ms after navigation, ` +
    `${Math.round(afterFilter)} ms after a state filter change, ${Math.round(afterName)} ms after a name search (Performance API)`);
  await c.shot('fleet-scale-list');
});
