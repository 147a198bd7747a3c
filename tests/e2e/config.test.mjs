// End-to-end: configuration (config maps, secrets, tags, workspaces) and the overview, in
// Debian's Chromium against the real proxy and its embedded emulator.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { proxyBin, shots, useConsole, assertNoSecrets, pageApi } from './harness.mjs';

assert.ok(proxyBin, 'HILENS_PROXY_BIN must name the hilens-proxy binary');

const c = useConsole('config', { signInTo: '/configmaps', args: ['--emulator-connect-delay-ms', '0'] });
const seen = c.seen;
let page, base, project;
const calls = [];

before(async () => {
  ({ page, base } = await c.start());
  project = await page.evaluate(async () => (await (await fetch('/auth/session')).json()).project_id);
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.pathname.includes('/api/')) calls.push(`${req.method()} ${u.pathname}`);
  });
});

/** A call of the API from the page (the session's cookie, the console's header). */
const api = (method, path, body) => pageApi(page, method, path, body);

const form = () => page.getByTestId('entry-form');

test('a config map: a bad name is refused beside the field and nothing sent; pasted entries; edited', async () => {
  await page.goto(`${base}/configmaps`);
  await page.getByRole('heading', { name: 'Config maps', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'New config map' }).click();
  const name = form().getByLabel('Name', { exact: true });
  await name.fill('Bad_Name');
  const before = calls.length;
  await form().getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('entry-name-error').waitFor();
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  assert.ok(!calls.slice(before).some((x) => x.startsWith('POST')), 'nothing was sent');
  await name.fill('app-settings');
  await form().getByText('Paste KEY=value lines').first().click();
  await form().getByLabel('Paste KEY=value lines').fill('# settings\nLOG_LEVEL=info\nFPS=25\n');
  await form().getByRole('button', { name: 'Replace the rows with the paste' }).click();
  assert.equal(await form().getByLabel('Key 2').inputValue(), 'FPS');
  await form().getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'app-settings', level: 1 }).waitFor();
  assert.deepEqual(await page.getByTestId('entry-value').allTextContents(), ['info', '25']);

  await page.getByRole('link', { name: 'Edit' }).click();
  await form().getByLabel('Value 2').fill('30');
  await form().getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'app-settings', level: 1 }).waitFor();
  await page.getByTestId('entry-value').filter({ hasText: '30' }).waitFor();
});

test('a secret: masked, one value revealed; editing another leaves the first as it was', async () => {
  await page.goto(`${base}/secrets/new`);
  await form().getByLabel('Name', { exact: true }).fill('camera-creds');
  await form().getByLabel('Key 1').fill('USER');
  await form().getByLabel('Value 1').fill('admin');
  assert.equal(await form().getByLabel('Value 1').getAttribute('type'), 'password', 'masked while typed');
  await page.getByTestId('entry-rows').getByRole('button', { name: 'Add a row' }).click();
  await form().getByLabel('Key 2').fill('PASSWORD');
  await form().getByLabel('Value 2').fill('s3cret-v4lue');
  await form().getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'camera-creds', level: 1 }).waitFor();
  const values = page.getByTestId('entry-value');
  assert.deepEqual(await values.allTextContents(), ['••••••', '••••••']);
  assert.equal(await page.getByText('s3cret-v4lue').count(), 0, 'not shown by default');
  await page.getByRole('button', { name: 'Show PASSWORD' }).click();
  assert.deepEqual(await values.allTextContents(), ['••••••', 's3cret-v4lue']);

  await page.getByRole('link', { name: 'Edit' }).click();
  await form().getByLabel('Value 1').fill('operator');
  await form().getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'camera-creds', level: 1 }).waitFor();
  const id = new URL(page.url()).pathname.split('/').pop();
  const shown = await api('GET', `/v3/${project}/ai-mgr/secrets/${id}`);
  assert.deepEqual(shown.body.secret.secrets, [{ key: 'USER', value: 'operator' }, { key: 'PASSWORD', value: 's3cret-v4lue' }]);
});

test('tags on both, found through /tags', async () => {
  for (const [list, name] of [['configmaps', 'app-settings'], ['secrets', 'camera-creds']]) {
    await page.goto(`${base}/${list}?name=${name}`);
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    const tags = page.getByTestId('resource-tags');
    await tags.getByLabel('Tag key').fill('team');
    await tags.getByLabel('Tag value').fill('vision');
    await tags.getByRole('button', { name: 'Add tag' }).click();
    await tags.getByTestId('resource-tag').filter({ hasText: 'team=vision' }).waitFor();
  }
  await page.goto(`${base}/tags?type=configmap`);
  await page.locator('[data-testid=tag-row]', { hasText: 'vision' }).getByRole('link').click();
  await page.waitForURL(/\/configmaps\?tags=team/);
  await page.getByRole('link', { name: 'app-settings', exact: true }).waitFor();
  await page.goto(`${base}/tags?type=secret`);
  await page.locator('[data-testid=tag-row]', { hasText: 'vision' }).getByRole('link').click();
  await page.getByRole('link', { name: 'camera-creds', exact: true }).click();
  // A tag is removed from the resource's page.
  const tags = page.getByTestId('resource-tags');
  await tags.getByRole('button', { name: 'Remove tag team=vision' }).click();
  await tags.getByText('No tags').waitFor();
  await page.goto(`${base}/tags?type=secret`);
  await page.getByTestId('empty').waitFor();
});

test('a secret is deleted from its page, after its name is typed', async () => {
  await page.goto(`${base}/secrets?name=camera-creds`);
  await page.getByRole('link', { name: 'camera-creds', exact: true }).click();
  await page.getByRole('button', { name: 'Delete secret' }).click();
  await page.getByTestId('confirm-name').fill('camera-creds');
  await page.getByTestId('confirm-ok').click();
  // Back to the list as it was left.
  await page.waitForURL(/\/secrets\?name=camera-creds$/);
  await page.getByTestId('empty').waitFor();
});

test('a workspace: switch to it (empty lists), a config map in it, delete refused with a link, then deleted', async () => {
  await page.goto(`${base}/workspaces`);
  const newOne = page.getByTestId('new-workspace');
  // The two fields and the button stand in one line, though only the name has a hint below it.
  const tops = await Promise.all([newOne.getByLabel('Name'), newOne.getByLabel('Description'), page.getByRole('button', { name: 'Create' })]
    .map(async (e) => (await e.boundingBox()).y));
  assert.ok(Math.max(...tops) - Math.min(...tops) <= 1, `tops ${tops}`);
  await newOne.getByLabel('Name').fill('lab');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: 'lab', level: 1 }).waitFor();
  const wsId = (await page.getByTestId('workspace-id').textContent()).trim();
  await page.getByLabel('Edit description').fill('the test lab');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('workspace-description-now').filter({ hasText: 'the test lab' }).waitFor();
  await page.getByRole('button', { name: 'Switch to this workspace' }).click();
  await page.getByRole('navigation', { name: 'HiLens' }).getByRole('link', { name: 'Config maps' }).click();
  await page.getByTestId('empty').waitFor();
  assert.equal(await page.getByTestId('workspace').inputValue(), wsId);

  await page.getByRole('link', { name: 'New config map' }).click();
  await form().getByLabel('Name', { exact: true }).fill('lab-settings');
  await form().getByLabel('Key 1').fill('MODE');
  await form().getByLabel('Value 1').fill('test');
  await form().getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'lab-settings', level: 1 }).waitFor();
  const mapUrl = page.url();

  await page.goto(`${base}/workspaces/${wsId}`);
  await page.getByRole('button', { name: 'Delete workspace' }).click();
  await page.getByTestId('confirm-name').fill('lab');
  await page.getByTestId('confirm-ok').click();
  const holding = page.getByTestId('workspace-holdings').getByRole('link', { name: /1 config maps/ });
  await holding.waitFor();
  await holding.click();
  await page.getByRole('link', { name: 'lab-settings', exact: true }).waitFor();

  await page.goto(mapUrl);
  await page.getByRole('button', { name: 'Delete config map' }).click();
  await page.getByTestId('confirm-name').fill('lab-settings');
  await page.getByTestId('confirm-ok').click();
  // Back to the list as it was left (in this workspace).
  await page.waitForURL(/\/configmaps(\?ws=[^&]+)?$/);
  await page.goto(`${base}/workspaces/${wsId}`);
  await page.getByRole('button', { name: 'Delete workspace' }).click();
  await page.getByTestId('confirm-name').fill('lab');
  await page.getByTestId('confirm-ok').click();
  await page.waitForURL(/\/workspaces$/);
  await page.getByTestId('workspace-row').first().waitFor();
  assert.equal(await page.getByRole('link', { name: 'lab', exact: true }).count(), 0);
});

test('a shared link with ?ws= opens that workspace', async () => {
  const created = await api('POST', `/v3/${project}/ai-mgr/workspaces`, { name: 'shared', description: 'for a link' });
  const wsId = created.body.workspace_id;
  await page.goto(`${base}/configmaps?ws=${wsId}`);
  await page.getByTestId('empty').waitFor();
  await page.waitForFunction((id) => document.querySelector('[data-testid=workspace]')?.value === id, wsId);
  // Filters keep the workspace in the address.
  await page.getByRole('searchbox', { name: 'Name' }).fill('nothing');
  await page.getByTestId('entry-search').click();
  await page.waitForURL(new RegExp(`name=nothing.*ws=${wsId}|ws=${wsId}.*name=nothing`));
  // Back to the default for the tests that follow.
  await page.getByTestId('workspace').selectOption('0');
  await page.waitForURL(/ws=0/);
});

test('the overview: every number is the filtered list’s total; first card and all cards timed', async () => {
  // Devices in three states, and one deployment, running before the overview is read (its
  // health must not change between the overview and its list).
  await api('POST', `/v3/${project}/ai-mgr/nodes`, { node: { name: 'ov', batch: 4 } });
  const nodes = (await api('GET', `/v3/${project}/ai-mgr/nodes?limit=10&name=ov`)).body.nodes;
  await api('POST', `/v3/${project}/ai-mgr/nodes/${nodes[0].id}/action/stop`);
  const dep = await api('POST', `/v3/${project}/ai-mgr/deployments`, {
    name: 'ov-app', source: 'userdefined',
    deployment: { replicas: 1, template: { configs: { host_network: false, restart_policy: 'Always' },
      apps: [{ name: 'app', app_url: 'https://swr.cn-north-4.myhuaweicloud.com/hilens/app', version: '1.0.0',
        resources: { limits: { cpu: '0.25', memory: '128' }, requests: {} } }] } },
    node_ids: [nodes[1].id],
  });
  assert.ok(dep.status < 300, JSON.stringify(dep.body));
  const depId = dep.body.id;
  for (let i = 0; i < 100; i++) {
    const d = (await api('GET', `/v3/${project}/ai-mgr/deployments/${depId}`)).body;
    if (d.state === 'RUNNING' && d.ready_replicas === d.replicas) break;
    await page.waitForTimeout(200);
  }
  await page.goto(`${base}/alarms`);
  await page.getByRole('heading', { name: 'Alarms', level: 1 }).waitFor();
  await page.evaluate(() => {
    window.__clickedAt = performance.now();
    window.__cards = [];
    new MutationObserver(() => {
      const loaded = document.querySelectorAll('[data-testid^=card-][data-loaded=true]').length;
      const all = document.querySelectorAll('[data-testid^=card-]').length;
      if (loaded > 0 && window.__first === undefined) window.__first = performance.now();
      if (all > 0 && loaded === all && window.__all === undefined) window.__all = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-loaded'] });
  });
  await page.getByRole('navigation', { name: 'HiLens' }).getByRole('link', { name: 'Overview' }).click();
  await page.waitForFunction(() => window.__all !== undefined, null, { timeout: 30000 });
  const [first, all] = await page.evaluate(() => [window.__first - window.__clickedAt, window.__all - window.__clickedAt]);
  const line = `overview: first card ${Math.round(first)} ms, all cards ${Math.round(all)} ms after the click (Performance API, part not yet loaded)`;
  console.log(line);
  appendFileSync(join(shots, 'timing.txt'), `${line}\n`);
  await c.shot('config-overview');
  // A fleet with devices is not led to register its first one.
  assert.equal(await page.getByRole('heading', { name: 'Register your first device' }).count(), 0);

  // Each number of the devices, deployments and alarms cards (their totals, states, healths and
  // levels; none is sampled here) equals the total of the list it links to.
  const cards = ['card-devices', 'card-deployments', 'card-alarms'];
  for (const card of cards) {
    const region = page.getByRole('region', { name: { 'card-devices': 'Devices', 'card-deployments': 'Deployments', 'card-alarms': 'Alarms' }[card], exact: true });
    await region.locator('[data-testid=overview-total]').waitFor();
    assert.equal(await region.getByTestId('overview-sampled').count(), 0, `${card} is not sampled`);
    const links = region.getByRole('link');
    const count = await links.count();
    assert.ok(count >= (card === 'card-devices' ? 7 : 4), `${card}: ${count} links`);
    for (let i = 0; i < count; i++) {
      const link = region.getByRole('link').nth(i);
      const n = (await link.textContent()).trim();
      const href = await link.getAttribute('href');
      await link.click();
      await page.waitForURL((u) => u.pathname === new URL(href, base).pathname);
      await page.getByTestId('total').filter({ hasText: new RegExp(`\\b${n}\\b`) }).waitFor();
      await page.goBack();
      await region.locator('[data-testid=overview-total]').waitFor();
    }
  }
  // Back from the last list, the cards load again: read them once they have.
  for (const card of cards) await page.locator(`[data-testid=${card}][data-loaded=true]`).waitFor();
  const devices = page.getByRole('region', { name: 'Devices', exact: true });
  assert.match(await devices.textContent(), /Stopped\s*1\b/);
  // The deployment is counted by its health, in words, with its link.
  const deployments = page.getByRole('region', { name: 'Deployments', exact: true });
  assert.match(await deployments.textContent(), /Running\s*1\b/);
  assert.equal((await deployments.locator('a[href="/deployments?health=running"]').textContent()).trim(), '1');
});

test('no secret value or token reached a log line', async () => {
  assertNoSecrets(assert, seen);
  assert.equal(seen.output.find((l) => l.includes('s3cret-v4lue')), undefined, 'a secret value in a log line');
});
