// End-to-end: the fleet (devices, the registration wizard and its certificate package, device
// pages, activation, firmware upgrades, alarms, service orders, CSV export), in Debian's
// Chromium against the real proxy and its embedded emulator (devices report in after 1.5 s,
// upgrades take 3 s).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { proxyBin, shots, useConsole, assertNoSecrets, tempDir } from './harness.mjs';

assert.ok(proxyBin, 'HILENS_PROXY_BIN must name the hilens-proxy binary');

const c = useConsole('fleet', {
  signInTo: '/devices',
  args: ['--emulator-connect-delay-ms', '1500', '--emulator-upgrade-ms', '3000'],
});
const seen = c.seen;
let page, base;
const downloads = tempDir('fleet-downloads');
/** Every API call the page made, as `METHOD path`. */
const calls = [];

before(async () => {
  ({ page, base } = await c.start());
  mkdirSync(shots, { recursive: true });
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.pathname.includes('/api/')) calls.push(`${req.method()} ${u.pathname}`);
  });
});

const nav = () => page.getByRole('navigation', { name: 'HiLens' });
const rows = () => page.locator('[data-testid=device-row]');

/** Saves the download `click` starts; resolves with its path and suggested name. */
async function saveDownload(click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(downloads, download.suggestedFilename());
  await download.saveAs(path);
  return { path, name: download.suggestedFilename() };
}

/** The line a PEM private key starts with (built here, so the source holds no key-like text). */
const KEY_HEADER = `-----BEGIN ${'PRIVATE'} KEY-----`;

/** The archive holds node.conf, a PEM certificate and a PEM private key. */
function checkPackage(path) {
  const listing = execFileSync('tar', ['-tzf', path], { encoding: 'utf8' }).split('\n').filter(Boolean);
  assert.deepEqual(listing.sort(), ['cert/node.crt', 'cert/node.key', 'node.conf']);
  const file = (name) => execFileSync('tar', ['-xzOf', path, name], { encoding: 'utf8' });
  assert.match(file('cert/node.crt'), /-----BEGIN CERTIFICATE-----/);
  assert.ok(file('cert/node.key').includes(KEY_HEADER), 'a PEM private key');
  return JSON.parse(file('node.conf'));
}

test('the wizard: rules beside their fields, review with the request, the package once, the device reports in', async () => {
  await page.goto(`${base}/devices`);
  await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Register device' }).click();
  await page.getByRole('heading', { name: 'Register a device', level: 1 }).waitFor();
  const name = page.getByLabel('Device name');
  // The rule's limits are said before they are broken, and describe the field.
  assert.match(await page.getByTestId('device-name-hint').textContent(), /^1–64 characters; may contain only Chinese characters/);
  assert.equal(await name.getAttribute('aria-describedby'), 'device-name-hint');
  await name.fill('bad name!');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByTestId('device-name-error').waitFor();
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  assert.equal(await name.getAttribute('aria-describedby'), 'device-name-error device-name-hint');
  // Named by its label, never the API's name for it.
  assert.match(await page.getByTestId('device-name-error').textContent(), /^Device name: may contain only/);
  await name.fill('edge-cam-1');
  assert.equal(await page.getByTestId('device-name-error').count(), 0, 'the rule follows the typing');
  await page.getByRole('button', { name: 'Add a row' }).click();
  await page.getByLabel('Key 1').fill('site');
  await page.getByLabel('Value 1').fill('sz');
  await page.getByTestId('log-app-on').check();
  await page.getByLabel('Size (MB, 10–1000)').fill('5');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByTestId('log-app-size-error').waitFor();
  await page.getByLabel('Size (MB, 10–1000)').fill('50');
  await c.shot('fleet-wizard-1-device');
  await page.getByRole('button', { name: 'Next' }).click();
  const json = JSON.parse(await page.getByTestId('request-json').textContent());
  assert.equal(json.node.name, 'edge-cam-1');
  assert.deepEqual(json.node.tags, [{ key: 'site', value: 'sz' }]);
  assert.equal(json.node.log_configs[0].size, 50);
  await c.shot('fleet-wizard-2-review');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByTestId('certificate').waitFor();
  await c.shot('fleet-wizard-3-certificate');

  // Leaving before the download asks; staying keeps the step.
  const asked = [];
  page.once('dialog', (d) => { asked.push(d.message()); d.dismiss(); });
  await nav().getByRole('link', { name: 'Firmware' }).click();
  await page.waitForTimeout(300);
  assert.match(asked.join(), /cannot be downloaded later/);
  await page.getByTestId('certificate').waitFor();
  assert.match(page.url(), /\/devices\/new/);

  // The back button asks too.
  page.once('dialog', (d) => { asked.push(d.message()); d.dismiss(); });
  await page.goBack();
  await page.waitForTimeout(300);
  assert.equal(asked.length, 2, 'Back asked');
  await page.getByTestId('certificate').waitFor();

  const saved = await saveDownload(() => page.getByRole('button', { name: 'Download the certificate package' }).click());
  assert.equal(saved.name, 'edge-cam-1.tar.gz');
  const conf = checkPackage(saved.path);
  assert.equal(conf.node_name, 'edge-cam-1');
  await page.getByTestId('downloaded').waitFor();

  // The state line turns RUNNING without a reload.
  await page.locator('[data-testid=device-status-line] [data-testid=device-state]', { hasText: 'Running' }).waitFor({ timeout: 15000 });
  // Saved: leaving no longer asks.
  let askedAgain = false;
  page.once('dialog', (d) => { askedAgain = true; d.accept(); });
  await page.getByRole('link', { name: "Open the device's page" }).click();
  await page.getByRole('heading', { name: 'edge-cam-1', level: 1 }).waitFor();
  assert.equal(askedAgain, false);
  page.removeAllListeners('dialog');
});

test('a batch of 50: the names previewed, all of them registered', async () => {
  await page.goto(`${base}/devices/new`);
  await page.getByLabel('Device name').fill('lot');
  await page.getByTestId('device-batch').check();
  await page.getByLabel('How many (2–100000)').fill('50');
  assert.match(await page.getByTestId('batch-preview').textContent(), /lot-1, lot-2, … lot-50/);
  await page.getByRole('button', { name: 'Next' }).click();
  assert.match(await page.getByTestId('review-names').textContent(), /lot-50/);
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByTestId('certificate').waitFor();
  await saveDownload(() => page.getByRole('button', { name: 'Download the certificate package' }).click());
  await page.goto(`${base}/devices?name=lot`);
  await page.getByTestId('total').filter({ hasText: /\b50\b/ }).waitFor();
});

test('bulk: stop three devices, tag them, filter by the tag, reload', async () => {
  await page.goto(`${base}/devices?name=lot`);
  // The live refresh waits while the pointer is on the rows.
  await page.mouse.move(0, 0);
  await page.locator('[data-testid=device-row] [data-testid=device-state]', { hasText: 'Running' }).first().waitFor({ timeout: 15000 });
  const picked = [];
  for (let i = 0; i < 3; i++) {
    picked.push((await rows().nth(i).getByTestId('device-link').textContent()).trim());
    await rows().nth(i).getByRole('checkbox', { name: 'Select this row' }).check();
  }
  await page.getByTestId('bulk-stop').click();
  // Stopping asks first, naming the devices.
  const ask = page.getByRole('alertdialog', { name: 'Stop devices' });
  for (const n of picked) await ask.getByTestId('impact-devices').getByText(n, { exact: true }).waitFor();
  await ask.getByText('No app instance runs on them.').waitFor();
  await ask.getByRole('button', { name: 'Stop devices' }).click();
  await page.getByTestId('bulk-count').filter({ hasText: '3 / 3' }).waitFor();
  assert.equal(await page.getByTestId('bulk-failures').count(), 0);
  await page.getByTestId('bulk-close').click();
  for (const n of picked) {
    await page.locator('[data-testid=device-row]', { has: page.getByRole('link', { name: n, exact: true }) })
      .getByTestId('device-state').filter({ hasText: 'Stopped' }).waitFor();
  }
  for (let i = 0; i < 3; i++) await rows().nth(i).getByRole('checkbox', { name: 'Select this row' }).check();
  await page.getByTestId('bulk-tags').click();
  const form = page.getByTestId('bulk-form');
  await form.getByLabel('Key 1').fill('rack');
  await form.getByLabel('Value 1').fill('r7');
  await form.getByRole('button', { name: 'Apply' }).click();
  await page.getByTestId('bulk-count').filter({ hasText: '3 / 3' }).waitFor();
  await page.getByLabel('Tags (key=value, comma separated)').fill('rack=r7');
  await page.getByTestId('device-search').click();
  await page.waitForURL(/tags=rack%3Dr7|tags=rack=r7/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=device-row]').length === 3);
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=device-row]').length === 3);
  const names = (await page.getByTestId('device-link').allTextContents()).map((t) => t.trim()).sort();
  assert.deepEqual(names, [...picked].sort());
});

test('CSV export of the shown page holds the filtered devices', async () => {
  await page.goto(`${base}/devices?tags=rack%3Dr7`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=device-row]').length === 3);
  const saved = await saveDownload(() => page.getByRole('button', { name: 'Export page as CSV' }).click());
  const lines = readFileSync(saved.path, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
  assert.equal(lines[0], 'Device ID,Device name,State,Activation,Provider,Arch,Firmware,Tags,Created');
  assert.equal(lines.length, 4);
  assert.ok(lines.slice(1).every((l) => l.includes(',STOPPED,') && l.includes('rack=r7')), lines.join('\n'));
  const all = await saveDownload(() => page.getByRole('button', { name: 'Export all as CSV' }).click());
  assert.equal(readFileSync(all.path, 'utf8').trim().split(/\r\n/).length, 4);
});

/** Opens the page of the device named `name`. */
async function openDevice(name) {
  await page.goto(`${base}/devices?name=${encodeURIComponent(name)}`);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

test('edit: a broken rule is shown and nothing is sent; then saved', async () => {
  await openDevice('edge-cam-1');
  await page.getByRole('button', { name: 'Edit' }).click();
  const description = page.getByTestId('edit-form').getByLabel('Description');
  await description.fill('bad <description>');
  const before = calls.length;
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('edit-description-error').waitFor();
  assert.equal(await description.inputValue(), 'bad <description>', 'the input is kept');
  assert.ok(!calls.slice(before).some((c) => c.startsWith('PUT')), 'nothing was sent');
  await description.fill('lobby camera');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('device-facts').getByText('lobby camera').waitFor();
  // Read-only facts are named without the form's allowed range (the edit form keeps it).
  await page.getByTestId('device-facts').getByText('Event validity (minutes)', { exact: true }).waitFor();
  assert.equal(await page.getByTestId('device-facts').getByText('Event validity (minutes, 1–43200)').count(), 0);
});

test('re-issue a certificate: a new package, with the same guard', async () => {
  await openDevice('edge-cam-1');
  await page.getByRole('tab', { name: 'Certificate' }).click();
  await page.getByRole('button', { name: 'Re-issue the certificate' }).click();
  await page.getByTestId('confirm-name').fill('edge-cam-1');
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('certificate').waitFor();
  const saved = await saveDownload(() => page.getByRole('button', { name: 'Download the certificate package' }).click());
  checkPackage(saved.path);
});

test('activate with a service order: its used amount grows and a record appears', async () => {
  await page.goto(`${base}/service-orders?type=running_service&device_type=lite_device`);
  const firstOrder = page.locator('[data-testid=service-order-row]').first();
  await firstOrder.waitFor();
  // Device classes and order types in words (as the API reference names them), not the API's values.
  await firstOrder.getByRole('cell', { name: 'Lightweight device', exact: true }).waitFor();
  assert.equal((await page.getByLabel('Device class').locator('option:checked').textContent()).trim(), 'Lightweight device');
  assert.equal((await page.getByLabel('Order type').locator('option:checked').textContent()).trim(), 'Professional edition');
  const orderId = (await firstOrder.getByTestId('service-order-id').textContent()).trim();
  const usedBefore = Number((await firstOrder.getByTestId('service-order-used').textContent()).match(/^\d+/)[0]);
  await openDevice('edge-cam-1');
  await page.getByRole('tab', { name: 'Activation' }).click();
  const choice = page.getByLabel('Running-service order').locator(`option[value="${orderId}"]`);
  assert.match(await choice.textContent(), /^Lightweight device — \d+ of \d+ left · /);
  await page.getByLabel('Running-service order').selectOption(orderId);
  await page.getByRole('button', { name: 'Activate' }).click();
  await page.getByTestId('deactivate').waitFor();
  await page.getByTestId('activation-record').first().waitFor();
  // Deactivating gives the unit back and is recorded; activating again takes it once more.
  await page.getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('button', { name: 'Activate' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=activation-record]').length === 2);
  await page.getByLabel('Running-service order').selectOption(orderId);
  await page.getByRole('button', { name: 'Activate' }).click();
  await page.getByTestId('deactivate').waitFor();
  await page.goto(`${base}/service-orders?type=running_service&device_type=lite_device`);
  const row = page.locator('[data-testid=service-order-row]', { hasText: orderId });
  await row.getByTestId('service-order-used').filter({ hasText: new RegExp(`^${usedBefore + 1} `) }).waitFor();
});

test('firmware: an upgrade runs to 100 % and the version changes; a misfit fails with its cause and an alarm', async () => {
  await openDevice('edge-cam-1');
  await page.getByRole('tab', { name: 'Firmware' }).click();
  assert.equal((await page.getByTestId('firmware-now').textContent()).trim(), '1.0.0');
  const choice = page.getByRole('combobox', { name: 'Firmware', exact: true });
  const target = await choice.locator('option', { hasText: '2.0.0' }).first().getAttribute('value');
  await choice.selectOption(target);
  await page.getByTestId('upgrade-apply').click();
  await page.getByTestId('upgrade-progress').waitFor();
  await page.getByTestId('firmware-now').filter({ hasText: '2.0.0' }).waitFor({ timeout: 15000 });
  await page.getByTestId('upgrade-record').first().waitFor();

  // A firmware for another architecture fails at 40 %, with the cause shown and an alarm raised.
  await page.getByTestId('upgrade-device-type').selectOption('Edge Server');
  // None of that model's firmwares is for this device's architecture: the choice is disabled,
  // and a line says why (rather than a drop-down offering "—" alone).
  await page.getByText('No fitting firmware').waitFor();
  assert.ok(await choice.isDisabled());
  await page.getByTestId('upgrade-other-arch').check();
  const misfit = await choice.locator('option', { hasText: 'x86_64' }).first().getAttribute('value');
  await choice.selectOption(misfit);
  await page.getByTestId('upgrade-apply').click();
  await page.getByTestId('upgrade-cause').waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId('upgrade-cause').textContent(), /x86_64/);
  await nav().getByRole('link', { name: 'Alarms' }).click();
  await page.locator('[data-testid=alarm-row]', { hasText: 'edge-cam-1' }).first().waitFor();
});

test('delete with force', async () => {
  await openDevice('lot-50');
  await page.getByRole('button', { name: 'Delete device' }).click();
  // Force is chosen inside the dialog that asks.
  await page.getByRole('alertdialog', { name: 'Delete device' }).getByTestId('device-delete-force').check();
  await page.getByTestId('confirm-name').fill('lot-50');
  await page.getByTestId('confirm-ok').click();
  // Back to the list as it was left (its filter kept).
  await page.waitForURL(/\/devices\?name=lot-50$/);
  await page.getByTestId('empty').waitFor();
});

test('the basic console list is a second view of the page', async () => {
  await page.goto(`${base}/devices`);
  const view = page.getByRole('group', { name: 'View' });
  await view.getByRole('button', { name: 'Compact' }).click();
  await page.waitForURL(/view=basic/);
  // One control with its choice shown, and the page is still the devices page.
  assert.equal(await view.getByRole('button', { name: 'Compact' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await view.getByRole('button', { name: 'Detailed' }).getAttribute('aria-pressed'), 'false');
  await page.getByRole('heading', { level: 1, name: 'Devices' }).waitFor();
  await c.shot('fleet-basic-list');
  await page.locator('[data-testid=basic-device-row]').first().waitFor();
});

test('no token or private key reached a log line, and no token the browser', async () => {
  assertNoSecrets(assert, seen);
  assert.equal(seen.output.find((l) => l.includes('PRIVATE KEY')), undefined, 'a private key in a log line');
  assert.equal(seen.console.find((l) => l.includes('PRIVATE KEY')), undefined, 'a private key in the browser console');
});
