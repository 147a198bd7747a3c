// bench/network/run's measurement (see there): starts the proxy on a fresh embedded emulator,
// registers a dozen devices, and opens each page cold over both kinds of slow link.
//
//   node bench/network/measure.mjs RTT_MS MBIT LOADS
import { startConsole, launchBrowser, removeDir } from '../../tests/e2e/harness.mjs';
import { coldLoad, delayRelay, demoCookie, CONTENT } from '../../tests/e2e/network.mjs';

const [rttMs, mbit, loads] = process.argv.slice(2).map(Number);
const seen = { responses: [], console: [], output: [] };
const { proxy, base, dataDir } = await startConsole('bench-network', seen);
try {
  const [cookie] = await demoCookie(base, base);
  const headers = { 'Content-Type': 'application/json', 'X-HiLens-Console': '1', Cookie: `${cookie.name}=${cookie.value}` };
  const session = await (await fetch(`${base}/auth/session`, { headers })).json();
  const nodes = `${base}/api/v3/${session.project_id}/ai-mgr/nodes`;
  await fetch(nodes, { method: 'POST', headers, body: JSON.stringify({ node: { name: 'bench', batch: 12, tags: [{ key: 'site', value: 'lab' }] } }) });
  const listed = await (await fetch(`${nodes}?limit=1`, { headers })).json();
  const device = listed.nodes[0].id;

  const pages = [
    ['/', CONTENT.overview],
    ['/devices', CONTENT.list],
    [`/devices/${device}`, '[data-testid=device-id]'],
    ['/deployments/new', CONTENT.editor],
    ['/skills', CONTENT.list],
    ['/deployments', 'main table, main [data-testid=empty]'],
    ['/alarms', 'main table, main [data-testid=empty]'],
    ['/firmware', CONTENT.list],
  ];
  // HILENS_BENCH_PAGES=/,/devices measures only those pages (`:id` for the device page).
  const only = process.env.HILENS_BENCH_PAGES?.split(',');
  if (only) pages.splice(0, pages.length, ...pages.filter(([p]) => only.includes(p.replace(device, ':id'))));
  const relay = await delayRelay(base, rttMs / 2);
  const links = [
    ['throttled', base, { rttMs, mbit }],
    ['relay', relay.url, { rttMs: 0, mbit }],
  ];
  // HILENS_NETLOG=file writes Chromium's net log (where a request waits), for investigations.
  const netlog = process.env.HILENS_NETLOG ? [`--log-net-log=${process.env.HILENS_NETLOG}`, '--net-log-capture-mode=Everything'] : [];
  const browser = await launchBrowser(netlog);
  console.log(`cold loads at RTT ${rttMs} ms, ${mbit} Mbit/s down, ${mbit / 2} up; ${loads} per page and link; content within 15 s or a hang`);
  console.log(`${'page'.padEnd(22)} ${'link'.padEnd(10)} ${'median ms'.padStart(9)} ${'worst ms'.padStart(9)} ${'js/wasm'.padStart(8)} ${'KB recv'.padStart(8)} ${'hangs'.padStart(6)}`);
  let hangs = 0;
  let total = 0;
  for (const [path, selector] of pages) {
    for (const [link, origin, throttle] of links) {
      const runs = [];
      for (let i = 0; i < loads; i++) {
        const cookies = [{ ...cookie, url: origin }];
        runs.push(await coldLoad(browser, { url: `${origin}${path}`, selector, cookies, throttle }));
      }
      const ok = runs.filter((r) => !r.hung).map((r) => r.ms).sort((a, b) => a - b);
      const hung = runs.filter((r) => r.hung);
      hangs += hung.length;
      total += runs.length;
      const median = ok.length ? Math.round(ok[Math.floor(ok.length / 2)]) : '-';
      const worst = ok.length ? Math.round(ok[ok.length - 1]) : '-';
      const scripts = Math.max(...runs.map((r) => r.scripts.length));
      const kb = Math.round(Math.max(...runs.map((r) => r.bytes)) / 1024);
      const shown = path.replace(device, ':id');
      console.log(`${shown.padEnd(22)} ${link.padEnd(10)} ${String(median).padStart(9)} ${String(worst).padStart(9)} ${String(scripts).padStart(8)} ${String(kb).padStart(8)} ${String(hung.length).padStart(6)}`);
      for (const h of hung) {
        console.log(`  hang: still waiting for ${h.stuck.slice(0, 5).join(' ')}${h.stuck.length > 5 ? ` and ${h.stuck.length - 5} more` : ''}`);
        for (const e of h.errors.slice(0, 3)) console.log(`    ${e.slice(0, 300)}`);
      }
    }
  }
  console.log(`hangs: ${hangs} of ${total} cold loads`);
  await browser.close();
  await relay.close();
} finally {
  proxy.kill('SIGTERM');
  removeDir(dataDir);
}
