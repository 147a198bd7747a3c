// What the end-to-end tests share: starting the real servers on free ports, a browser, and a
// record of everything the browser received and the servers printed, for the secrets scan.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after } from 'node:test';
import { chromium } from 'playwright-core';

const here = new URL('.', import.meta.url).pathname;
export const proxyBin = process.env.HILENS_PROXY_BIN;
export const emulatorBin = process.env.HILENS_EMULATOR_BIN;
export const dist = process.env.HILENS_DIST ?? resolve(here, '../../dist');
export const shots = process.env.HILENS_SCREENSHOTS ?? resolve(here, '../../target/e2e');

/** Starts a server that prints `<prefix> (http://127.0.0.1:PORT)`; resolves with its URL. */
export function startServer(bin, args, env, ready, output) {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const url = new Promise((ok, fail) => {
    let out = '';
    const take = (chunk) => {
      out += chunk;
      output.push(String(chunk));
      const m = out.match(ready);
      if (m) ok(m[1]);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', (code) => fail(new Error(`${bin} exited with ${code}: ${out}`)));
    // Unref'd: a started server's file need not wait out the timer before it exits.
    setTimeout(() => fail(new Error(`${bin} did not start: ${out}`)), 20000).unref();
  });
  return { child, url };
}

export function tempDir(name) {
  return mkdtempSync(join(tmpdir(), `hilens-e2e-${name}-`));
}

export function removeDir(dir) {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/**
 * Stops the servers (SIGTERM; SIGKILL after 10 s) and waits until they have exited: a proxy
 * finishing its audit log and closing SQLite still writes in its data folder, which must not
 * be removed under it (rmSync then fails with ENOTEMPTY).
 */
export async function stopServers(...children) {
  await Promise.all(children.filter(Boolean).map((child) => {
    if (child.exitCode !== null || child.signalCode !== null) return undefined;
    return new Promise((done) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 10000);
      child.once('exit', () => { clearTimeout(killer); done(); });
      child.kill('SIGTERM');
    });
  }));
}

/** Debian's Chromium, headless; `extraArgs` are added to its command line. */
export async function launchBrowser(extraArgs = []) {
  mkdirSync(shots, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

/** A page whose responses (headers and bodies) and console messages are recorded. */
export async function recordedPage(browser, seen, locale = 'en-US') {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('console', (msg) => seen.console.push(msg.text()));
  page.on('response', async (resp) => {
    const headers = JSON.stringify(await resp.allHeaders().catch(() => ({})));
    const body = await resp.text().catch(() => '');
    seen.responses.push(`${resp.url()}\n${headers}\n${body}`);
  });
  return page;
}

/** Emulator tokens look like MIIE followed by hex; any in what a browser got is a leak. */
export const TOKEN_PATTERN = /MIIE[0-9a-f]{16,}/;

/** The proxy on its embedded emulator, on a free port and a fresh data folder. */
export async function startConsole(name, seen, extraArgs = []) {
  const dataDir = tempDir(name);
  const started = startServer(proxyBin, ['--listen', '127.0.0.1:0', '--dist', dist, '--data-dir', dataDir, ...extraArgs], {},
    /HiLens console: (http:\/\/127\.0\.0\.1:\d+)\//, seen.output);
  return { proxy: started.child, base: await started.url, dataDir };
}

/** On the sign-in page: waits for the demo account to be filled in (the console's configuration
 *  has arrived), types the password and signs in. */
export async function submitDemoSignIn(page) {
  await page.getByText('Local mode: the demo account is filled in').waitFor();
  await page.getByLabel('Password').fill('HiLens-Demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in with the demo account from `path`'s sign-in redirect, and waits to be back there. */
export async function signIn(page, base, path = '/skills') {
  await page.goto(`${base}/login?redirect=${encodeURIComponent(path)}`);
  await submitDemoSignIn(page);
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/** Nothing the browser received, printed or the servers logged holds a token, and the page ran
 *  without a Content-Security-Policy violation. */
export function assertNoSecrets(assert, seen) {
  const everything = [...seen.responses, ...seen.console, ...seen.output];
  assert.ok(seen.responses.length > 5, `recorded ${seen.responses.length} responses`);
  const token = everything.find((t) => TOKEN_PATTERN.test(t));
  assert.equal(token, undefined, `a token appears in: ${token?.slice(0, 200)}`);
  assert.deepEqual(seen.console.filter((m) => /Content Security Policy/i.test(m)), []);
}

/**
 * One test file's console: the proxy on a fresh data folder, a browser and a recorded page,
 * started by `await c.start()` in the file's `before` (signed in at `signInTo` when given; `args`
 * go to the proxy) and stopped after the file's tests.
 */
export function useConsole(name, { signInTo, args = [] } = {}) {
  const c = { seen: { responses: [], console: [], output: [] }, page: null, base: null };
  let proxy, browser, dataDir;
  c.start = async () => {
    ({ proxy, base: c.base, dataDir } = await startConsole(name, c.seen, args));
    browser = await launchBrowser();
    c.page = await recordedPage(browser, c.seen);
    if (signInTo) await signIn(c.page, c.base, signInTo);
    return c;
  };
  after(async () => {
    await browser?.close();
    await stopServers(proxy);
    removeDir(dataDir);
  });
  c.shot = (shotName) => c.page.screenshot({ path: join(shots, `${shotName}.png`), fullPage: true });
  return c;
}

/** A call of the API from `page` (its session's cookie, the console's header): status and body. */
export function pageApi(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const r = await fetch(`/api${p}`, { method: m, headers: { 'Content-Type': 'application/json', 'X-HiLens-Console': '1' }, body: b ? JSON.stringify(b) : undefined });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, [method, path, body]);
}
