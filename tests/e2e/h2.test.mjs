// End-to-end: the proxy over HTTPS (--tls-cert/--tls-key) with a certificate of a test CA made
// here with Debian's openssl, and Chromium trusting that CA only (by its key's hash). The
// console loads and signs in, and every script, wasm and API call went over HTTP/2.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { proxyBin, dist, shots, startServer, tempDir, removeDir, launchBrowser, recordedPage, signIn, assertNoSecrets, stopServers } from './harness.mjs';

assert.ok(proxyBin, 'HILENS_PROXY_BIN must name the hilens-proxy binary');

const seen = { responses: [], console: [], output: [] };
let certDir, dataDir, proxy, base, browser, caSpki;

/** A CA, and a certificate for 127.0.0.1 it signed (the chain, leaf first, and the key). */
function testCa(dir) {
  const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=HiLens e2e test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign', '-keyout', 'ca.key', '-out', 'ca.pem');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=127.0.0.1',
    '-keyout', 'key.pem', '-out', 'leaf.csr');
  writeFileSync(join(dir, 'leaf.ext'),
    'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=critical,CA:FALSE\n');
  openssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'leaf.ext', '-out', 'leaf.pem');
  writeFileSync(join(dir, 'chain.pem'), readFileSync(join(dir, 'leaf.pem'), 'utf8') + readFileSync(join(dir, 'ca.pem'), 'utf8'));
  const ca = new X509Certificate(readFileSync(join(dir, 'ca.pem')));
  const spki = createHash('sha256').update(ca.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  return { cert: join(dir, 'chain.pem'), key: join(dir, 'key.pem'), spki };
}

before(async () => {
  certDir = tempDir('h2-ca');
  const ca = testCa(certDir);
  caSpki = ca.spki;
  dataDir = tempDir('h2');
  const started = startServer(proxyBin,
    ['--listen', '127.0.0.1:0', '--dist', dist, '--data-dir', dataDir, '--tls-cert', ca.cert, '--tls-key', ca.key], {},
    /HiLens console: (https:\/\/127\.0\.0\.1:\d+)\//, seen.output);
  proxy = started.child;
  base = await started.url;
  browser = await launchBrowser([`--ignore-certificate-errors-spki-list=${caSpki}`]);
});

after(async () => {
  await browser?.close();
  await stopServers(proxy);
  removeDir(dataDir);
  removeDir(certDir);
});

test('over HTTPS the console loads, signs in and fetches its scripts, wasm and API calls over h2', async () => {
  const page = await recordedPage(browser, seen);
  await signIn(page, base, '/skills');
  await page.locator('[data-testid=skill-row]').first().waitFor();
  const entries = await page.evaluate(() => [
    ...performance.getEntriesByType('navigation'),
    ...performance.getEntriesByType('resource'),
  ].map((e) => ({ url: e.name, protocol: e.nextHopProtocol })));
  const path = (e) => new URL(e.url).pathname;
  const code = entries.filter((e) => /\.(js|wasm)$/.test(path(e)));
  const api = entries.filter((e) => path(e).startsWith('/api/') || path(e).startsWith('/auth/'));
  assert.ok(code.some((e) => path(e).endsWith('.wasm')) && code.some((e) => path(e).endsWith('.js')),
    `scripts and wasm were fetched: ${code.map(path).join(' ')}`);
  assert.ok(api.length > 0, 'API calls were made');
  const notH2 = [entries[0], ...code, ...api].filter((e) => e.protocol !== 'h2');
  assert.deepEqual(notH2, [], 'everything went over h2');
  // Served over TLS, the session cookie is Secure.
  const cookies = await page.context().cookies(base);
  assert.ok(cookies.some((c) => c.name === 'hilens_session' && c.secure && c.httpOnly), JSON.stringify(cookies));
  await page.screenshot({ path: join(shots, '30-h2.png'), fullPage: true });
  assertNoSecrets(assert, seen);
  await page.close();
});

test('the certificate is checked: a browser that does not trust the test CA refuses the site', async () => {
  const untrusting = await launchBrowser();
  try {
    const page = await untrusting.newPage();
    await assert.rejects(page.goto(`${base}/login`), /ERR_CERT_AUTHORITY_INVALID/);
  } finally {
    await untrusting.close();
  }
});
