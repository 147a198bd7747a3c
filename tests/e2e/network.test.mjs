// End-to-end: the console over a real link. Counts, not timings (bench/network prints those):
// - cold loads through a TCP relay that adds 80 ms to every round trip always show the console;
// - every page opened cold fetches at most 10 scripts and wasm files, and of the parts exactly
//   the ones src/pages/parts.txt names for it (a deep link preloads only its own page's part);
// - a first visit to another domain fetches at most 3 more; going back to a visited domain
//   fetches no script or wasm, and neither `config.json` nor the session again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, launchBrowser, removeDir, stopServers } from './harness.mjs';
import { coldLoad, delayRelay, demoCookie, CONTENT } from './network.mjs';
import { partsFor } from '../../scripts/parts.mjs';

const seen = { responses: [], console: [], output: [] };
let proxy, base, dataDir, browser, relay, cookie, device, deployment, rollout;

before(async () => {
  ({ proxy, base, dataDir } = await startConsole('network', seen));
  [cookie] = await demoCookie(base, base);
  const headers = { 'Content-Type': 'application/json', 'X-HiLens-Console': '1', Cookie: `${cookie.name}=${cookie.value}` };
  const session = await (await fetch(`${base}/auth/session`, { headers })).json();
  const api = `${base}/api/v3/${session.project_id}/ai-mgr`;
  await fetch(`${api}/nodes`, { method: 'POST', headers, body: JSON.stringify({ node: { name: 'net', batch: 3 } }) });
  const nodes = (await (await fetch(`${api}/nodes?limit=3`, { headers })).json()).nodes;
  device = nodes[0].id;
  const created = await fetch(`${api}/deployments`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      name: 'net-app', source: 'userdefined', node_ids: [device],
      deployment: { replicas: 1, template: { configs: { host_network: false, restart_policy: 'Always' },
        apps: [{ name: 'app', app_url: 'https://swr.cn-north-4.myhuaweicloud.com/hilens/app', version: '1.0.0',
          resources: { limits: { cpu: '0.25', memory: '128' }, requests: {} } }] } },
    }),
  });
  const answer = await created.json();
  assert.ok(created.ok, JSON.stringify(answer));
  deployment = answer.id;
  // A staged roll-out of the deployment (one more device), for its live page.
  const plan = { deployment_id: deployment, add_node_ids: [nodes[1].id], waves: ['100%'] };
  const made = await fetch(`${base}/portal/rollouts`, { method: 'POST', headers, body: JSON.stringify(plan) });
  const madeBody = await made.json();
  assert.ok(made.ok, JSON.stringify(madeBody));
  rollout = madeBody.id;
  browser = await launchBrowser();
  relay = await delayRelay(base, 40);
});

after(async () => {
  await browser?.close();
  await relay?.close();
  await stopServers(proxy);
  removeDir(dataDir);
});

const isScript = (url) => /\.(js|wasm)$/.test(new URL(url).pathname);
const partOf = (url) => new URL(url).pathname.match(/\/split_([a-z0-9_]+)-[0-9a-f]{16}\.wasm$/)?.[1];

test('ten cold loads through a link with 80 ms round trips all show the console', async () => {
  const pages = [['/devices', CONTENT.list], ['/', CONTENT.overview]];
  for (let i = 0; i < 10; i++) {
    const [path, selector] = pages[i % 2];
    const load = await coldLoad(browser, { url: `${relay.url}${path}`, selector, cookies: [{ ...cookie, url: relay.url }], timeoutMs: 30000 });
    assert.ok(!load.hung, `cold load ${i + 1} of ${path} never showed its content; still waiting for: ${load.stuck.join(' ')}`);
  }
});

test('every page opened cold fetches at most 10 scripts and wasm files, and exactly its own parts', async () => {
  const pages = ['/', '/devices', '/devices/new', `/devices/${device}`, '/firmware', '/service-orders', '/alarms', '/deployments',
    '/deployments/new', `/deployments/${deployment}`, `/deployments/${deployment}/edit`,
    `/deployments/${deployment}/rollouts/${rollout}`, '/instances', '/jobs', '/configmaps',
    '/configmaps/new', '/secrets', '/tags', '/workspaces', '/skills', '/orders', '/access', '/audit'];
  const context = await browser.newContext({ locale: 'en-US' });
  await context.addCookies([{ ...cookie, url: base }]);
  for (const path of pages) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const scripts = [];
    page.on('request', (r) => isScript(r.url()) && scripts.push(r.url()));
    await page.goto(`${base}${path}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    const parts = scripts.map(partOf).filter(Boolean).sort();
    assert.deepEqual(parts, [...partsFor(path)].sort(), `${path} fetched the parts ${parts.join(', ')}`);
    assert.ok(scripts.length <= 10, `${path} fetched ${scripts.length} scripts and wasm files:\n${scripts.join('\n')}`);
    await page.close();
  }
  await context.close();
});

test('a first visit to another domain fetches at most 3 more; a visited one nothing, no config or session again', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  await context.addCookies([{ ...cookie, url: base }]);
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${base}/`);
  await page.locator(CONTENT.overview).first().waitFor();
  await page.waitForLoadState('networkidle');
  const nav = page.getByRole('navigation', { name: 'HiLens' });
  const visit = async (name, selector) => {
    const from = requests.length;
    await nav.getByRole('link', { name, exact: true }).click();
    await page.locator(selector).first().waitFor();
    await page.waitForLoadState('networkidle');
    return requests.slice(from);
  };
  const devices = await visit('Devices', CONTENT.list);
  assert.ok(devices.filter(isScript).length <= 3, `first visit to the devices fetched:\n${devices.filter(isScript).join('\n')}`);
  await visit('Overview', CONTENT.overview);
  const again = await visit('Devices', CONTENT.list);
  assert.deepEqual(again.filter(isScript), [], 'a visited domain fetches no script or wasm again');
  const boot = requests.filter((u) => /\/config\.json$|\/auth\/session$/.test(new URL(u).pathname));
  assert.equal(boot.length, 2, `config.json and the session are fetched once each:\n${boot.join('\n')}`);
  await context.close();
});

test('the landing page fetches nothing else until it has settled; then the chunk other domains need, once', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  await context.addCookies([{ ...cookie, url: base }]);
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), at: Date.now() }));
  await page.goto(`${base}/`);
  await page.locator(CONTENT.overview).first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1500);
  const domainsChunk = (u) => /\/chunk_domains-[0-9a-f]{16}\.wasm$/.test(new URL(u).pathname);
  assert.deepEqual(requests.filter((r) => domainsChunk(r.url)), [], 'nothing is prefetched while the page settles');
  await page.waitForRequest((r) => domainsChunk(r.url()), { timeout: 10000 });
  // A first visit to a domain now fetches only its own part (and its domain's group chunk).
  const from = requests.length;
  await page.getByRole('navigation', { name: 'HiLens' }).getByRole('link', { name: 'Alarms', exact: true }).click();
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  const fetched = requests.slice(from).map((r) => r.url).filter(isScript);
  assert.deepEqual(fetched.map(partOf), ['alarms'], fetched.join('\n'));
  assert.equal(requests.filter((r) => domainsChunk(r.url)).length, 1, 'the chunk is fetched once');
  await context.close();
});
