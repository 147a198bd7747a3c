// End-to-end: operator safety and clarity (issue 21). Dialogs are real modal dialogs; stop,
// pause and delete ask first and say what they affect, by name; pages name devices and
// deployments instead of showing ids; pickers search the whole fleet; form errors name fields by
// their labels in the user's language; a deployment with a stopped device is Degraded; a job's
// start time is a real date and time in the user's zone, its types are the documented values and
// its JSON says where it breaks; a bulk firmware upgrade's notice ends when every device has; a
// deployment's Overview summarises its configuration and its rows keep Delete in a menu; an
// instance has a page; the device page's times are in the one style. In Debian's Chromium, by
// role and label, en-US and zh-CN.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { proxyBin, useConsole, assertNoSecrets, pageApi, recordedPage, signIn, shots } from './harness.mjs';

assert.ok(proxyBin, 'HILENS_PROXY_BIN must name the hilens-proxy binary');

// Devices connect 0.3 s after they are made; a firmware upgrade takes 6 s.
const c = useConsole('safety', { signInTo: '/devices', args: ['--emulator-connect-delay-ms', '300', '--emulator-upgrade-ms', '6000'] });
let page, base, project;
const ids = {};
const api = (method, path, body) => pageApi(page, method, path, body);
const ok = (r) => assert.ok(r.status < 300, JSON.stringify(r.body));
/** A 32-hex id, as the API makes them; none may show where a name belongs. */
const HEX_ID = /[0-9a-f]{32}/;

/** A deployment of one small app on `nodes`, its envs `envs`. */
const deployment = (name, nodes, envs = []) => ({
  name, source: 'userdefined', node_ids: nodes,
  deployment: { replicas: 1, template: { configs: { restart_policy: 'Always' },
    apps: [{ name: 'app', app_url: 'swr.cn-north-4.myhuaweicloud.com/hilens/app', version: '1.0.0', envs }] } },
});

before(async () => {
  ({ page, base } = await c.start());
  project = await page.evaluate(async () => (await (await fetch('/auth/session')).json()).project_id);
  // 60 devices fleet-1 … fleet-60, and edge-1, edge-2 for the deployments.
  for (const node of [{ name: 'fleet', batch: 60 }, { name: 'edge', batch: 2 }]) ok(await api('POST', `/v3/${project}/ai-mgr/nodes`, { node }));
  const nodes = (await api('GET', `/v3/${project}/ai-mgr/nodes?name=edge&limit=10`)).body.nodes;
  for (const n of nodes) ids[n.name] = n.id;
  assert.ok(ids['edge-1'] && ids['edge-2'], JSON.stringify(nodes));
  await page.waitForFunction(async ([p]) => {
    const r = await (await fetch(`/api/v3/${p}/ai-mgr/nodes?name=edge&status=RUNNING`, { headers: { 'X-HiLens-Console': '1' } })).json();
    return r.count === 2;
  }, [project], { timeout: 15000 });
  const created = await api('POST', `/v3/${project}/ai-mgr/deployments`, deployment('gate-app', [ids['edge-1'], ids['edge-2']]));
  ok(created);
  ids['gate-app'] = created.body.id;
  await page.waitForFunction(async ([p, id]) => {
    const d = await (await fetch(`/api/v3/${p}/ai-mgr/deployments/${id}`, { headers: { 'X-HiLens-Console': '1' } })).json();
    return d.state === 'RUNNING' && d.ready_replicas === 2;
  }, [project, ids['gate-app']], { timeout: 15000 });
});

const stateOf = async (name) => (await api('GET', `/v3/${project}/ai-mgr/nodes/${ids[name]}`)).body.state;
const inDialog = () => page.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]')));

test('a dialog takes the focus, keeps Tab inside, closes on Escape and gives the focus back', async () => {
  await page.goto(`${base}/devices/${ids['edge-1']}`);
  await page.getByRole('heading', { name: 'edge-1', level: 1 }).waitFor();
  const trigger = page.getByRole('button', { name: 'Delete device' });
  await trigger.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Delete device' });
  await dialog.waitFor();
  assert.ok(await inDialog(), 'the focus moved into the dialog');
  await dialog.getByText('gate-app').waitFor();
  await c.shot('safety-dialog-delete-device');
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await inDialog(), `Tab ${i + 1} stays in the dialog`);
  }
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Shift+Tab');
    assert.ok(await inDialog(), `Shift+Tab ${i + 1} stays in the dialog`);
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'device-delete', 'the focus is back on the trigger');
  assert.equal(await stateOf('edge-1'), 'RUNNING', 'nothing happened');
});

test('stop asks first and names the deployment on the device; nothing stops until confirmed; the toast undoes it', async () => {
  await page.goto(`${base}/devices/${ids['edge-1']}`);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Stop device' });
  await dialog.getByTestId('impact-deployments').getByRole('link', { name: 'gate-app' }).waitFor();
  assert.match(await dialog.getByTestId('impact-deployments').textContent(), /gate-app · 1 instance/);
  assert.match(await dialog.getByTestId('impact-devices').textContent(), /edge-1/);
  await c.shot('safety-stop-asks');
  assert.equal(await stateOf('edge-1'), 'RUNNING', 'not stopped while it asks');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await stateOf('edge-1'), 'RUNNING', 'not stopped after Cancel');

  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await dialog.getByRole('button', { name: 'Stop device' }).click();
  await page.getByTestId('device-state').filter({ hasText: 'Stopped' }).waitFor();
  assert.equal(await stateOf('edge-1'), 'STOPPED');
  // The toast offers to start it again.
  await page.getByTestId('toasts').getByRole('button', { name: 'Undo' }).click();
  await page.getByTestId('device-state').filter({ hasText: 'Running' }).waitFor({ timeout: 10000 });
  assert.equal(await stateOf('edge-1'), 'RUNNING');

  // In Chinese: the same dialog, its words and the impact in Chinese; Cancel stops nothing.
  await page.selectOption('header [data-testid=language]', 'zh-CN');
  await page.getByRole('button', { name: '停止', exact: true }).click();
  const zh = page.getByRole('alertdialog', { name: '停止设备' });
  await zh.getByTestId('impact-deployments').getByRole('link', { name: 'gate-app' }).waitFor();
  assert.match(await zh.getByTestId('impact-deployments').textContent(), /gate-app · 1 个实例/);
  assert.match(await zh.getByTestId('impact-devices').textContent(), /edge-1/);
  assert.ok(await inDialog(), 'the focus moved into the dialog');
  await c.shot('safety-stop-asks-zh');
  await zh.getByRole('button', { name: '取消' }).click();
  await zh.waitFor({ state: 'hidden' });
  assert.equal(await stateOf('edge-1'), 'RUNNING', 'not stopped after 取消');
  await page.selectOption('header [data-testid=language]', 'en-US');
});

test('a deployment with a stopped device shows Degraded (1/2) in the list and on its page, in English and Chinese', async () => {
  ok(await api('POST', `/v3/${project}/ai-mgr/nodes/${ids['edge-2']}/action/stop`));
  await page.goto(`${base}/deployments?name=gate-app`);
  const row = page.locator('[data-testid=deployment-row]', { has: page.getByRole('link', { name: 'gate-app', exact: true }) });
  await row.getByTestId('deployment-state').filter({ hasText: 'Degraded (1/2)' }).waitFor({ timeout: 10000 });
  await page.getByRole('link', { name: 'gate-app', exact: true }).click();
  await page.getByRole('heading', { name: 'gate-app', level: 1 }).waitFor();
  await page.getByTestId('deployment-facts').getByTestId('deployment-state').filter({ hasText: 'Degraded (1/2)' }).waitFor();
  // The section of its devices is "Devices", each by name; the stopped one says why in words.
  const devices = page.getByRole('region', { name: 'Devices' });
  await devices.getByRole('link', { name: 'edge-2' }).waitFor();
  await devices.getByText('The device is not running').waitFor();
  assert.doesNotMatch(await devices.getByTestId('rollout-table').textContent(), HEX_ID, 'devices by name, not id');
  await c.shot('safety-deployment-degraded');
  await page.selectOption('header [data-testid=language]', 'zh-CN');
  await page.getByTestId('deployment-facts').getByTestId('deployment-state').filter({ hasText: '降级 (1/2)' }).waitFor();
  await page.getByRole('region', { name: '设备' }).waitFor();
  await c.shot('safety-deployment-degraded-zh');
  await page.selectOption('header [data-testid=language]', 'en-US');
  ok(await api('POST', `/v3/${project}/ai-mgr/nodes/${ids['edge-2']}/action/start`));
});

test('the instances page names devices and deployments; its filter picks a device by name', async () => {
  await page.goto(`${base}/instances`);
  await page.getByRole('heading', { name: 'Instances', level: 1 }).waitFor();
  await page.getByTestId('pod-device').filter({ hasText: 'edge-1' }).waitFor();
  await page.getByTestId('pod-device').filter({ hasText: 'edge-2' }).waitFor();
  await page.getByTestId('pod-deployment').filter({ hasText: 'gate-app' }).first().waitFor();
  for (const cell of await page.locator('[data-testid=pod-device], [data-testid=pod-deployment]').allTextContents()) {
    assert.doesNotMatch(cell, HEX_ID, `a name, not an id: ${cell}`);
  }
  // The id stays at hand on hover.
  assert.equal(await page.getByTestId('pod-device').filter({ hasText: 'edge-1' }).getAttribute('title'), ids['edge-1']);
  await c.shot('safety-instances-names');
  const filter = page.getByRole('group', { name: 'Device', exact: true });
  await filter.getByRole('searchbox', { name: 'Device' }).fill('edge-2');
  await filter.getByRole('button', { name: 'edge-2', exact: true }).click();
  await page.waitForURL(new RegExp(`node_id=${ids['edge-2']}`));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=pod-row]').length === 1);
  await filter.getByTestId('pick-chosen').getByText('edge-2').waitFor();
});

test('the device picker searches the whole fleet: device 57 of 60 is found by name and listed by name', async () => {
  await page.goto(`${base}/deployments/new`);
  await page.getByRole('heading', { name: 'New deployment', level: 1 }).waitFor();
  const search = page.getByRole('searchbox', { name: 'Search devices' });
  // The first page says how many there are in all.
  await page.getByTestId('device-search-count').filter({ hasText: '20 / 62' }).waitFor();
  await search.fill('fleet-57');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=device-search-results] input').length === 1);
  await page.getByRole('checkbox', { name: /fleet-57/ }).check();
  await search.fill('');
  await page.getByTestId('device-search-chosen').getByText('fleet-57', { exact: true }).waitFor();
  await page.getByText('Chosen devices: 1').waitFor();
  assert.doesNotMatch(await page.getByTestId('device-search-chosen').textContent(), HEX_ID);
  await c.shot('safety-device-picker');
  await page.getByRole('button', { name: 'Remove fleet-57' }).click();
  await page.getByText('Chosen devices: 0').waitFor();
  // In Chinese it is the same searchbox, labelled in Chinese.
  await page.selectOption('header [data-testid=language]', 'zh-CN');
  await page.getByRole('searchbox', { name: '搜索设备' }).waitFor();
  await page.selectOption('header [data-testid=language]', 'en-US');
});

test('an invalid deployment form names each field by its label, never an API path, in English and Chinese', async () => {
  await page.goto(`${base}/deployments/new`);
  await page.getByRole('heading', { name: 'New deployment', level: 1 }).waitFor();
  const name = page.getByTestId('sec-basics').getByLabel('Name', { exact: true });
  // Limits are said before they are broken, under the field, and read out with it.
  assert.match(await page.getByTestId('f-name-hint').textContent(), /1–32 characters/);
  assert.equal(await name.getAttribute('aria-describedby'), 'f-name-hint');
  await name.fill('Bad_Name');
  // Leaves the field first, so the message its blur brings has moved the layout.
  await page.evaluate(() => document.activeElement?.blur());
  const app = page.getByRole('group', { name: 'App 1', exact: true });
  await app.getByRole('button', { name: 'Add Port' }).click();
  await app.getByRole('group', { name: 'Port 1', exact: true }).getByLabel('Container port (1–65535)').fill('70000');
  await page.evaluate(() => document.activeElement?.blur());
  await page.getByRole('button', { name: 'Create' }).click();
  const summary = page.getByTestId('ed-summary');
  await summary.waitFor();
  const check = async (labels) => {
    const items = await summary.getByRole('listitem').allTextContents();
    for (const t of items) {
      assert.doesNotMatch(t, /\[\d+\]|[a-z]\.[a-z]|[a-z]_[a-z]/, `no API path or name in: ${t}`);
    }
    for (const label of labels) assert.ok(items.some((t) => t.startsWith(label)), `${label} in ${items.join(' | ')}`);
    const fieldMessages = await page.locator('[data-testid$=-error]').allTextContents();
    for (const t of fieldMessages) assert.doesNotMatch(t, /\[\d+\]|deployment\.|[a-z]_[a-z]/, `beside a field: ${t}`);
  };
  await check(['Name: ', 'Choose devices: choose at least one device', 'App 1 › App name: ', 'App 1 › Image URL: ', 'App 1 › Port 1 › Container port: ']);
  await c.shot('safety-deployment-errors');
  await page.selectOption('header [data-testid=language]', 'zh-CN');
  await summary.getByText('请修正以下问题').waitFor();
  await check(['名称：', '选择设备：请至少选择一台设备', '应用 1 › 应用名称：', '应用 1 › 端口 1 › 容器端口：']);
  await c.shot('safety-deployment-errors-zh');
  await page.selectOption('header [data-testid=language]', 'en-US');
  await page.getByRole('button', { name: 'Discard the draft' }).click().catch(() => {});
});

test('deleting a config map used by the 101st-newest deployment names that deployment', async () => {
  const workspace = await page.evaluate(() => localStorage.getItem('hilens.workspace') || undefined);
  ok(await api('POST', `/v3/${project}/ai-mgr/configmaps`, { configmap: { name: 'shared-settings', configs: [{ key: 'LOG_LEVEL', value: 'info' }] }, workspace_id: workspace }));
  const uses = [{ name: 'LOG_LEVEL', value_from: { configmap: { name: 'shared-settings', key: 'LOG_LEVEL' } } }];
  ok(await api('POST', `/v3/${project}/ai-mgr/deployments`, deployment('cm-user', [ids['edge-1']], uses)));
  for (let i = 1; i <= 100; i++) ok(await api('POST', `/v3/${project}/ai-mgr/deployments`, deployment(`filler-${i}`, [ids['edge-2']])));
  const newest = (await api('GET', `/v3/${project}/ai-mgr/deployments?limit=100`)).body.deployments.map((d) => d.name);
  assert.ok(!newest.includes('cm-user'), 'the user is beyond the newest 100');

  await page.goto(`${base}/configmaps`);
  await page.getByRole('link', { name: 'shared-settings' }).click();
  await page.getByRole('heading', { name: 'shared-settings', level: 1 }).waitFor();
  await page.getByTestId('used-by').getByRole('link', { name: 'cm-user' }).waitFor({ timeout: 15000 });
  await page.getByRole('button', { name: 'Delete config map' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete config map' });
  await dialog.getByRole('link', { name: 'cm-user' }).waitFor();
  await dialog.getByText('Deployments still use it').waitFor();
  await c.shot('safety-configmap-in-use');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
});

test("a job's start time refuses free text; a real one is sent with the user's offset and shown in their zone", async () => {
  // A browser in New York: the offset and the display follow it.
  const browser = page.context().browser();
  const seen = { responses: [], console: [], output: [] };
  const ctx = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York', viewport: { width: 1280, height: 860 } });
  const ny = await ctx.newPage();
  ny.setDefaultTimeout(15000);
  await signIn(ny, base, `/jobs/new?deployment_id=${ids['gate-app']}`);
  const posts = [];
  ny.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/task')) posts.push(r.url()); });
  const form = ny.getByTestId('job-form');
  await form.getByLabel('Job name').fill('night-count');
  await form.getByLabel('Input type').selectOption('camera');
  await form.getByLabel('Output type').selectOption('dis');
  const start = form.getByLabel('Start time (YYYY-MM-DD HH:MM)');
  await start.fill('tomorrow 9am');
  await form.getByRole('button', { name: 'Save' }).click();
  assert.equal(await start.getAttribute('aria-invalid'), 'true');
  const described = await start.getAttribute('aria-describedby');
  assert.match(await ny.locator(`#${described}`).textContent(), /^Start time: must be a date and time as YYYY-MM-DD HH:MM/);
  assert.equal(posts.length, 0, 'free text is not sent');
  assert.match(await form.getByTestId('job-zone').textContent(), /UTC-05:00/);
  await ny.screenshot({ path: join(shots, 'safety-job-start-time.png'), fullPage: true });
  await start.fill('2030-01-02 09:00');
  await form.getByRole('button', { name: 'Save' }).click();
  await ny.getByRole('heading', { name: 'night-count', level: 1 }).waitFor();
  const taskId = ny.url().split('/').pop();
  const task = await pageApi(ny, 'GET', `/v3/${project}/ai-mgr/deployments/${ids['gate-app']}/tasks/${taskId}`);
  assert.equal(task.body.start_time_info?.start_time, '2030-01-02 09:00:00 GMT-05:00', JSON.stringify(task.body));
  const schedule = ny.getByTestId('job-schedule');
  assert.match(await schedule.textContent(), /Jan 2, 2030.*09:00/);
  assert.match(await schedule.locator('time').getAttribute('title'), /EST/);
  await ctx.close();
  void seen;
});

test("a bulk firmware upgrade's notice ends only when every device has", async () => {
  await page.goto(`${base}/firmware`);
  const row = page.locator('[data-testid=firmware-row]', { hasText: '2.0.0' }).filter({ hasText: 'aarch64' }).filter({ hasText: 'HiLens' }).first();
  await row.getByRole('button', { name: 'Upgrade devices to this' }).click();
  const form = page.getByTestId('rollout-form');
  for (const n of ['edge-1', 'edge-2']) await form.getByRole('checkbox', { name: new RegExp(`^${n} `) }).check();
  await form.getByRole('button', { name: 'Upgrade the selected devices' }).click();
  const notice = page.getByTestId('bulk-notice');
  await notice.waitFor();
  const progress = async (name) => (await api('GET', `/v3/${project}/node-manager/node/${ids[name]}/firmware/upgrade-progress`)).body;
  // Both upgrades are requested within a second; the notice keeps running while they go on.
  await page.waitForTimeout(1500);
  const early = [await progress('edge-1'), await progress('edge-2')];
  assert.ok(early.some((p) => p.status === 1), `still upgrading: ${JSON.stringify(early)}`);
  assert.match(await notice.textContent(), /Running/);
  assert.doesNotMatch(await notice.textContent(), /Finished/);
  await c.shot('safety-bulk-upgrade-running');
  await notice.getByText('Finished').waitFor({ timeout: 30000 });
  const late = [await progress('edge-1'), await progress('edge-2')];
  assert.deepEqual(late.map((p) => p.status), [3, 3], `every device has finished: ${JSON.stringify(late)}`);
  assert.match(await notice.getByTestId('bulk-count').textContent(), /2 \/ 2/);
  await c.shot('safety-bulk-upgrade-finished');
});

test("a job's types are the documented values; its JSON is typed on lines and a parse error names the line and column", async () => {
  await page.goto(`${base}/jobs/new?deployment_id=${ids['gate-app']}`);
  await page.getByRole('heading', { name: 'New job', level: 1 }).waitFor();
  const posts = [];
  const seen = (r) => { if (r.method() === 'POST' && r.url().includes('/task')) posts.push(r.url()); };
  page.on('request', seen);
  const form = page.getByTestId('job-form');
  await form.getByLabel('Job name').fill('line-count');
  // The types are the model's lists, chosen, not typed.
  const input = form.getByLabel('Input type');
  assert.equal(await input.evaluate((e) => e.tagName), 'SELECT');
  assert.deepEqual(await input.locator('option').allTextContents(), ['Camera (camera)', 'VCN channel (vcn)']);
  assert.deepEqual(await form.getByLabel('Output type').locator('option').allTextContents(), ['DIS stream (dis)']);
  await input.selectOption('vcn');
  // The data are typed on several lines; a broken text says where it breaks.
  const data = form.getByLabel('Input data (a JSON object)');
  assert.equal(await data.evaluate((e) => e.tagName), 'TEXTAREA');
  await data.fill('{\n  "channel": "vcn-7",\n  oops\n}');
  await data.blur();
  await form.getByRole('button', { name: 'Save' }).click();
  assert.equal(await data.getAttribute('aria-invalid'), 'true');
  const message = page.locator(`#${await data.getAttribute('aria-describedby')}`);
  assert.equal(await message.textContent(), 'Input data: is not valid JSON: line 3, column 3');
  assert.equal(posts.length, 0, 'a broken JSON is not sent');
  await c.shot('safety-job-json-error');
  await page.selectOption('header [data-testid=language]', 'zh-CN');
  await message.filter({ hasText: '第 3 行第 3 列' }).waitFor();
  await page.selectOption('header [data-testid=language]', 'en-US');
  // An array is JSON, but no object.
  await data.fill('[1, 2]');
  await message.filter({ hasText: 'must be a JSON object' }).waitFor();
  await data.fill('{\n  "channel": "vcn-7"\n}');
  await page.waitForFunction(() => document.querySelector('[data-testid="job-data-streams-0--input-data"]')?.getAttribute('aria-invalid') === 'false');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'line-count', level: 1 }).waitFor();
  page.off('request', seen);
  const taskId = page.url().split('/').pop();
  const task = await api('GET', `/v3/${project}/ai-mgr/deployments/${ids['gate-app']}/tasks/${taskId}`);
  assert.deepEqual(task.body.streams[0].input, { type: 'vcn', data: { channel: 'vcn-7' } }, JSON.stringify(task.body));
  assert.equal(task.body.streams[0].outputs[0].type, 'dis');
  // The API refuses a type outside the lists, naming the field.
  const other = await api('POST', `/v3/${project}/ai-mgr/deployments/${ids['gate-app']}/tasks`, {
    name: 'other-type', data: { streams: [{ input: { type: 'rtsp', data: {} }, outputs: [{ type: 'dis', data: {} }] }] } });
  assert.equal(other.status, 400, JSON.stringify(other.body));
  assert.match(other.body.error_msg, /input\.type/);
});

test("a deployment's Overview summarises its configuration; each device row keeps Delete in a menu, which asks and names the device", async () => {
  const app = {
    name: 'web', app_url: 'swr.cn-north-4.myhuaweicloud.com/hilens/web', version: '2.1.0',
    envs: [{ name: 'LOG_LEVEL', value: 'debug' }],
    ports: [{ container_port: 8080, host_port: 30080 }],
    liveness_probe: { http_get: { path: '/healthz', port: 8080 }, initial_delay_seconds: 10, timeout_seconds: 3 },
  };
  const created = await api('POST', `/v3/${project}/ai-mgr/deployments`, {
    name: 'web-app', source: 'userdefined', node_ids: [ids['edge-1'], ids['edge-2']],
    deployment: { replicas: 1, template: { configs: { restart_policy: 'OnFailure' }, apps: [app] } } });
  ok(created);
  ids['web-app'] = created.body.id;
  await page.goto(`${base}/deployments/${ids['web-app']}`);
  await page.getByRole('heading', { name: 'web-app', level: 1 }).waitFor();
  const config = page.getByRole('region', { name: 'Configuration' });
  await config.getByRole('heading', { name: 'web', level: 3 }).waitFor();
  assert.equal(await config.getByTestId('config-ports').textContent(), '8080 → host 30080');
  assert.equal(await config.getByTestId('config-envs').textContent(), 'LOG_LEVEL = debug');
  assert.equal(await config.getByTestId('config-liveness').textContent(), 'GET :8080/healthz · after 10 s · timeout 3 s');
  assert.equal(await config.getByTestId('config-readiness').textContent(), 'none');
  await config.getByText('Restart on failure').waitFor();

  // No red Delete in the rows: it waits behind each row's menu.
  const devices = page.getByRole('region', { name: 'Devices' });
  await devices.getByRole('link', { name: 'edge-2' }).waitFor();
  assert.equal(await devices.getByRole('button', { name: /Delete/ }).count(), 0, 'no Delete button in the rows');
  const row = devices.locator('[data-testid=rollout-row]', { has: page.getByRole('link', { name: 'edge-1' }) });
  const more = row.getByRole('button', { name: /^More actions for / });
  assert.equal(await more.getAttribute('aria-expanded'), 'false');
  await more.click();
  assert.equal(await more.getAttribute('aria-expanded'), 'true');
  await row.getByRole('button', { name: 'Delete instance…' }).waitFor();
  await c.shot('safety-row-menu');
  // Escape closes it and gives the focus back to its button.
  await page.keyboard.press('Escape');
  await row.getByRole('button', { name: 'Delete instance…' }).waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'pod-more');
  // A click elsewhere closes it too.
  await more.click();
  await row.getByRole('button', { name: 'Delete instance…' }).waitFor();
  await page.getByRole('heading', { name: 'web-app', level: 1 }).click();
  await row.getByRole('button', { name: 'Delete instance…' }).waitFor({ state: 'hidden' });
  // Delete asks, naming the device and the deployment; Cancel deletes nothing.
  await more.click();
  await row.getByRole('button', { name: 'Delete instance…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete instance' });
  await dialog.getByTestId('pod-impact').getByText('edge-1').waitFor();
  await dialog.getByTestId('pod-impact').getByText('web-app').waitFor();
  assert.match(await dialog.getByTestId('pod-impact').textContent(), /the deployment stays/);
  await c.shot('safety-row-delete-asks');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const pods = await api('GET', `/v3/${project}/ai-mgr/pods?deployment_id=${ids['web-app']}`);
  assert.equal(pods.body.count, 2, 'nothing deleted');
});

test('an instance has a page: its facts, device and deployment by name, its configuration, pause and resume; it says the API has no logs', async () => {
  await page.goto(`${base}/instances?deployment_id=${ids['web-app']}`);
  await page.getByRole('heading', { name: 'Instances', level: 1 }).waitFor();
  const row = page.locator('[data-testid=pod-row]', { has: page.getByTestId('pod-device').filter({ hasText: 'edge-2' }) });
  const name = (await row.getByTestId('pod-name').textContent()).trim();
  await row.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  const facts = page.getByTestId('instance-facts');
  await facts.getByRole('link', { name: 'edge-2' }).waitFor();
  await facts.getByRole('link', { name: 'web-app' }).waitFor();
  await facts.getByTestId('pod-status').filter({ hasText: 'Running' }).waitFor();
  assert.doesNotMatch(await facts.getByTestId('instance-device').textContent(), HEX_ID);
  assert.match(await page.getByTestId('instance-no-logs').textContent(), /no logs or events/);
  await page.getByTestId('instance-no-logs').getByRole('link', { name: 'Alarms of this device' }).waitFor();
  await page.getByRole('region', { name: 'Configuration' }).getByTestId('config-ports').filter({ hasText: '8080 → host 30080' }).waitFor();
  await c.shot('safety-instance-page');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await facts.getByTestId('pod-status').filter({ hasText: 'Paused' }).waitFor({ timeout: 10000 });
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await facts.getByTestId('pod-status').filter({ hasText: 'Running' }).waitFor({ timeout: 10000 });
  // In Chinese, the same page in Chinese.
  await page.selectOption('header [data-testid=language]', 'zh-CN');
  await page.getByTestId('instance-no-logs').filter({ hasText: '不提供单个实例的日志或事件' }).waitFor();
  await page.getByRole('region', { name: '配置' }).waitFor();
  await page.selectOption('header [data-testid=language]', 'en-US');
  // Delete from its page asks too, and goes back to the list.
  await page.getByRole('button', { name: 'Delete instance' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete instance' });
  await dialog.getByTestId('pod-impact').getByText('edge-2').waitFor();
  await dialog.getByTestId('confirm-name').fill(name);
  await dialog.getByRole('button', { name: 'Delete instance' }).click();
  await page.getByRole('heading', { name: 'Instances', level: 1 }).waitFor();
  const pods = await api('GET', `/v3/${project}/ai-mgr/pods?deployment_id=${ids['web-app']}`);
  assert.equal(pods.body.count, 1, JSON.stringify(pods.body));
});

test("the device page's times are in the console's one style, not raw ISO", async () => {
  await page.goto(`${base}/devices/${ids['edge-1']}`);
  await page.getByRole('heading', { name: 'edge-1', level: 1 }).waitFor();
  const facts = page.getByTestId('device-facts');
  const updated = facts.locator('dt', { hasText: /^Updated$/ }).locator('xpath=following-sibling::dd[1]');
  await updated.locator('time').waitFor();
  assert.doesNotMatch(await updated.textContent(), /\d{4}-\d\d-\d\dT\d\d:/, 'no raw ISO time');
  assert.ok(await updated.locator('time').getAttribute('title'), 'the full time on hover');
});

test('no token reached the browser', async () => {
  assertNoSecrets(assert, c.seen);
  void recordedPage;
});
