// The console through hilens-proxy in front of a standalone hilens-emulator posing as the
// cloud: service mode (AK/SK, nobody signs in) and user mode (IAM sign-in). Everything the
// browser receives and every line the servers print is scanned for the AK, the SK, the
// password and any token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { proxyBin, emulatorBin, dist, shots, startServer, tempDir, removeDir, launchBrowser, recordedPage, TOKEN_PATTERN, stopServers } from './harness.mjs';

assert.ok(proxyBin && emulatorBin, 'HILENS_PROXY_BIN and HILENS_EMULATOR_BIN must be set');

const AK = 'HPUAE2ECLOUDAK000001';
const SK = 'E2eCloudSecretKey0123456789abcdefghijk';
const PROJECT = '5d2f0e6c8b1a4f3e9d7c6b5a4f3e2d1c';
const PASSWORD = 'Cloud-User-Pa55word!';
const seen = { responses: [], console: [], output: [] };
const servers = [];
let browser, dataDir, emulator;

before(async () => {
  dataDir = tempDir('cloud');
  const emu = startServer(emulatorBin, ['--listen', '127.0.0.1:0', '--db', join(dataDir, 'cloud.db')], {
    HILENS_EMULATOR_USERS: `acme:operator:${PASSWORD}:${PROJECT}`,
    HILENS_EMULATOR_KEYS: `${AK}:${SK}:${PROJECT}`,
  }, /listening on (http:\/\/127\.0\.0\.1:\d+)/, seen.output);
  servers.push(emu.child);
  emulator = await emu.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServers(...servers);
  removeDir(dataDir);
});

async function startProxy(extraArgs, env) {
  // Each proxy keeps its state (the audit log) in a folder of its own.
  const p = startServer(proxyBin, ['--listen', '127.0.0.1:0', '--dist', dist, '--hilens-endpoint', emulator,
    '--iam-endpoint', emulator, '--data-dir', join(dataDir, `proxy-${servers.length}`), ...extraArgs], env,
    /HiLens console: (http:\/\/127\.0\.0\.1:\d+)\//, seen.output);
  servers.push(p.child);
  return p.url;
}

test('service mode: nobody signs in, the console browses the market through signed calls', async () => {
  const base = await startProxy(['--console-auth', 'none'], { HILENS_AK: AK, HILENS_SK: SK, HILENS_PROJECT_ID: PROJECT });
  const page = await recordedPage(browser, seen);
  await page.goto(`${base}/skills?chip=x86`);
  await page.locator('[data-testid=skill-row]').first().waitFor();
  const chips = await page.locator('[data-testid=skill-row] td:nth-child(3)').allTextContents();
  assert.ok(chips.length > 0 && chips.every((c) => c === 'x86'), chips.join(','));
  // The project the proxy signs for: by name in the top bar, its id in the tooltip.
  assert.match(await page.locator('[data-testid=project]').getAttribute('title'), new RegExp(PROJECT));
  await page.screenshot({ path: join(shots, '10-service-mode.png'), fullPage: true });
  await page.context().close();
});

test('user mode: an IAM user signs in and browses; the token stays in the proxy', async () => {
  const base = await startProxy([], {});
  const page = await recordedPage(browser, seen);
  await page.goto(`${base}/skills`);
  await page.waitForURL(/\/login/);
  assert.equal(await page.locator('input[name=password]').inputValue(), '', 'no demo account offered in cloud mode');
  await page.fill('input[name=domain]', 'acme');
  await page.fill('input[name=user]', 'operator');
  await page.fill('input[name=password]', PASSWORD);
  await page.click('[data-testid=sign-in]');
  await page.waitForURL(/\/skills$/);
  await page.locator('[data-testid=skill-row]').first().waitFor();
  assert.equal(await page.locator('[data-testid=skill-row]').count(), 10);
  await page.locator('[data-testid=skill-row] a').first().click();
  await page.locator('[data-testid=skill-name]').waitFor();
  await page.context().close();
});

test('no response, console message or server log line holds the AK, SK, password or a token', async () => {
  assert.ok(seen.responses.length > 10, `recorded ${seen.responses.length} responses`);
  const everything = [...seen.responses, ...seen.console, ...seen.output];
  for (const [name, secret] of [['AK', AK], ['SK', SK], ['password', PASSWORD]]) {
    const leak = everything.find((t) => t.includes(secret));
    assert.equal(leak, undefined, `the ${name} appears in: ${leak?.slice(0, 200)}`);
  }
  const token = everything.find((t) => TOKEN_PATTERN.test(t));
  assert.equal(token, undefined, `a token appears in: ${token?.slice(0, 200)}`);
  const logLines = seen.output.join('').split('\n').filter((l) => l.startsWith('{'));
  assert.ok(logLines.length > 5, 'the proxies wrote request log lines');
  // A request's line is the one event without a message; others (the roll-out driver's
  // lease, start-up) say what happened in `msg`.
  const entries = logLines.map((line) => JSON.parse(line));
  const requests = entries.filter((entry) => !('msg' in entry));
  assert.ok(requests.length > 5, `${requests.length} request lines`);
  for (const entry of requests) {
    for (const key of ['method', 'operation', 'status', 'latency_ms', 'request_id']) assert.ok(key in entry, `${key} in ${JSON.stringify(entry)}`);
  }
  for (const entry of entries) assert.ok(entry.level && entry.ts, `a level and a time in ${JSON.stringify(entry)}`);
  assert.ok(logLines.some((l) => l.includes('"operation":"show_skill_list"')), 'operations are named');
});

test('the console runs under the Content-Security-Policy without violations', async () => {
  const violations = seen.console.filter((m) => /Content Security Policy/i.test(m));
  assert.deepEqual(violations, []);
});
