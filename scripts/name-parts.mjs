// Part of scripts/build-wasm: takes the console's built files (the main part and its JS glue,
// the domain parts and their chunks, the splitter's loader, the component styles) and makes
// what the browser fetches, every file named with one build id (`app-<id>_bg.wasm`,
// `split_skills-<id>.wasm`: a part of another build is never loaded with this one, and the
// proxy caches such names for a year):
// - one script, `console-<id>.js`: the JS glue, the splitter's loader and the start, bundled
//   (esbuild) so that the page waits for one script, not three in a row;
// - one stylesheet, `console-<id>.css`: Trunk's main.css and the component styles;
// - the wasm files, chunks named by what they hold (`chunk_deployments`: shared by the
//   deployment editor's two parts; `chunk_shared`: by the landing page and others;
//   `chunk_domains`: by other domains);
// - in index.html, a small inline loader that, before any script arrives, starts fetching the
//   main part, the page's own parts (src/pages/parts.txt) and the console's first two answers
//   (`config.json`, the session), so that a cold page needs one round of requests.
//
//   node scripts/name-parts.mjs BUILT_DIR STAGING_DIR [--release]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, unlinkSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pageRows, domainOf, LANDING } from './parts.mjs';

const [built, staging, release] = process.argv.slice(2);
const esbuild = new URL('../tools/node_modules/.bin/esbuild', import.meta.url).pathname;
const files = readdirSync(built).sort();

// One id for the whole build, from everything in it.
const digest = createHash('sha256');
for (const f of files) digest.update(f).update(readFileSync(join(built, f)));
const id = digest.digest('hex').slice(0, 16);

// Which splits each chunk serves, from the splitter's loader (`/* a, b */` above
// `const __chunk_3 = makeLoad(… "./chunk_3.wasm" …)`), and which chunks each part loads
// (`makeLoad(… "./split_x.wasm" …, [__chunk_3])`).
const splitLoader = readFileSync(join(built, '__wasm_split.js'), 'utf8');
const chunks = [...splitLoader.matchAll(/\/\* ([^*]*) \*\/\s*const (__chunk_\d+) = makeLoad\([\s\S]*?"\.\/(chunk_\d+\.wasm)"/g)].map(
  (m) => ({ serves: m[1].split(', '), variable: m[2], file: m[3] }),
);
const allParts = [...splitLoader.matchAll(/"\.\/split_([a-z0-9_]+)\.wasm"/g)].map((m) => m[1]);
// A chunk is named by whom it serves: every part, every part but the landing page's, or one domain's.
const chunkName = ({ serves }) => {
  if (serves.length === allParts.length) return 'chunk_shared';
  if (serves.length === allParts.length - 1 && !serves.includes(LANDING)) return 'chunk_domains';
  const domains = [...new Set(serves.map((part) => domainOfPart(part)))];
  return `chunk_${domains.length === 1 ? domains[0] : serves.join('_')}`;
};
const rows = pageRows();
const domainOfPart = (part) => {
  const row = rows.find((r) => r.parts.includes(part));
  return row ? domainOf(row.path) : part;
};

// New names: `app_bg.wasm` → `app-<id>_bg.wasm` (the proxy's cache rule reads
// `name-<16 hex>[_bg].ext`), `chunk_3.wasm` → `chunk_domains-<id>.wasm`.
const stemOf = new Map(chunks.map((c) => [c.file, chunkName(c)]));
const renamed = (f) => {
  const dot = f.indexOf('.');
  const stem = stemOf.get(f)?.toString() ?? f.slice(0, dot);
  const ext = f.slice(dot);
  return stem.endsWith('_bg') ? `${stem.slice(0, -3)}-${id}_bg${ext}` : `${stem}-${id}${ext}`;
};
const names = new Map(files.filter((f) => f.endsWith('.wasm')).map((f) => [f, renamed(f)]));
const wasm = names.get('app_bg.wasm');
if (!wasm || !files.includes('app.js')) throw new Error(`name-parts: no app.js / app_bg.wasm in ${built}`);

// Each part's files: the part and its chunks (written to parts.json for scripts/size).
const chunkFile = new Map(chunks.map((c) => [c.variable, names.get(c.file)]));
const parts = {};
for (const m of splitLoader.matchAll(/"\.\/(split_([a-z0-9_]+)\.wasm)"[\s\S]*?, \[([^\]]*)\]\)\)/g)) {
  const needs = m[3].split(',').map((c) => c.trim()).filter(Boolean).map((c) => chunkFile.get(c));
  parts[m[2]] = { file: names.get(m[1]), chunks: needs };
}
for (const part of allParts) if (!parts[part]) throw new Error(`name-parts: no loader found for part ${part}`);

for (const [from, to] of names) writeFileSync(join(staging, to), readFileSync(join(built, from)));

// How the splitter's loader gets a part's file: the loader in index.html's answer when it
// fetched that file (taken once: a retry after a failure fetches again), else a fetch of its own.
const takeFetched = `const takeFetched = (url) => {
  const boot = globalThis.hilensBoot;
  const file = url.pathname.split('/').pop();
  boot?.asked.add(file);
  const early = boot?.parts[file];
  if (!early) return fetch(url);
  delete boot.parts[file];
  return early.then((bytes) => new Response(bytes, { headers: { 'Content-Type': 'application/wasm' } }), () => fetch(url));
};`;

// Fetched in the background once a page has settled: the chunk every domain but the landing
// page's needs.
const PREFETCHED = [...stemOf.values()].filter((stem) => stem === 'chunk_domains');

// The script: glue, splitter's loader and start, bundled. Names inside are this build's.
const work = mkdtempSync(join(tmpdir(), 'name-parts-'));
const quoted = (name) => new RegExp(`(["'\`/])${name.replace(/[.]/g, '\\.')}(["'\`])`, 'g');
for (const f of files.filter((f) => f.endsWith('.js'))) {
  let text = readFileSync(join(built, f), 'utf8');
  for (const [a, b] of names) text = text.replace(quoted(a), `$1${b}$2`);
  if (f === '__wasm_split.js') {
    // A part's files are taken from what the loader in index.html already fetched, if it did.
    const fetches = text.split('fetch(new URL(').length - 1;
    if (fetches === 0) throw new Error('name-parts: the splitter no longer fetches with fetch(new URL(…)); see takeFetched');
    text = `${takeFetched}\n${text.replaceAll('fetch(new URL(', 'takeFetched(new URL(')}`;
  }
  writeFileSync(join(work, f), text);
}
writeFileSync(
  join(work, 'start.js'),
  `import init from './app.js';
const boot = globalThis.hilensBoot;
init({ module_or_path: boot?.main ?? new URL('./${wasm}', import.meta.url) }).then(() => {
  // Once the network has been quiet for a while (the page has what it shows), the chunk that every
  // other domain's part needs is fetched in the background: a first visit to another domain then
  // fetches its own part only. Never while the page is still loading (docs/choices.md).
  let timer;
  const quiet = new PerformanceObserver(() => wait());
  const wait = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      quiet.disconnect();
      boot?.prefetch(${JSON.stringify(PREFETCHED)});
    }, 2500);
  };
  quiet.observe({ type: 'resource' });
  wait();
});
`,
);
const script = `console-${id}.js`;
// (wasm-bindgen's glue names the splitter's module once per import, as keys of one object: the
// same module each time, so esbuild's duplicate-key warning is silenced.)
execFileSync(esbuild, [join(work, 'start.js'), '--bundle', '--format=esm', '--log-level=warning', '--log-override:duplicate-object-key=silent', `--outfile=${join(staging, script)}`,
  ...(release ? ['--minify'] : [])]);
rmSync(work, { recursive: true });

// The stylesheet: Trunk's (named in index.html) and the component styles, one file.
const indexPath = join(staging, 'index.html');
let index = readFileSync(indexPath, 'utf8');
const trunkCss = index.match(/<link\b[^>]*\bhref="?\/?([^"\s>]*main-[0-9a-f]+\.css)"?[^>]*>/);
if (!trunkCss) throw new Error('name-parts: index.html links no main-<hash>.css');
const stylesheet = `console-${id}.css`;
writeFileSync(join(staging, stylesheet), readFileSync(join(staging, trunkCss[1].split('/').pop())) + '\n' + readFileSync(join(built, 'components.css')));
if (release) execFileSync(esbuild, [join(staging, stylesheet), '--minify', '--log-level=warning', `--outfile=${join(staging, stylesheet)}`, '--allow-overwrite']);
unlinkSync(join(staging, trunkCss[1].split('/').pop()));
index = index.replace(trunkCss[0], '');
index = index.replace(/<link\b[^>]*\bhref="?components\.css"?[^>]*>/, '');
index = index.replace(/<link[^>]*data-trunk-skip[^>]*>/g, '');

// The inline loader: starts at once, before any script arrives, what the page at this address
// needs: the main part, its own parts and their chunks (src/pages/parts.txt; `/login` and
// unknown paths need none), `config.json` and the session (at the proxy config.json names).
// Every answer but the main part's is read into memory as it arrives, so that no connection is
// held by an answer nobody reads yet: with six connections per host, answers the page can only
// take up once its main part runs must never keep the main part from arriving (docs/choices.md,
// "no hang"). The main part's answer is taken up by the console's start (streaming compile).
// Everything is handed over in `window.hilensBoot`: `main` to the start, `parts` to the
// splitter's loader (takeFetched; `asked` the files fetched so far, `prefetch` for the start's
// background fetch), `config` and `session` to src/api/auth.rs.
const pages = rows.map(({ path, parts: p }) => [path.split('/').filter(Boolean), p]);
const stem = (file) => file.replace(`-${id}.wasm`, '');
const partFiles = Object.fromEntries(Object.entries(parts).map(([name, p]) => [name, [p.file, ...p.chunks].map(stem)]));
const loader = `(() => {
const id = ${JSON.stringify(id)}, pages = ${JSON.stringify(pages)}, files = ${JSON.stringify(partFiles)};
const base = new URL(document.baseURI), at = location.pathname.slice(base.pathname.length).split('/').filter(Boolean);
const row = pages.find(([p]) => p.length === at.length && p.every((s, i) => s[0] === ':' || s === at[i]));
const wanted = row ? row[1] : [(at[0] || ${JSON.stringify(LANDING)}).replaceAll('-', '_')];
const parts = {}, asked = new Set();
const get = (f) => {
  const file = f + '-' + id + '.wasm';
  if (asked.has(file)) return;
  asked.add(file);
  parts[file] = fetch(new URL(file, base)).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(r.status + ' ' + file))));
  parts[file].catch(() => {});
};
new Set(wanted.flatMap((p) => files[p] || [])).forEach(get);
const main = fetch(new URL(${JSON.stringify(wasm)}, base));
const config = fetch(new URL('config.json', base));
const session = config.then((r) => r.clone().json()).then((c) => fetch((c.proxy_base || '').replace(/\\/$/, '') + '/auth/session',
  { credentials: c.proxy_base ? 'include' : 'same-origin', headers: { Accept: 'application/json' } }));
main.catch(() => {}); config.catch(() => {}); session.catch(() => {});
window.hilensBoot = { main, parts, asked, config, session, prefetch: (stems) => stems.forEach(get) };
})();`;
const head =
  `<link rel="stylesheet" href="${stylesheet}">` +
  `<script>${loader}</script>` +
  `<script type="module" src="${script}"></script>`;
if (!index.includes('</head>')) throw new Error('name-parts: index.html has no </head>');
index = index.replace('</head>', `${head}</head>`);
writeFileSync(indexPath, index);
const prefetched = PREFETCHED.map((stem) => `${stem}-${id}.wasm`);
writeFileSync(join(staging, 'parts.json'), `${JSON.stringify({ build: id, first: [stylesheet, script, wasm], prefetched, parts }, null, 1)}\n`);
console.log(`console build ${id}: ${[stylesheet, script, ...names.values()].join(' ')}`);
