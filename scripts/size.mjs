// Prints what a browser downloads for the console (dist/), raw, gzip -9 and brotli: every
// file; then, per page opened cold, exactly the files it fetches (index.html, the stylesheet,
// the script, the main part, and the page's parts and chunks: src/pages/parts.txt); what is
// prefetched once the landing page has settled; per domain, what its first visit costs after
// that; and what a page's on-demand parts add when they are first needed. Budgets (gzip -9):
// the landing page opened cold 250 KB; a domain's first visit after it 80 KB.
//
//   node scripts/size.mjs [DIST]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { pageRows, onDemandParts, partsFor, LANDING } from './parts.mjs';

const dist = process.argv[2] ?? new URL('../dist', import.meta.url).pathname;
const LANDING_BUDGET = 250_000;
const VISIT_BUDGET = 80_000;

const files = readdirSync(dist).filter((f) => /\.(wasm|js|css|html)$/.test(f)).sort();
const size = (f) => {
  const bytes = readFileSync(join(dist, f));
  return {
    raw: bytes.length,
    gz: gzipSync(bytes, { level: 9 }).length,
    br: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const sizes = new Map(files.map((f) => [f, size(f)]));
const sum = (list) =>
  [...new Set(list)].reduce((t, f) => ({ raw: t.raw + sizes.get(f).raw, gz: t.gz + sizes.get(f).gz, br: t.br + sizes.get(f).br }), {
    raw: 0,
    gz: 0,
    br: 0,
  });
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const row = (name, s, note = '') =>
  console.log(`${name.padEnd(50)} ${String(s.raw).padStart(10)} ${String(s.gz).padStart(10)} ${String(s.br).padStart(10)}${note}`);
const header = (title) => console.log(`\n${title.padEnd(50)} ${'bytes'.padStart(10)} ${'gzip -9'.padStart(10)} ${'brotli'.padStart(10)}`);

header('file');
for (const f of files) row(f, sizes.get(f));

// What each page fetches (written by scripts/name-parts.mjs).
const manifest = JSON.parse(readFileSync(join(dist, 'parts.json'), 'utf8'));
const first = ['index.html', ...manifest.first];
const filesOf = (parts) => parts.flatMap((p) => (manifest.parts[p] ? [manifest.parts[p].file, ...manifest.parts[p].chunks] : []));
// The landing page, the pages of the table, and each other domain's pages (its part's name).
const rows = pageRows();
const onDemand = onDemandParts();
const listed = new Set([...rows.flatMap((r) => r.parts), ...onDemand.map((d) => d.part)]);
const pages = [...new Set(['/', ...rows.map((r) => r.path), ...Object.keys(manifest.parts).filter((p) => !listed.has(p)).map((p) => `/${p.replaceAll('_', '-')}`)])]
  .filter((path) => partsFor(path).every((p) => manifest.parts[p]));

let over = false;
header('a page opened cold: what it fetches');
row('sign-in (/login)', sum(first), `  ${first.length} files`);
for (const path of pages) {
  const list = [...new Set([...first, ...filesOf(partsFor(path))])];
  const s = sum(list);
  const landing = partsFor(path).includes(LANDING);
  over ||= landing && s.gz > LANDING_BUDGET;
  row(path, s, `  ${list.length} files${landing ? (s.gz > LANDING_BUDGET ? '  OVER the 250 KB budget' : '  (landing page: budget 250 KB)') : ''}`);
}

// Once the landing page has settled, the loader fetches the chunk every other domain needs in
// the background (manifest.prefetched): a first visit then fetches the rest.
const prefetched = manifest.prefetched ?? [];
header(`prefetched in the background after the landing page`);
row(prefetched.join(' ') || '(nothing)', sum(prefetched));
header(`first visit to a domain after the landing page (${LANDING}) and the prefetch`);
const landed = new Set([...first, ...filesOf([LANDING]), ...prefetched]);
for (const path of pages.filter((p) => !partsFor(p).includes(LANDING))) {
  const more = filesOf(partsFor(path)).filter((f) => !landed.has(f));
  const s = sum(more);
  over ||= s.gz > VISIT_BUDGET;
  row(path, s, `  ${more.length} files${s.gz > VISIT_BUDGET ? '  OVER the 80 KB budget' : ''}`);
}
// Parts a page fetches when one of its features is first used (src/pages/parts.txt,
// `on-demand`): not part of any page's first visit; what they add then.
header('fetched on demand, once the page is there');
for (const { part, of } of onDemand) {
  const page = rows.find((r) => r.parts[0] === of);
  const had = new Set([...landed, ...filesOf(page?.parts ?? [of])]);
  const more = filesOf([part]).filter((f) => !had.has(f));
  row(`${part} (${page?.path ?? of})`, sum(more), `  ${more.length} files`);
}
header('everything');
row('all files', sum(files));
console.log(`\nbudgets (gzip -9): the landing page cold ${kb(LANDING_BUDGET)}, a domain's first visit after it ${kb(VISIT_BUDGET)}`);
// A budget exceeded fails the step (scripts/test, CI).
if (over) {
  console.log('A budget is exceeded.');
  process.exitCode = 1;
}
