// End-to-end: deployments (the editor with its rules, the JSON tab, the diff, the PATCH
// change, pause / resume, adding devices), instances and jobs, in Debian's Chromium against
// the real proxy and its embedded emulator.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { proxyBin, useConsole, assertNoSecrets, pageApi } from './harness.mjs';

assert.ok(proxyBin, 'HILENS_PROXY_BIN must name the hilens-proxy binary');

// Devices connect (and roll-outs finish) a second after they are made: CREATING is seen first.
const c = useConsole('deployments', { signInTo: '/deployments', args: ['--emulator-connect-delay-ms', '1000'] });
const seen = c.seen;
let page, base, project;
const calls = [];

/** A call of the API from the page (the session's cookie, the console's header). */
const api = (method, path, body) => pageApi(page, method, path, body);

before(async () => {
  ({ page, base } = await c.start());
  project = await page.evaluate(async () => (await (await fetch('/auth/session')).json()).project_id);
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.pathname.includes('/api/')) calls.push(`${req.method()} ${u.pathname}`);
  });
  // Two cameras, a device carrying a tag, and a config map an env can read.
  for (const node of [{ name: 'cam', batch: 2 }, { name: 'north', tags: [{ key: 'site', value: 'north' }] }]) {
    const r = await api('POST', `/v3/${project}/ai-mgr/nodes`, { node });
    assert.ok(r.status < 300, JSON.stringify(r.body));
  }
  const cm = await api('POST', `/v3/${project}/ai-mgr/configmaps`, {
    configmap: { name: 'app-settings', configs: [{ key: 'LOG_LEVEL', value: 'info' }] },
    workspace_id: await page.evaluate(() => localStorage.getItem('hilens.workspace') || undefined),
  });
  assert.ok(cm.status < 300, JSON.stringify(cm.body));
});

const editor = () => page.getByTestId('deployment-editor');
/** Leaves the focused field first, so the message its blur brings has moved the layout before
 *  the next click aims. */
const settle = () => page.evaluate(() => document.activeElement?.blur());
const group = (name, within = editor()) => within.getByRole('group', { name, exact: true });
let deploymentId;

test('the editor marks every broken rule at once and sends nothing; fixed, it creates and rolls out', async () => {
  await page.goto(`${base}/deployments`);
  await page.getByRole('heading', { name: 'Deployments', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'New deployment' }).click();
  await page.getByRole('heading', { name: 'New deployment', level: 1 }).waitFor();

  await page.getByTestId('sec-basics').getByLabel('Name', { exact: true }).fill('Bad_Name');
  await page.getByRole('searchbox', { name: 'Search devices' }).fill('cam');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=device-search-results] input').length === 2);
  await page.getByRole('checkbox', { name: /cam-1/ }).check();
  await page.getByRole('checkbox', { name: /cam-2/ }).check();
  await page.getByText('Chosen devices: 2').waitFor();
  const app = group('App 1');
  await app.getByLabel('App name').fill('detector');
  await app.getByLabel('Image URL').fill('swr.cn-north-4.myhuaweicloud.com/hilens/detector');
  await app.getByLabel('Version', { exact: true }).fill('1.0.0');
  await settle();
  await app.getByRole('button', { name: 'Add Env' }).click();
  const env = group('Env 1', app);
  await env.getByLabel('Name', { exact: true }).fill('LOG_LEVEL');
  await env.getByLabel('Value', { exact: true }).fill('debug');
  await env.getByLabel('Config map', { exact: true }).selectOption('app-settings');
  await settle();
  await app.getByRole('button', { name: 'Add Port' }).click();
  const port = group('Port 1', app);
  await port.getByLabel('Container port (1–65535)').fill('8080');
  await port.getByLabel('Host port range: min').fill('9000');
  await port.getByLabel('Host port range: max').fill('8000');
  await settle();
  await app.getByRole('button', { name: 'Add Volume' }).click();
  const volume = group('Volume 1', app);
  await volume.getByLabel('Volume name').fill('data');
  await volume.getByLabel('Source (host path, medium or name)').fill('relative/data');
  await volume.getByLabel('Mount path').fill('/data');
  await settle();
  await editor().getByRole('button', { name: 'Add Device affinity rule' }).click();
  const rule = group('Device affinity rule 1');
  await rule.getByLabel('Key', { exact: true }).fill('zone');
  await rule.getByLabel('Operator').selectOption('Exists');
  // Operators in words, the API's name beside.
  assert.equal(await rule.getByLabel('Operator').locator('option:checked').textContent(), 'exists (Exists)');
  await rule.getByLabel('Values (comma-separated)').fill('a');

  const sent = calls.length;
  await settle();
  await editor().getByRole('button', { name: 'Create' }).click();
  const summary = page.getByTestId('ed-summary');
  await summary.waitFor();
  const items = await summary.getByRole('listitem').allTextContents();
  assert.equal(items.length, 5, items.join('\n'));
  // Each names its field by the labels on screen, never by the API's path.
  for (const label of ['Name: ', 'App 1 › Env 1: ', 'App 1 › Port 1 › Host port range: max: ', 'Device affinity rule 1 › Values: ', 'App 1 › Volume 1 › Source: ']) {
    assert.ok(items.some((t) => t.startsWith(label)), `${label} is in the summary: ${items.join('\n')}`);
  }
  for (const t of items) assert.doesNotMatch(t, /\[\d+\]|\w\.\w+_|deployment\.|_port|value_from/, t);
  // Each bad field is marked and described where it is.
  for (const field of [page.getByTestId('sec-basics').getByLabel('Name', { exact: true }), port.getByLabel('Host port range: max'),
    rule.getByLabel('Values (comma-separated)'), volume.getByLabel('Source (host path, medium or name)')]) {
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    // Its message (besides the field's hint where it has one).
    const message = `${await field.getAttribute('id')}-error`;
    assert.ok((await field.getAttribute('aria-describedby'))?.split(' ').includes(message));
    assert.ok((await page.locator(`#${message}`).textContent()).length > 0);
  }
  await env.getByRole('alert').filter({ hasText: 'App 1 › Env 1: takes exactly one value' }).waitFor();
  assert.ok(!calls.slice(sent).some((x) => x.startsWith('POST')), 'nothing was sent');
  // A summary entry takes the user to its field.
  await summary.getByRole('link', { name: /Volume 1 › Source/ }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-deployment-template-apps-0--volumes-0--source');

  await page.getByTestId('sec-basics').getByLabel('Name', { exact: true }).fill('gate-detector');
  await env.getByLabel('Value', { exact: true }).fill('');
  await env.getByLabel('Config map key').selectOption('LOG_LEVEL');
  await port.getByLabel('Host port range: max').fill('9100');
  await rule.getByLabel('Values (comma-separated)').fill('');
  await volume.getByLabel('Source (host path, medium or name)').fill('/var/data');
  await summary.waitFor({ state: 'detached' });
  await settle();
  await editor().getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: 'gate-detector', level: 1 }).waitFor();
  deploymentId = page.url().split('/deployments/')[1].split('?')[0];
  await page.getByTestId('deployment-state').filter({ hasText: 'Running' }).waitFor({ timeout: 15000 });
  const rows = page.getByTestId('rollout-row');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=rollout-row] [data-testid=pod-status]')]
    .filter((b) => b.textContent.startsWith('Running')).length === 2, null, { timeout: 15000 });
  assert.equal(await rows.count(), 2, 'one instance a device');
  const body = (await api('GET', `/v3/${project}/ai-mgr/deployments/${deploymentId}`)).body;
  assert.deepEqual(body.template.apps[0].envs, [{ name: 'LOG_LEVEL', value_from: { configmap: { name: 'app-settings', key: 'LOG_LEVEL' } } }]);
  assert.deepEqual(body.template.apps[0].ports[0].host_port_range, { min_port: 9000, max_port: 9100 });
  // A reload shows the same page.
  await page.reload();
  await page.getByRole('heading', { name: 'gate-detector', level: 1 }).waitFor();
});

test('edit through the JSON tab: the form follows, broken JSON leaves it; the diff, then apply', async () => {
  await page.goto(`${base}/deployments/${deploymentId}`);
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByRole('heading', { name: 'Edit deployment', level: 1 }).waitFor();
  await page.getByRole('tab', { name: 'JSON' }).click();
  const json = page.getByTestId('json-body');
  // The text comes with the editor's codec part (fetched on the tab's first opening).
  await page.waitForFunction(() => document.querySelector('[data-testid=json-body]')?.value);
  const request = JSON.parse(await json.inputValue());
  assert.ok(request.deployment && request.tags, 'the update body');
  request.description = 'edited as JSON';
  request.deployment.template.apps[0].version = '1.1.0';
  await json.fill('{"broken"');
  await page.getByTestId('json-problems').getByText('The JSON does not parse').waitFor();
  await json.fill(JSON.stringify(request, null, 2));
  assert.equal(await page.getByTestId('json-problems').textContent(), '');
  await page.getByRole('tab', { name: 'Form' }).click();
  assert.equal(await group('App 1').getByLabel('Version', { exact: true }).inputValue(), '1.1.0');
  assert.equal(await page.getByTestId('sec-basics').getByLabel('Description').inputValue(), 'edited as JSON');
  // The name and the targets cannot change on an update, and the targets' section says why.
  assert.ok(await page.getByTestId('sec-basics').getByLabel('Name', { exact: true }).isDisabled());
  assert.ok(await page.getByRole('radio', { name: 'By devices' }).isDisabled());
  await page.getByRole('radiogroup', { description: /set when it is made.*Add devices on its page/ }).waitFor();

  await editor().getByRole('button', { name: 'Review' }).click();
  const diff = page.getByTestId('diff-row');
  await diff.first().waitFor();
  const changes = await diff.allTextContents();
  assert.ok(changes.some((t) => t.startsWith('deployment.template.apps[0].version') && t.includes('"1.1.0"')), changes.join('\n'));
  assert.ok(changes.some((t) => t.startsWith('description') && t.includes('edited as JSON')), changes.join('\n'));
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('heading', { name: 'gate-detector', level: 1 }).waitFor();
  await page.getByTestId('deployment-facts').getByText('1.1.0').waitFor();
});

test('the env / version change (PATCH); pause and resume; a device added by tag; one instance paused', async () => {
  await page.goto(`${base}/deployments/${deploymentId}?tab=change`);
  const form = page.getByTestId('patch-form');
  await form.getByRole('button', { name: 'Add a row' }).click();
  await form.getByLabel('Name 1').fill('MODE');
  await form.getByLabel('Value 1').fill('fast');
  await form.getByLabel('Version').fill('1.2.0');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.waitForFunction(async ([p, id]) => {
    const d = await (await fetch(`/api/v3/${p}/ai-mgr/deployments/${id}`, { headers: { 'X-HiLens-Console': '1' } })).json();
    return d.template.apps[0].version === '1.2.0' && d.template.apps[0].envs.some((e) => e.name === 'MODE' && e.value === 'fast');
  }, [project, deploymentId]);

  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByTestId('deployment-switch').filter({ hasText: 'Pause' }).click();
  // A pause asks first, naming its devices.
  const ask = page.getByRole('alertdialog', { name: 'Pause deployments' });
  await ask.getByTestId('impact-deployments').getByText('cam-1').waitFor();
  await ask.getByRole('button', { name: 'Pause deployments' }).click();
  await page.getByTestId('deployment-state').filter({ hasText: 'Paused' }).waitFor();
  await page.getByTestId('deployment-switch').filter({ hasText: 'Resume' }).click();
  await page.getByTestId('deployment-state').filter({ hasText: 'Running' }).waitFor({ timeout: 15000 });

  await page.getByRole('tab', { name: 'Add devices' }).click();
  const add = page.getByTestId('add-devices');
  await add.getByRole('radio', { name: 'By device tags' }).check();
  await add.getByRole('button', { name: 'Add a row' }).click();
  await add.getByLabel('Tag key 1').fill('site');
  await add.getByLabel('Tag value 1').fill('north');
  await add.getByLabel('Number of devices').fill('1');
  await add.getByRole('button', { name: 'Add devices' }).click();
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=rollout-row]').length === 3, null, { timeout: 10000 });

  const first = page.getByTestId('rollout-row').first();
  await first.getByRole('button', { name: /^Pause / }).click();
  await first.getByTestId('pod-status').filter({ hasText: 'Paused' }).waitFor({ timeout: 10000 });

  // The instances page lists them all, and its filter narrows to the deployment.
  await page.goto(`${base}/instances?deployment_id=${deploymentId}`);
  await page.getByRole('heading', { name: 'Instances', level: 1 }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=pod-row]').length === 3);
  await page.getByTestId('pod-status').filter({ hasText: 'Paused' }).first().waitFor();
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=pod-row]').length === 3);
  // The filter names the deployment; the rows name their devices and deployment.
  await page.getByRole('group', { name: 'Deployment', exact: true }).getByText('gate-detector').waitFor();
  await page.getByTestId('pod-deployment').filter({ hasText: 'gate-detector' }).first().waitFor();
});

test('a job: created with its rules, edited, deleted', async () => {
  await page.goto(`${base}/jobs?deployment_id=${deploymentId}`);
  await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'New job' }).click();
  const form = page.getByTestId('job-form');
  await form.getByLabel('Job name').fill('bad name!');
  await form.getByLabel('Input data (a JSON object)').fill('not json');
  await form.getByRole('button', { name: 'Save' }).click();
  const name = form.getByLabel('Job name');
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  // Its message and, under the field, its rule: both read out with it.
  const [message, hint] = (await name.getAttribute('aria-describedby')).split(' ');
  assert.match(await page.locator(`#${message}`).textContent(), /^Job name: /);
  assert.match(await page.locator(`#${hint}`).textContent(), /^1–\d+ characters/);
  await name.fill('gate-count');
  await form.getByLabel('Input type').selectOption('camera');
  await form.getByLabel('Input data (a JSON object)').blur();
  await page.getByText(/is not valid JSON: line 1, column \d+/).waitFor();
  await form.getByLabel('Input data (a JSON object)').fill('{"rtsp": "rtsp://10.0.0.9/1"}');
  await form.getByLabel('Output type').selectOption('dis');
  await form.getByLabel('Output data (a JSON object)').fill('{"streamName": "counts"}');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'gate-count', level: 1 }).waitFor();
  // Its instances by state in words, each with its state as a badge and a link to its page.
  const counters = await page.getByTestId('job-counters').textContent();
  assert.match(counters, /^(\S+ [1-9]\d* · )*All [1-9]\d*$/, counters);
  const status = page.getByTestId('job-status');
  assert.equal(await status.getByTestId('pod-status').count(), Number(counters.match(/All (\d+)$/)[1]));
  assert.match(await status.getByRole('link').first().getAttribute('href'), /^\/instances\/[^/]+\/[^/]+$/);
  // Its stream in words: the input's and the output's type and settings, not JSON.
  const stream = page.getByTestId('job-stream');
  assert.deepEqual(await stream.locator('td').allInnerTexts(), ['1', 'Camera\nrtsp: rtsp://10.0.0.9/1', 'DIS stream\nstreamName: counts']);

  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByRole('heading', { name: 'Edit job', level: 1 }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=job-name]')?.value === 'gate-count');
  await page.getByTestId('job-form').getByLabel('Description').fill('people at the gate');
  await page.getByTestId('job-form').getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('job-facts').getByText('people at the gate').waitFor();
  await page.reload();
  await page.getByTestId('job-facts').getByText('people at the gate').waitFor();

  await page.getByRole('button', { name: 'Delete job' }).click();
  await page.getByRole('alertdialog').getByRole('textbox').fill('gate-count');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete job' }).click();
  await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
  await page.getByText('This deployment has no jobs').waitFor();
});

test('a market skill deployed with a free order takes a unit; deleting the deployment gives it back', async () => {
  // A free order of a free skill.
  await page.goto(`${base}/skills?charge_model=0`);
  await page.locator('[data-testid=skill-row] td:first-child a').first().click();
  await page.locator('[data-testid=free-order]').waitFor();
  await page.fill('[data-testid=order-amount]', '3');
  await page.click('[data-testid=create-order]');
  await page.locator('[data-testid=order-created]').waitFor();
  const left = (o) => (o.amount ?? 0) - (o.used_amount ?? 0);

  await page.getByRole('link', { name: 'Deploy to devices' }).click();
  await page.getByRole('heading', { name: 'New deployment', level: 1 }).waitFor();
  assert.equal(await page.getByLabel('App source').inputValue(), 'hlm');
  // The user's order of the skill is filled in, with what is left of it.
  const orderChoice = page.getByLabel('Order (amount left)');
  await page.waitForFunction(() => document.querySelector('[data-testid=order-choice]')?.value);
  const orderId = await orderChoice.inputValue();
  const before = left((await api('GET', `/v1/${project}/skill-market/skill-order/${orderId}`)).body);
  assert.ok(before > 0);
  assert.match(await orderChoice.locator('option:checked').textContent(), new RegExp(`${before} left`));
  await page.getByTestId('sec-basics').getByLabel('Name', { exact: true }).fill('market-app');
  await page.getByRole('searchbox', { name: 'Search devices' }).fill('cam-1');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=device-search-results] input').length === 1);
  await page.getByRole('checkbox', { name: /cam-1/ }).check();
  await page.getByText('Chosen devices: 1').waitFor();
  await settle();
  await editor().getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: 'market-app', level: 1 }).waitFor();
  const chosen = await api('GET', `/v1/${project}/skill-market/skill-order/${orderId}`);
  assert.equal(left(chosen.body), before - 1, 'one unit for the one device');

  await page.getByRole('button', { name: 'Delete deployment' }).click();
  await page.getByRole('alertdialog').getByRole('textbox').fill('market-app');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete deployment' }).click();
  await page.getByRole('heading', { name: 'Deployments', level: 1 }).waitFor();
  const back = await api('GET', `/v1/${project}/skill-market/skill-order/${orderId}`);
  assert.equal(left(back.body), before, 'the unit came back');
});

test('a draft of an unfinished create survives a reload; the list filters and reloads; zh-CN', async () => {
  await page.goto(`${base}/deployments/new`);
  await page.getByTestId('sec-basics').getByLabel('Name', { exact: true }).fill('half-done');
  // Kept once the editor's codec part is here (fetched when the form is first used).
  await page.waitForFunction(() => localStorage.getItem('hilens.deployment-draft')?.includes('half-done'));
  await page.reload();
  await page.getByTestId('draft-restored').waitFor();
  assert.equal(await page.getByTestId('sec-basics').getByLabel('Name', { exact: true }).inputValue(), 'half-done');
  await page.getByRole('button', { name: 'Discard the draft' }).click();
  assert.equal(await page.getByTestId('sec-basics').getByLabel('Name', { exact: true }).inputValue(), '');

  await page.goto(`${base}/deployments`);
  // The filters' buttons stand level with the inputs: the device picker keeps no room for matches
  // until something is typed.
  const bottom = async (e) => { const b = await e.boundingBox(); return b.y + b.height; };
  const [nameBottom, searchBottom] = [await bottom(page.getByRole('searchbox', { name: 'Name (contains)' })), await bottom(page.getByTestId('deployment-search'))];
  assert.ok(Math.abs(nameBottom - searchBottom) <= 1, `the name box ends at ${nameBottom}, Search at ${searchBottom}`);
  await page.getByRole('searchbox', { name: 'Name (contains)' }).fill('gate');
  await page.getByTestId('deployment-search').click();
  await page.waitForURL(/name=gate/);
  await page.getByTestId('deployment-link').filter({ hasText: 'gate-detector' }).waitFor();
  await page.reload();
  await page.getByTestId('deployment-link').filter({ hasText: 'gate-detector' }).waitFor();
  assert.equal(await page.getByTestId('deployment-row').count(), 1);
  // Row actions: pause and resume from the list.
  await page.getByRole('button', { name: 'Pause gate-detector' }).click();
  await page.getByRole('alertdialog', { name: 'Pause deployments' }).getByRole('button', { name: 'Pause deployments' }).click();
  await page.getByTestId('deployment-state').filter({ hasText: 'Paused' }).waitFor();
  await page.getByRole('button', { name: 'Resume gate-detector' }).click();
  await page.getByTestId('deployment-state').filter({ hasText: /Creating|Running/ }).waitFor();

  // The same pages in Chinese.
  await page.goto(`${base}/deployments/${deploymentId}`);
  await page.selectOption('header [data-testid=language]', 'zh-CN');
  await page.getByRole('tab', { name: '概览' }).waitFor();
  await page.getByTestId('deployment-state').filter({ hasText: /运行中|已暂停/ }).waitFor({ timeout: 15000 });
  await page.goto(`${base}/deployments/new`);
  await page.getByRole('heading', { name: '创建应用部署', level: 1 }).waitFor();
  await page.getByRole('button', { name: '创建' }).click();
  await page.getByTestId('ed-summary').getByText('请修正以下问题').waitFor();
  await page.selectOption('header [data-testid=language]', 'en-US');
  await page.getByRole('heading', { name: 'New deployment', level: 1 }).waitFor();
  assertNoSecrets(assert, seen);
});
