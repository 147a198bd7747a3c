// Lighthouse's accessibility category on every page of tests/e2e/routes.mjs, in one Chromium:
// seeds the console at BASE (signed in by COOKIE), audits each page (desktop settings), prints
// its score and what failed, and writes each report to OUT/<page>.json. Exits 1 when a page
// scores under 100. Run by bench/lighthouse/run.
//
//   node audit.mjs BASE COOKIE OUT [name ...]   (names from routes.mjs; all when none)
import { writeFileSync, mkdirSync } from 'node:fs';
import lighthouse from 'lighthouse';
import desktop from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { routes, seed } from '../../tests/e2e/routes.mjs';

const [base, cookie, out, ...only] = process.argv.slice(2);
const headers = { 'Content-Type': 'application/json', 'X-HiLens-Console': '1', Cookie: cookie };
const api = async (method, path, body) => {
  const r = await fetch(`${base}/api${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, body: await r.json().catch(() => null) };
};
const project = (await (await fetch(`${base}/auth/session`, { headers })).json()).project_id;
const pages = routes(await seed(api, project)).filter((r) => only.length === 0 || only.includes(r.name));
mkdirSync(out, { recursive: true });

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const config = { ...desktop, settings: { ...desktop.settings, onlyCategories: ['accessibility'] } };
// A run that breaks (the browser lost the page) says nothing about the page: tried once more.
const audit = async (url) => {
  const flags = { port: chrome.port, output: 'json', logLevel: 'error', extraHeaders: { Cookie: cookie } };
  try {
    return await lighthouse(url, flags, config);
  } catch (e) {
    console.log(`     (lighthouse broke off: ${e.message.split('\n')[0]}; once more)`);
    return await lighthouse(url, flags, config);
  }
};
const started = Date.now();
let below = 0;
try {
  for (const { name, path } of pages) {
    const { lhr } = await audit(`${base}${path}`);
    writeFileSync(`${out}/${name}.json`, JSON.stringify(lhr));
    const failed = lhr.categories.accessibility.auditRefs
      .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
      .map((ref) => {
        const items = lhr.audits[ref.id].details?.items ?? [];
        return `${ref.id} (${items.slice(0, 3).map((i) => i.node?.selector ?? i.node?.snippet ?? '').join(' | ')})`;
      });
    // A page that went elsewhere (sign-in, when the session is refused) was not audited.
    const landed = new URL(lhr.finalDisplayedUrl);
    const score = landed.pathname + landed.search === path ? Math.round((lhr.categories.accessibility.score ?? 0) * 100) : 0;
    if (score === 0) failed.push(`landed on ${landed.pathname} instead`);
    if (score < 100) below++;
    console.log(`${String(score).padStart(3)}  ${name.padEnd(20)} ${path.replace(/[0-9a-f]{20,}/g, ':id')}${failed.length ? `\n     not passed: ${failed.join('; ')}` : ''}`);
  }
} finally {
  await chrome.kill();
}
console.log(`lighthouse accessibility: ${pages.length - below} of ${pages.length} pages at 100, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(below ? 1 : 0);
