// The console over a real link: a TCP relay on 127.0.0.1 that delays each direction, and cold
// loads of a page in Chromium measured from navigation to its content. Shared by
// network.test.mjs (counts, in CI) and bench/network (times, printed).
import { createServer, connect } from 'node:net';

/**
 * A TCP relay on 127.0.0.1 in front of `target` (`host:port`) that holds every chunk `delayMs`
 * before passing it on, in each direction: a round trip through it costs 2 × `delayMs` more,
 * on every connection, as on a real link (connection set-up included: the first bytes of each
 * side wait too). Resolves with `{ url, close }`.
 */
export async function delayRelay(target, delayMs) {
  const [host, port] = target.replace(/^https?:\/\//, '').split(':');
  const sockets = new Set();
  const pipe = (from, to) => {
    // Chunks keep their order: each one leaves `delayMs` after it arrived.
    from.on('data', (chunk) => setTimeout(() => to.destroyed || to.write(chunk), delayMs));
    from.on('end', () => setTimeout(() => to.destroyed || to.end(), delayMs));
    from.on('error', () => to.destroy());
    from.on('close', () => setTimeout(() => to.destroy(), delayMs + 1));
  };
  const server = createServer((client) => {
    const upstream = connect(Number(port), host);
    sockets.add(client).add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((ok) => server.close(ok));
    },
  };
}

/** What shows that a page has its content (a person would say "it is there"). */
export const CONTENT = {
  overview: 'main [data-testid^=card-][data-loaded=true]',
  list: 'main table tbody tr',
  heading: 'main h1',
  editor: 'main form input',
};

/**
 * Opens `url` cold in a new browser context (empty cache, cache disabled, the session cookie of
 * `signedIn`), optionally throttled through the DevTools protocol, and waits for `selector`.
 * Returns the time from navigation to the content (Performance API), the script/wasm requests
 * and the bytes on the wire until then, or `hung: true` when the content did not show within
 * `timeoutMs`.
 */
export async function coldLoad(browser, { url, selector, cookies = [], throttle, timeoutMs = 15000, locale = 'en-US' }) {
  const context = await browser.newContext({ locale, viewport: { width: 1366, height: 900 } });
  if (cookies.length) await context.addCookies(cookies);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: throttle.rttMs,
      downloadThroughput: (throttle.mbit * 1e6) / 8,
      uploadThroughput: (throttle.mbit * 1e6) / 16,
    });
  }
  const requests = [];
  const pending = new Map();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  let bytes = 0;
  cdp.on('Network.requestWillBeSent', (e) => {
    pending.set(e.requestId, e.request.url);
    requests.push({ url: e.request.url, wall: e.wallTime * 1000 });
  });
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    pending.delete(e.requestId);
  });
  cdp.on('Network.loadingFailed', (e) => pending.delete(e.requestId));
  // The moment the content appears, by the page's own clock.
  await page.addInitScript((sel) => {
    const look = () => {
      if (window.__contentAt === undefined && document.querySelector(sel)) window.__contentAt = performance.now();
    };
    new MutationObserver(look).observe(document, { childList: true, subtree: true });
  }, selector);
  let hung = false;
  let ms = null;
  let scripts = [];
  try {
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    await page.waitForFunction(() => window.__contentAt !== undefined, null, { timeout: timeoutMs, polling: 50 });
    const [at, origin] = await page.evaluate(() => [window.__contentAt, performance.timeOrigin]);
    ms = at;
    // The script and wasm requests made from navigation until the content showed.
    scripts = requests.filter((r) => r.wall <= origin + at && /\.(js|wasm)$/.test(new URL(r.url).pathname)).map((r) => r.url);
  } catch (e) {
    hung = true;
    // Whether the page's own thread still answers, and what it has: tells a stalled network from
    // a stuck page.
    const state = await Promise.race([
      page.evaluate(() => `links ${document.querySelectorAll('link[rel=preload]').length}, resources done ${performance.getEntriesByType('resource').length}, body ${document.body.innerHTML.length} chars`),
      new Promise((ok) => setTimeout(() => ok('the page does not answer'), 3000)),
    ]).catch((err) => `evaluate failed: ${err.message}`);
    errors.push(`page state: ${state}`);
  }
  const stuck = [...pending.values()].map((u) => new URL(u).pathname);
  const wire = bytes;
  await context.close();
  return { ms, hung, scripts, requests: requests.length, bytes: wire, stuck, errors };
}

/** Signs the demo user in through `base` (the proxy) and returns the session cookie for `url`. */
export async function demoCookie(base, url) {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-HiLens-Console': '1' },
    body: JSON.stringify({ domain: 'hilens-demo', user: 'demo', password: 'HiLens-Demo-2026' }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const set = res.headers.get('set-cookie') ?? '';
  const [pair] = set.split(';');
  const [name, value] = pair.split('=');
  return [{ name, value, url }];
}
