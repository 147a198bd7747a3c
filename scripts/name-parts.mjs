// Part of scripts/build-wasm: takes the console's built files (main part and its JS glue, the
// domain parts, the splitter's loader, the component styles), gives every one the same build
// id (`app-<id>.js`, `split_skills-<id>.wasm`: a part of another build is never loaded with
// this one, and the proxy caches such names for a year), rewrites the names inside them,
// minifies the JS in release builds, writes the loader and links it from index.html.
//
//   node scripts/name-parts.mjs BUILT_DIR STAGING_DIR [--release]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [built, staging, release] = process.argv.slice(2);
const esbuild = new URL('../tools/node_modules/.bin/esbuild', import.meta.url).pathname;
const files = readdirSync(built).sort();

// One id for the whole build, from everything in it.
const digest = createHash('sha256');
for (const f of files) digest.update(f).update(readFileSync(join(built, f)));
const id = digest.digest('hex').slice(0, 16);

// app_bg.wasm → app-<id>_bg.wasm (the proxy's cache rule reads `name-<16 hex>[_bg].ext`).
const renamed = (f) => {
  const dot = f.indexOf('.');
  const stem = f.slice(0, dot);
  const ext = f.slice(dot);
  return stem.endsWith('_bg') ? `${stem.slice(0, -3)}-${id}_bg${ext}` : `${stem}-${id}${ext}`;
};
const names = new Map(files.map((f) => [f, renamed(f)]));
// A file's name in a string (an import, a URL), but not as an object key: the wasm-bindgen glue
// keys the main part's imports by the module names compiled into it (`"./__wasm_split.js":`).
const quoted = (name) => new RegExp(`(["'\`/])${name.replace(/[.]/g, '\\.')}(["'\`])(?!\\s*:)`, 'g');

// Which chunks each part needs, read from the splitter's loader before it is minified
// (`const __chunk_3 = makeLoad(… "./chunk_3.wasm" …)`, `makeLoad(… "./split_x.wasm" …, [__chunk_3])`):
// written to parts.json for scripts/size.
const splitLoader = readFileSync(join(built, '__wasm_split.js'), 'utf8');
const chunkOf = new Map(
  [...splitLoader.matchAll(/const (__chunk_\d+) = makeLoad\([\s\S]*?"\.\/(chunk_[^"]+\.wasm)"/g)].map((m) => [m[1], m[2]]),
);
const parts = {};
for (const m of splitLoader.matchAll(/"\.\/(split_([a-z0-9_]+)\.wasm)"[\s\S]*?, \[([^\]]*)\]\)\)/g)) {
  const chunks = m[3].split(',').map((c) => c.trim()).filter(Boolean).map((c) => names.get(chunkOf.get(c)));
  parts[m[2]] = { file: names.get(m[1]), chunks };
}

for (const [from, to] of names) {
  let bytes = readFileSync(join(built, from));
  if (from.endsWith('.js')) {
    let text = bytes.toString('utf8');
    for (const [a, b] of names) text = text.replace(quoted(a), `$1${b}$2`);
    bytes = Buffer.from(text);
  }
  writeFileSync(join(staging, to), bytes);
  if (release && (from.endsWith('.js') || from.endsWith('.css'))) {
    const out = join(staging, to);
    const format = from.endsWith('.js') ? ['--format=esm'] : [];
    execFileSync(esbuild, [out, '--minify', ...format, '--log-level=warning', `--outfile=${out}`, '--allow-overwrite']);
  }
}

// The loader: the main part, from exactly one URL (the parts' loader imports the same one).
const glue = names.get('app.js');
const wasm = names.get('app_bg.wasm');
if (!glue || !wasm) throw new Error(`name-parts: no app.js / app_bg.wasm in ${built}`);
const loader = `console-${id}.js`;
// A page opened straight at a domain (a deep link, a reload) needs that domain's part at once:
// it is fetched alongside the main part instead of after it (a domain's part is named after the
// first segment of its paths, `-` written `_`; a domain in several parts names them
// `<domain>_<page>`, and a deep link fetches them all; `/` is the overview's). The splitter's loader then finds them in
// the preload cache.
const byPath = Object.fromEntries(Object.entries(parts).map(([name, p]) => [name, [p.file, ...p.chunks]]));
writeFileSync(
  join(staging, loader),
  `const parts = ${JSON.stringify(byPath)};
const within = location.pathname.slice(new URL(document.baseURI).pathname.length);
const wanted = within.split('/')[0].replaceAll('-', '_') || 'overview';
const files = new Set(Object.entries(parts).filter(([name]) => name === wanted || name.startsWith(wanted + '_')).flatMap(([, f]) => f));
for (const file of files) {
  const link = Object.assign(document.createElement('link'), { rel: 'preload', as: 'fetch', crossOrigin: 'anonymous' });
  link.href = new URL('./' + file, import.meta.url).href;
  document.head.append(link);
}
import init from './${glue}';
init({ module_or_path: new URL('./${wasm}', import.meta.url) });
`,
);

// index.html: the loader instead of Trunk's (skipped) Rust link, the main part preloaded, and
// the component styles by their new name.
const indexPath = join(staging, 'index.html');
let index = readFileSync(indexPath, 'utf8');
index = index.replace(/<link[^>]*data-trunk-skip[^>]*>/g, '');
index = index.replace(/href="?components\.css"?/, `href="${names.get('components.css')}"`);
const head =
  `<link rel="modulepreload" href="${glue}">` +
  `<link rel="preload" href="${wasm}" as="fetch" type="application/wasm" crossorigin>` +
  `<script type="module" src="${loader}"></script>`;
if (!index.includes('</head>')) throw new Error('name-parts: index.html has no </head>');
index = index.replace('</head>', `${head}</head>`);
writeFileSync(indexPath, index);
writeFileSync(join(staging, 'parts.json'), `${JSON.stringify({ build: id, parts }, null, 1)}\n`);
console.log(`console build ${id}: ${[...names.values(), loader].join(' ')}`);
