// End-to-end: staged roll-outs in Debian's Chromium, by role and label, against the real proxy
// and its embedded emulator (instances start 300 ms after they are added; version 9.9.9-bad
// fails, a test aid: --emulator-fail-versions). The form and its dry-run preview; the live page
// through a rollback and through pause / resume (with a fixed version), abort and rollback; the
// "rolling out" badges; a roll-out of 30 devices in 4 waves, whose timeline (from the roll-out's
// GET) goes to target/e2e/rollout-timeline.txt.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { proxyBin, shots, useConsole, assertNoSecrets, pageApi } from './harness.mjs';

assert.ok(proxyBin, 'HILENS_PROXY_BIN must name the hilens-proxy binary');

const BAD = '9.9.9-bad';
const c = useConsole('rollouts', {
  signInTo: '/deployments',
  args: ['--emulator-connect-delay-ms', '300', '--emulator-fail-versions', BAD],
});
let page, base, project;
const api = (method, path, body) => pageApi(page, method, path, body);
/** A call of the proxy's own roll-out routes from the page. */
const portal = (method, path, body) => page.evaluate(async ([m, p, b]) => {
  const r = await fetch(p, { method: m, headers: { 'Content-Type': 'application/json', 'X-HiLens-Console': '1' }, body: b ? JSON.stringify(b) : undefined });
  return { status: r.status, body: await r.json().catch(() => null) };
}, [method, path, body]);

/** Registers `count` devices named `<name>-1` … and answers their ids in that order. */
async function devices(name, count) {
  const made = await api('POST', `/v3/${project}/ai-mgr/nodes`, { node: { name, batch: count } });
  assert.ok(made.status < 300, JSON.stringify(made.body));
  const listed = await api('GET', `/v3/${project}/ai-mgr/nodes?limit=100&name=${name}-`);
  const nodes = listed.body.nodes.filter((n) => new RegExp(`^${name}-\\d+$`).test(n.name));
  assert.equal(nodes.length, count);
  return nodes.sort((a, b) => Number(a.name.split('-').pop()) - Number(b.name.split('-').pop())).map((n) => n.id);
}

/** A deployment of version 1.0.0 on `nodeIds`, Running on every one. */
async function deploy(name, nodeIds) {
  const made = await api('POST', `/v3/${project}/ai-mgr/deployments`, {
    name, source: 'userdefined', node_ids: nodeIds,
    deployment: { replicas: 1, template: { configs: { host_network: false, restart_policy: 'Always' },
      apps: [{ name: 'detector', app_url: 'swr.cn-north-4.myhuaweicloud.com/hilens/detector', version: '1.0.0',
        resources: { limits: { cpu: '0.25', memory: '128' }, requests: {} } }] } },
  });
  assert.ok(made.status < 300, JSON.stringify(made.body));
  const id = made.body.id;
  for (let i = 0; i < 100; i++) {
    const pods = await api('GET', `/v3/${project}/ai-mgr/pods?deployment_id=${id}&limit=100`);
    if (pods.body.pods?.length === nodeIds.length && pods.body.pods.every((p) => p.status === 'Running')) return id;
    await page.waitForTimeout(200);
  }
  assert.fail(`${name} did not start on every device`);
}

let gate;
before(async () => {
  ({ page, base } = await c.start());
  project = await page.evaluate(async () => (await (await fetch('/auth/session')).json()).project_id);
  gate = await deploy('gate', await devices('cam', 4));
});

const form = () => page.getByTestId('deployment-rollout-form');
const preview = () => page.getByRole('region', { name: 'Preview' });
const waves = () => preview().getByRole('listitem').filter({ has: page.locator('strong') });
/** Leaves the focused field, so its rule speaks. */
const settle = () => page.evaluate(() => document.activeElement?.blur());
const stateFact = () => page.getByTestId('rollout-state-fact');

/** Opens the form from the deployment's page and fills it in (fields by their labels). */
async function fillForm({ version, waveText, soak = '0', onFailure = 'pause', timeout = '30' }) {
  await page.goto(`${base}/deployments/${gate}`);
  await page.getByRole('heading', { name: /^(gate|fleet)/, level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Roll out a new version' }).click();
  await form().waitFor();
  await form().getByLabel('New version (every app)').fill(version);
  await form().getByLabel('Waves (cumulative targets)').fill(waveText);
  await form().getByLabel('Soak (seconds)').fill(soak);
  await form().getByLabel('Wave timeout (seconds)').fill(timeout);
  await form().getByLabel('On failure').selectOption(onFailure);
  await settle();
}

/** Waits until the live page's state reads `name` (its badge: the name, then what it means). */
async function untilState(name, timeout = 60000) {
  await stateFact().filter({ hasText: new RegExp(`^${name}:`) }).waitFor({ timeout });
}

test('the form checks each field as it is typed and previews every wave by device name', async () => {
  await fillForm({ version: '2.0/0', waveText: '1, 50%, 100%' });
  const version = form().getByLabel('New version (every app)');
  assert.equal(await version.getAttribute('aria-invalid'), 'true');
  await form().getByRole('alert').filter({ hasText: /^New version: may contain only letters/ }).waitFor();
  await page.getByText('Once the form is filled in, each wave\'s devices show here by name.').waitFor();

  await version.fill('2.0.0');
  await waves().first().waitFor();
  assert.deepEqual(await waves().allTextContents().then((t) => t.map((x) => x.replace(/\s+/g, ' ').trim())), [
    'Wave 1 · +1 (1 / 4): cam-1',
    'Wave 2 · +1 (2 / 4): cam-2',
    'Wave 3 · +2 (4 / 4): cam-3cam-4',
  ]);
  await preview().getByText('1.0.0 → 2.0.0 (gate-r2) · 4 devices').waitFor();

  // A wave's own rule, as typed: which wave, by the field's label.
  const waveField = form().getByLabel('Waves (cumulative targets)');
  await waveField.fill('1, 0%, 100%');
  await form().getByRole('alert').filter({ hasText: 'Waves: wave 2: must be from 1% to 100%' }).waitFor();
  assert.equal(await waveField.getAttribute('aria-invalid'), 'true');
  // One the dry run finds (the targets are cumulative): at the field, and in the preview.
  await waveField.fill('2, 50%, 25%, 100%');
  await preview().getByRole('alert').filter({ hasText: /^Waves 3: is a cumulative target and must not be below the wave before it \(2 devices\)/ }).waitFor();
  await form().getByTestId('rollout-waves-error').filter({ hasText: 'Waves: wave 3: is a cumulative target' }).waitFor();
  await waveField.fill('1, 100%');
  await waves().nth(1).getByText('cam-4').waitFor();
  await c.shot('rollouts-01-form');
  // Nothing was made.
  const listed = await portal('GET', `/portal/rollouts?deployment_id=${gate}`);
  assert.equal(listed.body.total, 0);
});

test('a failing version trips the gate in wave 1 and rolls back by itself: the live page follows', async () => {
  await fillForm({ version: BAD, waveText: '1, 100%', onFailure: 'rollback' });
  await waves().nth(1).waitFor();
  await form().getByRole('button', { name: 'Start roll-out' }).click();
  await page.waitForURL(/\/deployments\/[^/]+\/rollouts\/[^/?]+$/);
  await page.getByRole('heading', { name: 'Roll-out: gate → gate-r2', level: 1 }).waitFor();
  await untilState('Rolled back');
  const steps = page.getByTestId('rollout-waves').getByRole('listitem');
  assert.equal(await steps.count(), 2);
  const first = steps.nth(0);
  await first.getByText('Rolled back').first().waitFor();
  assert.deepEqual(await first.getByTestId('rollout-device').allTextContents(), ['cam-1']);
  assert.equal(await first.getByTestId('device-step').textContent(), 'Returned');
  // Only wave 1 was touched.
  const second = steps.nth(1);
  assert.deepEqual(await second.getByTestId('rollout-device').allTextContents(), ['cam-2', 'cam-3', 'cam-4']);
  assert.deepEqual([...new Set(await second.getByTestId('device-step').allTextContents())], ['Waiting']);
  const events = await page.getByTestId('timeline-row').locator('code').allTextContents();
  for (const e of ['created', 'device_failed', 'gate_tripped', 'rollback_started', 'rolled_back']) {
    assert.ok(events.includes(e), `${e} is in the timeline: ${events.join(', ')}`);
  }
  await page.getByTestId('rollout-reason').getByText(/max_failures/).waitFor();
  // Nothing is left to do with it.
  assert.equal(await page.getByRole('button', { name: /^(Pause|Resume|Promote|Abort|Roll back)$/ }).count(), 0);
  await c.shot('rollouts-02-rolled-back');
  // Every device is back on the old version, Running.
  const pods = await api('GET', `/v3/${project}/ai-mgr/pods?deployment_id=${gate}&limit=100`);
  assert.equal(pods.body.pods.length, 4);
  // The deployment's roll-outs tab lists it.
  await page.getByRole('link', { name: '← gate' }).click();
  await page.getByRole('tab', { name: 'Roll-outs' }).waitFor();
  await page.getByTestId('rollout-list-row').first().getByText('Rolled back').waitFor();
});

test('paused by its gate, it shows the badges; resumed with a fixed version, it finishes', async () => {
  await fillForm({ version: BAD, waveText: '1, 100%', onFailure: 'pause' });
  await waves().nth(1).waitFor();
  await form().getByRole('button', { name: 'Start roll-out' }).click();
  await page.waitForURL(/\/rollouts\/[^/?]+$/);
  const live = page.url();
  await untilState('Paused');
  await page.getByTestId('rollout-reason').getByText(/max_failures/).waitFor();
  // A paused roll-out offers resume, promote, abort and rollback, not pause.
  for (const name of ['Resume', 'Promote', 'Abort', 'Roll back']) await page.getByRole('button', { name, exact: true }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Pause', exact: true }).count(), 0);

  // The badges: on the deployments list and on the deployment's page, each leading here.
  await page.goto(`${base}/deployments`);
  const row = page.getByTestId('deployment-row').filter({ has: page.getByRole('link', { name: 'gate', exact: true }) });
  await row.getByRole('link', { name: 'Rolling out' }).waitFor();
  await page.goto(`${base}/deployments/${gate}`);
  await page.getByRole('link', { name: 'Rolling out' }).click();
  await page.waitForURL(live);
  await untilState('Paused');

  // Resume asks first, and may fix the version.
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  const ask = page.getByRole('alertdialog', { name: 'Resume the roll-out' });
  await ask.getByLabel('Fixed version (optional)').fill('2.0.1');
  await c.shot('rollouts-03-resume');
  await ask.getByRole('button', { name: 'Resume' }).click();
  await untilState('Succeeded');
  const steps = page.getByTestId('rollout-waves').getByRole('listitem');
  assert.deepEqual([...new Set(await steps.getByTestId('device-step').allTextContents())], ['Done']);
  // The old deployment is gone: the page says so and leads back to the new one.
  await page.getByTestId('rollout-facts').getByText('gate (gone)').waitFor();
  await page.getByRole('link', { name: /^← gate-r\d+$/ }).waitFor();
  const events = await page.getByTestId('timeline-row').locator('code').allTextContents();
  for (const e of ['paused', 'resumed', 'succeeded']) assert.ok(events.includes(e), `${e}: ${events.join(', ')}`);
  await c.shot('rollouts-04-succeeded');
  // The old deployment is gone; the new one runs 2.0.1 on every device.
  const made = await portal('GET', live.replace(/^.*\/rollouts\//, '/portal/rollouts/'));
  const pods = await api('GET', `/v3/${project}/ai-mgr/pods?deployment_id=${made.body.new_deployment_id}&limit=100`);
  assert.equal(pods.body.pods.filter((p) => p.status === 'Running').length, 4);
  const shown = await api('GET', `/v3/${project}/ai-mgr/deployments/${made.body.new_deployment_id}`);
  assert.deepEqual(shown.body.template.apps.map((a) => a.version), ['2.0.1']);
  gate = made.body.new_deployment_id;
});

test('a person pauses and resumes, aborts, then rolls back', async () => {
  await fillForm({ version: '3.0.0', waveText: '1, 100%', soak: '600' });
  await waves().nth(1).waitFor();
  await form().getByRole('button', { name: 'Start roll-out' }).click();
  await page.waitForURL(/\/rollouts\/[^/?]+$/);
  // Wave 1 soaks for 10 minutes: there is time to act.
  await page.getByTestId('rollout-waves').getByRole('listitem').first().getByText('Soaking').waitFor({ timeout: 30000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await untilState('Paused');
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await page.getByRole('alertdialog', { name: 'Resume the roll-out' }).getByRole('button', { name: 'Resume' }).click();
  await untilState('Running');
  await page.getByRole('button', { name: 'Abort', exact: true }).click();
  const abort = page.getByRole('alertdialog', { name: 'Abort the roll-out' });
  await abort.getByText('Devices stay where they are').waitFor();
  await abort.getByRole('button', { name: 'Abort the roll-out' }).click();
  await untilState('Aborted');
  assert.deepEqual(await page.getByRole('button', { name: /^(Pause|Resume|Promote|Abort|Roll back)$/ }).allTextContents(), ['Roll back']);
  await page.getByRole('button', { name: 'Roll back', exact: true }).click();
  const back = page.getByRole('alertdialog', { name: 'Roll back the roll-out' });
  await back.getByTestId('rollback-count').getByText('Devices: 1').waitFor();
  await back.getByRole('button', { name: 'Roll back the roll-out' }).click();
  await untilState('Rolled back');
  const events = await page.getByTestId('timeline-row').locator('code').allTextContents();
  for (const e of ['paused', 'resumed', 'aborted', 'rollback_started', 'rolled_back']) assert.ok(events.includes(e), `${e}: ${events.join(', ')}`);
  assertNoSecrets(assert, c.seen);
});

test('30 devices in 4 waves: the preview, the live page, and the timeline', async () => {
  const fleet = await devices('edge', 30);
  gate = await deploy('fleet', fleet);
  await fillForm({ version: '2.0.0', waveText: '1, 10%, 50%, 100%', soak: '1' });
  await waves().nth(3).waitFor();
  const sizes = await waves().evaluateAll((items) => items.map((li) => li.querySelectorAll('.chip').length));
  assert.deepEqual(sizes, [1, 2, 12, 15]);
  await form().getByRole('button', { name: 'Start roll-out' }).click();
  await page.waitForURL(/\/rollouts\/[^/?]+$/);
  const id = page.url().split('/rollouts/').pop();
  await untilState('Succeeded', 90000);
  await c.shot('rollouts-05-thirty');
  const steps = page.getByTestId('rollout-waves').getByRole('listitem');
  assert.equal(await steps.count(), 4);
  assert.equal(await page.getByTestId('rollout-device').count(), 30);

  const done = (await portal('GET', `/portal/rollouts/${id}`)).body;
  assert.equal(done.state, 'succeeded');
  assert.deepEqual(done.waves.map((w) => w.devices.length), [1, 2, 12, 15]);
  const start = Date.parse(done.created_at);
  const at = (ts) => ((Date.parse(ts) - start) / 1000).toFixed(2).padStart(7);
  const lines = [`roll-out ${id}: ${done.deployment_name} ${done.from_version} → ${done.new_deployment_name} ${done.version}, `
    + `${done.device_count} devices, waves ${JSON.stringify(done.settings.waves)}, soak ${done.settings.soak_seconds} s, `
    + 'instances start 300 ms after they are added (the embedded emulator\'s connect delay); started from the console'];
  for (const e of done.timeline) {
    lines.push(`+${at(e.ts)} s  ${e.event.padEnd(18)} ${(e.wave ? `wave ${e.wave}` : '').padEnd(7)} ${e.detail}`);
  }
  for (const w of done.waves) {
    lines.push(`wave ${w.index}: ${w.devices.length} device(s), started +${at(w.started_at).trim()} s, done +${at(w.ended_at).trim()} s`);
  }
  lines.push(`succeeded +${at(done.ended_at).trim()} s after creation`);
  const text = `${lines.join('\n')}\n`;
  writeFileSync(join(shots, 'rollout-timeline.txt'), text);
  console.log(text);
});
