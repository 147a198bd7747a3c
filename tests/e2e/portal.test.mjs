// End-to-end: the team portal as its people use it, through hilens-proxy in service mode in
// front of a standalone hilens-emulator posing as the cloud, with local users of each role:
// - a viewer sees Delete disabled with its reason; the call forced from the page is 403 and
//   the audit log (read by an admin on the Audit page) has it, linked to the device;
// - an operator stops a device but cannot delete it;
// - an operator limited to one workspace cannot touch another workspace's device;
// - an API token made on the Access page works, is revoked there, and is then refused;
// - sign-in through an OpenID provider (npm's oidc-provider, tests/oidc) with a group bound to
//   a role.
// Nothing the browser received (but the one answer that shows a new token) nor any server line
// holds a password or the token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { proxyBin, emulatorBin, dist, startServer, tempDir, removeDir, launchBrowser, recordedPage, pageApi, stopServers } from './harness.mjs';

assert.ok(proxyBin && emulatorBin, 'HILENS_PROXY_BIN and HILENS_EMULATOR_BIN must be set');

const AK = 'HPUAE2EPORTALAK00001';
const SK = 'E2ePortalSecretKey0123456789abcdefghijk';
const PROJECT = '3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e2b';
const USERS = {
  vera: { password: 'Vera-viewer-pass-1', role: 'viewer' },
  otto: { password: 'Otto-operator-pass-1', role: 'operator' },
  wanda: { password: 'Wanda-line-a-pass-1', role: 'operator', limited: true },
  ada: { password: 'Ada-admin-pass-1', role: 'admin' },
};
const OIDC_SECRET = 'oidc-client-secret-e2e-0123';
const seen = { responses: [], console: [], output: [] };
const children = [];
let dataDir, browser, base, workspaceA, deviceA, deviceOther, deviceDefault, token;

/** A free port of 127.0.0.1 (for the servers whose URLs must be known before they start). */
function freePort() {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

function hash(password) {
  const out = spawnSync(proxyBin, ['--hash-password'], { input: password, encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return out.stdout.trim();
}

/** The proxy in service mode on the emulator; `args` say how people sign in. These tests sign in
 * dozens of times a minute from one address (fixtures, five people, the users file's re-read), so
 * the sign-in rate limit (10 a minute, tested in crates/proxy/tests/lockdown.rs) is raised: on a
 * fast machine it refused the later sign-ins. */
async function startProxy(args, listen = '127.0.0.1:0') {
  const p = startServer(proxyBin, ['--listen', listen, '--dist', dist, '--hilens-endpoint', emulator, '--iam-endpoint', emulator,
    '--data-dir', proxyDir(), '--login-rate-limit', '1000', ...args], { HILENS_AK: AK, HILENS_SK: SK, HILENS_PROJECT_ID: PROJECT },
  /HiLens console: (http:\/\/127\.0\.0\.1:\d+)\//, seen.output);
  children.push(p.child);
  return p.url;
}

let emulator;
const dirs = [];
function proxyDir() {
  dirs.push(tempDir('portal-proxy'));
  return dirs.at(-1);
}

/** An admin's calls from node (sign-in cookie and the console's header), for the fixtures. */
async function adminApi(method, path, body) {
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-HiLens-Console': '1' },
    body: JSON.stringify({ domain: '', user: 'ada', password: USERS.ada.password }) });
  assert.equal(login.status, 200, await login.text());
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const r = await fetch(`${base}/api/v3/${PROJECT}/ai-mgr${path}`, { method, headers: { 'Content-Type': 'application/json', 'X-HiLens-Console': '1', Cookie: cookie },
    body: body ? JSON.stringify(body) : undefined });
  const answer = await r.json();
  assert.ok(r.ok, `${method} ${path}: ${JSON.stringify(answer)}`);
  return answer;
}

before(async () => {
  dataDir = tempDir('portal');
  const emu = startServer(emulatorBin, ['--listen', '127.0.0.1:0', '--db', join(dataDir, 'cloud.db'), '--connect-delay-ms', '0'], {
    HILENS_EMULATOR_KEYS: `${AK}:${SK}:${PROJECT}`,
  }, /listening on (http:\/\/127\.0\.0\.1:\d+)/, seen.output);
  children.push(emu.child);
  emulator = await emu.url;
  // The workspace line-a is made first, so the users file can limit wanda to it.
  base = await startProxy(['--console-auth', 'users', '--users-file', writeUsers()]);
  const ws = await adminApi('POST', '/workspaces', { name: 'line-a', description: 'e2e' });
  workspaceA = ws.workspace_id ?? ws.id;
  assert.ok(workspaceA, JSON.stringify(ws));
  writeUsers();
  await waitForLimit();
  deviceA = (await adminApi('POST', '/nodes', { node: { name: 'cam-line-a', workspace_id: workspaceA } })).id;
  deviceOther = (await adminApi('POST', '/nodes', { node: { name: 'cam-elsewhere' } })).id;
  deviceDefault = (await adminApi('POST', '/nodes', { node: { name: 'cam-to-stop' } })).id;
  browser = await launchBrowser();
});

/** Writes the users file (wanda limited to line-a once it exists); the proxy re-reads it. */
let usersFile;
function writeUsers() {
  usersFile ??= join(dataDir, 'users.toml');
  const text = Object.entries(USERS).map(([name, u]) => {
    const limit = u.limited ? `workspaces = [${JSON.stringify(workspaceA ?? 'none-yet')}]\n` : '';
    return `[[users]]\nname = "${name}"\npassword_hash = "${hashes[name] ??= hash(u.password)}"\nrole = "${u.role}"\n${limit}`;
  }).join('\n');
  writeFileSync(usersFile, text, { mode: 0o600 });
  return usersFile;
}
const hashes = {};

/** Waits for the proxy to have re-read the users file (wanda limited to line-a). */
async function waitForLimit() {
  for (let i = 0; i < 50; i++) {
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-HiLens-Console': '1' },
      body: JSON.stringify({ domain: '', user: 'wanda', password: USERS.wanda.password }) });
    if ((await login.json()).workspaces?.[0] === workspaceA) return;
    await new Promise((ok) => setTimeout(ok, 200));
  }
  assert.fail('the proxy did not take the changed users file');
}

after(async () => {
  await browser?.close();
  await stopServers(...children);
  removeDir(dataDir);
  dirs.forEach(removeDir);
});

/** A new browser context signed in as `user` on the sign-in page, as a person does it. */
async function signInAs(user, path = '/devices') {
  const page = await recordedPage(browser, seen);
  await page.goto(`${base}${path}`);
  await page.waitForURL(/\/login/);
  // Local accounts have a name and a password only.
  assert.ok(await page.getByLabel('Account (domain)').isHidden());
  assert.ok(await page.getByLabel('Project (optional, id or name)').isHidden());
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(USERS[user].password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === path);
  return page;
}

/** The reason a refused action gives (its description, shown on hover). */
async function reasonOf(page, control) {
  await control.hover();
  const tooltip = page.getByRole('tooltip');
  await tooltip.waitFor();
  const described = await control.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby'))?.textContent);
  assert.equal(await tooltip.textContent(), described, 'the shown reason is the control\'s description');
  return described;
}

test('a viewer sees Delete disabled with its reason; the call forced from the page is 403 and audited', async () => {
  const page = await signInAs('vera', `/devices/${deviceOther}`);
  await page.getByRole('heading', { name: 'cam-elsewhere' }).waitFor();
  const del = page.getByRole('button', { name: 'Delete device', disabled: true });
  await del.waitFor();
  assert.equal(await reasonOf(page, del), 'Needs the admin role');
  assert.equal(await reasonOf(page, page.getByRole('button', { name: 'Stop', disabled: true })), 'Needs the operator role');
  await del.click({ force: true });
  assert.equal(await page.getByTestId('confirm').count(), 0, 'a refused action opens nothing');
  // Forced from the page all the same: refused before HiLens, naming the permission.
  const forced = await pageApi(page, 'DELETE', `/v3/${PROJECT}/ai-mgr/nodes/${deviceOther}`);
  assert.equal(forced.status, 403, JSON.stringify(forced.body));
  assert.equal(forced.body.error_code, 'CONSOLE.0403');
  assert.match(forced.body.error_msg, /devices:delete/);
  assert.equal((await pageApi(page, 'GET', `/v3/${PROJECT}/ai-mgr/nodes/${deviceOther}`)).status, 200, 'the device is still there');
  // The viewer's Audit page says who may read it, and asks nothing.
  const asked = [];
  page.on('request', (r) => r.url().includes('/portal/audit') && asked.push(r.url()));
  await page.getByRole('navigation', { name: 'HiLens' }).getByRole('link', { name: 'Audit log' }).click();
  await page.getByText('You may not read the audit log: Needs the admin role').waitFor();
  assert.deepEqual(asked, []);
  await page.context().close();

  // An admin finds the refusal in the audit log, filtered in the URL, linked to the device.
  const admin = await signInAs('ada', '/audit');
  // Operations are chosen, and shown, in words; the URL and the CSV keep the API's names.
  // A choice applies at once and leaves what was typed and not yet searched.
  await admin.getByRole('searchbox', { name: 'User' }).fill('vera');
  await admin.getByRole('combobox', { name: 'Operation' }).selectOption({ label: 'Delete a device' });
  await admin.waitForURL(/operation=delete_node/);
  assert.equal(await admin.getByRole('searchbox', { name: 'User' }).inputValue(), 'vera');
  await admin.getByRole('button', { name: 'Search' }).click();
  await admin.waitForURL(/user=vera/);
  assert.match(admin.url(), /operation=delete_node/);
  await admin.reload();
  await admin.getByTestId('audit-row').first().waitFor();
  assert.equal(await admin.getByRole('combobox', { name: 'Operation' }).inputValue(), 'delete_node');
  const row = admin.getByTestId('audit-row').filter({ hasText: 'Delete a device' }).first();
  await row.waitFor();
  assert.equal(await row.getByTestId('audit-status').textContent(), 'Refused · 403');
  assert.equal(await row.getByTestId('audit-operation').getAttribute('title'), 'delete_node');
  assert.match(await row.textContent(), /Viewer/, 'the role in words');
  // The device by its name (the console looks it up), linked to its page.
  const link = row.getByRole('link', { name: 'cam-elsewhere' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), `/devices/${deviceOther}`);
  // The CSV holds the same filters.
  const csv = await admin.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  assert.match(csv, /format=csv/);
  assert.match(csv, /user=vera/);
  const download = await admin.evaluate(async (href) => (await fetch(href)).text(), csv);
  assert.match(download.split('\n')[0], /^seq,kind,intent,ts,user/);
  assert.match(download, /vera,users,viewer,delete_node/);
  // Live while visible: a new refusal shows up without a reload.
  const before = await admin.getByTestId('audit-row').count();
  const vera = await signInAs('vera', '/access');
  await pageApi(vera, 'DELETE', `/v3/${PROJECT}/ai-mgr/nodes/${deviceA}`);
  await vera.context().close();
  await admin.waitForFunction((n) => document.querySelectorAll('[data-testid=audit-row]').length > n, before, { timeout: 15000 });
  await admin.context().close();
});

test('an operator stops a device but cannot delete it', async () => {
  const page = await signInAs('otto', `/devices/${deviceDefault}`);
  await page.getByRole('heading', { name: 'cam-to-stop' }).waitFor();
  const del = page.getByRole('button', { name: 'Delete device', disabled: true });
  assert.equal(await reasonOf(page, del), 'Needs the admin role');
  await page.getByRole('button', { name: 'Stop', disabled: false }).click();
  // A stop asks first (issue 21).
  await page.getByRole('alertdialog', { name: 'Stop device' }).getByRole('button', { name: 'Stop device' }).click();
  await page.getByRole('button', { name: 'Start' }).waitFor();
  const node = await pageApi(page, 'GET', `/v3/${PROJECT}/ai-mgr/nodes/${deviceDefault}`);
  assert.equal(node.body.state, 'STOPPED');
  assert.equal((await pageApi(page, 'DELETE', `/v3/${PROJECT}/ai-mgr/nodes/${deviceDefault}`)).status, 403);
  // The Access page says who they are and what they may do.
  await page.getByRole('navigation', { name: 'HiLens' }).getByRole('link', { name: 'Access' }).click();
  await page.getByRole('heading', { name: 'Who I am' }).waitFor();
  assert.equal(await page.getByTestId('whoami-user').textContent(), 'otto');
  assert.equal(await page.getByTestId('whoami-role').textContent(), 'Operator');
  assert.match(await page.getByTestId('whoami-method').textContent(), /local account/);
  assert.equal(await page.getByTestId('whoami-workspaces').textContent(), 'Every workspace');
  // What they may do, in words, one line for what it is over (the permission's name on hover).
  const may = page.getByTestId('permissions');
  await may.getByText('Devices', { exact: true }).waitFor();
  const devices = may.getByTestId('permission').filter({ has: page.getByTitle('devices:operate') });
  assert.equal(await devices.textContent(), 'view, change, start and stop');
  await page.context().close();
});

test('an operator limited to one workspace cannot touch another workspace\'s device', async () => {
  const page = await signInAs('wanda', `/devices/${deviceA}`);
  await page.getByRole('heading', { name: 'cam-line-a' }).waitFor();
  // Their own: they may stop it.
  await page.getByRole('button', { name: 'Stop', disabled: false }).waitFor();
  // Another workspace's device: its page is refused, and so is a call forced from the page.
  await page.goto(`${base}/devices/${deviceOther}`);
  const refused = page.getByRole('alert').filter({ hasText: 'CONSOLE.0403' });
  await refused.waitFor();
  const forced = await pageApi(page, 'POST', `/v3/${PROJECT}/ai-mgr/nodes/${deviceOther}/action/stop`);
  assert.equal(forced.status, 403, JSON.stringify(forced.body));
  assert.equal(forced.body.error_code, 'CONSOLE.0403');
  assert.equal((await adminApi('GET', `/nodes/${deviceOther}`)).state, 'RUNNING', 'the other device was not stopped');
  // Lists show their workspace's devices only.
  await page.goto(`${base}/devices`);
  await page.getByRole('link', { name: 'cam-line-a' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'cam-elsewhere' }).count(), 0);
  // Their switcher and the Access page show their one workspace.
  const options = await page.getByRole('combobox', { name: 'Workspace', exact: true }).locator('option').allTextContents();
  assert.deepEqual(options, ['line-a']);
  await page.goto(`${base}/access`);
  assert.equal(await page.getByTestId('whoami-workspaces').textContent(), workspaceA);
  await page.context().close();
});

test('an API token works, is revoked on the Access page, and is then refused', async () => {
  const page = await signInAs('otto', '/access');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await page.getByRole('heading', { name: 'My API tokens' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('ci deploy');
  await page.getByLabel('Valid for days (1–365)').fill('7');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const value = page.getByLabel('Token', { exact: true });
  await value.waitFor();
  token = await value.inputValue();
  assert.match(token, /^hlt_/);
  await page.getByText('Copy it now: this token is not shown again.').waitFor();
  await page.getByRole('button', { name: 'Copy' }).click();
  await page.getByRole('button', { name: 'Copied', exact: true }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
  await page.getByRole('button', { name: 'I have copied it' }).click();
  assert.equal(await page.getByLabel('Token', { exact: true }).count(), 0, 'shown once');
  const row = page.getByTestId('token-row').filter({ hasText: 'ci deploy' });
  await row.waitFor();

  // A script uses it: no cookie, no console header, the operator's permissions.
  const call = (method, path) => fetch(`${base}/api/v3/${PROJECT}/ai-mgr${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
  assert.equal((await call('GET', '/nodes?limit=5')).status, 200);
  assert.equal((await call('POST', `/nodes/${deviceDefault}/action/start`)).status, 200);
  assert.equal((await call('DELETE', `/nodes/${deviceDefault}`)).status, 403);

  // Revoked from the page, with its name typed; refused from then on.
  await row.getByRole('button', { name: 'Revoke ci deploy' }).click();
  await page.getByTestId('confirm-name').fill('ci deploy');
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('token-row').filter({ hasText: 'ci deploy' }).waitFor({ state: 'detached' });
  const refused = await call('GET', '/nodes?limit=5');
  assert.equal(refused.status, 401, await refused.text());
  await page.reload();
  await page.getByRole('heading', { name: 'My API tokens' }).waitFor();
  assert.ok(!(await page.content()).includes(token), 'the token is never shown again');
  await page.context().close();
});

test('sign-in through an OpenID provider: a group bound to a role', async () => {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const provider = spawn('node', [new URL('../oidc/provider.mjs', import.meta.url).pathname, String(await freePort()), 'hilens-console',
    OIDC_SECRET, `${publicUrl}/auth/oidc/callback`], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(provider);
  const issuer = await new Promise((ok, fail) => {
    provider.stdout.on('data', (d) => { const m = String(d).match(/ready (\S+)/); if (m) ok(m[1]); });
    provider.on('exit', (code) => fail(new Error(`the provider exited with ${code}`)));
  });
  const secretFile = join(dataDir, 'oidc-secret');
  writeFileSync(secretFile, OIDC_SECRET, { mode: 0o600 });
  const rolesFile = join(dataDir, 'roles.toml');
  writeFileSync(rolesFile, '[[bindings]]\ngroup = "line-ops"\nrole = "operator"\n\n[[bindings]]\ngroup = "auditors"\nrole = "viewer"\n');
  const oidcBase = await startProxy(['--console-auth', 'oidc', '--oidc-issuer', issuer, '--oidc-client-id', 'hilens-console',
    '--oidc-client-secret-file', secretFile, '--oidc-scope', 'profile', '--oidc-scope', 'groups', '--public-url', publicUrl,
    '--roles-file', rolesFile], `127.0.0.1:${port}`);
  assert.equal(oidcBase, publicUrl);

  const page = await recordedPage(browser, seen);
  await page.goto(`${publicUrl}/access`);
  await page.waitForURL(/\/login/);
  // Only the provider is offered: no password here.
  assert.ok(await page.getByLabel('Password').isHidden());
  await page.getByRole('link', { name: "Sign in with your organisation's account" }).click();
  await page.getByRole('heading', { name: 'Sign in to the test provider' }).waitFor();
  await page.getByLabel('Account').fill('mei');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`${publicUrl}/access`);
  await page.getByRole('heading', { name: 'Who I am' }).waitFor();
  assert.equal(await page.getByTestId('whoami-user').textContent(), 'mei');
  assert.match(await page.getByTestId('whoami-method').textContent(), /OpenID Connect/);
  // mei is in line-ops, bound to the operator role: devices operate, deletes refused.
  assert.equal(await page.getByTestId('whoami-role').textContent(), 'Operator');
  await page.goto(`${publicUrl}/devices/${deviceDefault}`);
  await page.getByRole('button', { name: 'Delete device', disabled: true }).waitFor();
  await page.getByRole('button', { name: /^(Stop|Start)$/, disabled: false }).waitFor();
  await page.context().close();
});

test('no response, console message or server line holds a password or the token (but its one showing)', async () => {
  assert.ok(seen.responses.length > 20, `recorded ${seen.responses.length} responses`);
  // The one answer that shows the new token: POST /auth/tokens.
  const showing = (r) => r.startsWith(`${base}/auth/tokens\n`) && r.includes('"expires_at"') && r.includes('"token":');
  assert.equal(seen.responses.filter(showing).length, 1);
  const everything = [...seen.responses.filter((r) => !showing(r)), ...seen.console, ...seen.output];
  for (const [name, secret] of [...Object.entries(USERS).map(([n, u]) => [n, u.password]), ['SK', SK], ['OIDC secret', OIDC_SECRET], ['token', token]]) {
    const leak = everything.find((t) => t.includes(secret));
    assert.equal(leak, undefined, `${name} appears in: ${leak?.slice(0, 300)}`);
  }
});
