// End-to-end: the overview of a fleet that grows from nothing, in Debian's Chromium against the
// real proxy and its embedded emulator: an empty fleet is led to register its first device;
// alarms counted by level (paged through: the API has no level filter) equal the alarms list
// that the console filters by level; an upgrade in progress shows its progress.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { proxyBin, useConsole, pageApi, assertNoSecrets } from './harness.mjs';

assert.ok(proxyBin, 'HILENS_PROXY_BIN must name the hilens-proxy binary');

// Devices connect at once; an upgrade takes 30 s, so one is still running while the other's
// misfit has failed (at 40 %, 12 s) and raised its alarm.
const c = useConsole('overview', { signInTo: '/', args: ['--emulator-connect-delay-ms', '0', '--emulator-upgrade-ms', '30000'] });
let page, base, project;

before(async () => {
  ({ page, base } = await c.start());
  project = await page.evaluate(async () => (await (await fetch('/auth/session')).json()).project_id);
});

const api = (method, path, body) => pageApi(page, method, path, body);
const card = (name) => page.getByRole('region', { name, exact: true });

test('an empty fleet is led to register its first device, in English and in Chinese', async () => {
  await page.goto(`${base}/`);
  const start = page.getByRole('region', { name: 'Register your first device' });
  await start.waitFor();
  assert.equal((await card('Devices').getByTestId('overview-total').textContent()).trim(), '0');
  await c.shot('overview-empty');
  await page.getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('region', { name: '注册第一台设备' }).getByRole('link', { name: '注册设备' }).waitFor();
  await page.getByLabel('语言').selectOption('en-US');
  await start.getByRole('link', { name: 'Register a device' }).click();
  await page.waitForURL((u) => u.pathname === '/devices/new');
});

test('alarms by level equal the alarms list filtered by level; an upgrade in progress shows its progress', async () => {
  await api('POST', `/v3/${project}/ai-mgr/nodes`, { node: { name: 'cam', batch: 2 } });
  const nodes = (await api('GET', `/v3/${project}/ai-mgr/nodes?limit=10&name=cam`)).body.nodes;
  assert.equal(nodes.length, 2);
  const firmware = async (type) => (await api('GET', `/v3/ai-mgr/firmwares?device_type=${encodeURIComponent(type)}`)).body.firmwares;
  const fits = (await firmware('HiLens Kit')).find((f) => f.arch === 'aarch64');
  const misfit = (await firmware('Edge Server')).find((f) => f.arch !== 'aarch64');
  for (const [node, fw] of [[nodes[0], misfit], [nodes[1], fits]]) {
    const r = await api('PUT', `/v3/${project}/node-manager/node/${node.id}/firmware/${fw.id}`);
    assert.ok(r.status < 300, JSON.stringify(r.body));
  }

  await page.goto(`${base}/`);
  const upgrades = card('Firmware upgrades in progress');
  await upgrades.getByTestId('overview-upgrade').first().waitFor();
  assert.equal(await upgrades.getByRole('progressbar', { name: 'Upgrade progress' }).count(), 2);
  assert.equal(await page.getByRole('region', { name: 'Register your first device' }).count(), 0);

  // The misfit fails at 40 % and raises a major alarm.
  for (let i = 0; i < 100; i++) {
    if ((await api('GET', `/v1/${project}/alarm-manager/alarms?limit=1`)).body.total > 0) break;
    await page.waitForTimeout(200);
  }
  await page.reload();
  const alarms = card('Alarms');
  await alarms.getByTestId('overview-total').filter({ hasText: '1' }).waitFor();
  assert.match(await alarms.textContent(), /Major\s*1\b/);
  assert.equal(await alarms.getByTestId('overview-alarm').count(), 1);
  // One upgrade still runs, with its progress.
  assert.equal(await card('Firmware upgrades in progress').getByTestId('overview-upgrade').count(), 1);
  await c.shot('overview-alarm-upgrade');
  for (const [level, n] of [['major', '1'], ['critical', '0'], ['minor', '0']]) {
    const link = alarms.locator(`a[href="/alarms?level=${level}"]`);
    assert.equal((await link.textContent()).trim(), n, level);
    await link.click();
    await page.getByRole('heading', { name: 'Alarms', level: 1 }).waitFor();
    await page.getByTestId('total').filter({ hasText: new RegExp(`\\b${n}\\b`) }).waitFor();
    assert.equal(await page.getByTestId('alarm-filter-level').inputValue(), level);
    assert.equal(await page.getByTestId('alarm-level').count(), Number(n));
    await page.goBack();
    await alarms.getByTestId('overview-total').waitFor();
  }
  assertNoSecrets(assert, c.seen);
});
