// End-to-end: the console built for a static host under a path prefix (scripts/build-static),
// served by a plain static file server on another port, talking cross-origin to the proxy
// (started with --allow-origin for that host). Sign-in, browsing, a deep link and a reload
// must all work under the prefix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, extname, resolve } from 'node:path';
import { proxyBin, startServer, tempDir, removeDir, launchBrowser, recordedPage, shots, stopServers } from './harness.mjs';

const root = resolve(new URL('.', import.meta.url).pathname, '../..');
const PREFIX = '/hilens/';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.json': 'application/json' };
const seen = { responses: [], console: [], output: [] };
let host, hostUrl, proxy, proxyUrl, browser, page, out, dataDir;

/** A static host: files under PREFIX, and index.html for any other path under it. */
function staticHost(dir) {
  return createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(PREFIX)) {
      res.writeHead(404).end('not here');
      return;
    }
    let file = join(dir, path.slice(PREFIX.length));
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
}

before(async () => {
  out = tempDir('static-dist');
  host = staticHost(out);
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  hostUrl = `http://127.0.0.1:${host.address().port}`;
  dataDir = tempDir('static-proxy');
  const started = startServer(proxyBin, ['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--allow-origin', hostUrl], {},
    /HiLens console: (http:\/\/127\.0\.0\.1:\d+)\//, seen.output);
  proxy = started.child;
  proxyUrl = await started.url;
  execFileSync(join(root, 'scripts/build-static'), [PREFIX, proxyUrl, out, '--dev'], { stdio: 'inherit' });
  browser = await launchBrowser();
  page = await recordedPage(browser, seen);
});

after(async () => {
  await browser?.close();
  await stopServers(proxy);
  host?.close();
  removeDir(out);
  removeDir(dataDir);
});

test('under a prefix on another host: sign in, browse, follow links, reload a deep link', async () => {
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
  assert.equal(config.proxy_base, proxyUrl);
  assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /<base href="\/hilens\/"/);

  await page.goto(`${hostUrl}${PREFIX}skills?platform=Linux`);
  await page.waitForURL(/\/hilens\/login\?redirect=/);
  // The redirect names a console path; the router puts the prefix back.
  assert.equal(new URL(page.url()).searchParams.get('redirect'), '/skills?platform=Linux');
  await page.fill('input[name=domain]', 'hilens-demo');
  await page.fill('input[name=user]', 'demo');
  await page.fill('input[name=password]', 'HiLens-Demo-2026');
  await page.click('[data-testid=sign-in]');
  await page.waitForURL(/\/hilens\/skills\?platform=Linux$/);
  await page.locator('[data-testid=skill-row]').first().waitFor();
  const platforms = await page.locator('[data-testid=skill-row] td:nth-child(4)').allTextContents();
  assert.ok(platforms.length > 0 && platforms.every((p) => p === 'Linux'), platforms.join());

  // Links and keyboard jumps stay under the prefix.
  const first = page.locator('[data-testid=skill-row] td:first-child a').first();
  assert.match(await first.getAttribute('href'), /^\/hilens\/skills\/[0-9a-f]{32}$/);
  await first.click();
  await page.waitForURL(/\/hilens\/skills\/[0-9a-f]{32}$/);
  await page.locator('[data-testid=skill-name]').waitFor();
  await page.reload();
  await page.locator('[data-testid=skill-name]').waitFor();
  await page.locator('nav[aria-label=HiLens] a', { hasText: 'Skill orders' }).click();
  await page.waitForURL(`${hostUrl}${PREFIX}orders`);
  await page.screenshot({ path: join(shots, '20-static-host.png'), fullPage: true });
  // Every API call went to the proxy, none to the static host.
  assert.ok(seen.responses.some((r) => r.startsWith(`${proxyUrl}/api/`)));
  assert.ok(!seen.responses.some((r) => r.startsWith(`${hostUrl}/api/`) || r.startsWith(`${hostUrl}${PREFIX}api/`)));
});
