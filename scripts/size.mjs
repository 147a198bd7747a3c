// Prints what a browser downloads for the console (dist/), raw, gzip -9 and brotli: every
// file, the first load (index.html, styles, loader, JS glue and the main part: sign-in, the
// shell and the kit), each domain part with the chunks it shares with others (what its first
// visit costs), and the first load up to the landing page. Budgets: first load 250 KB gzip,
// every domain part 80 KB gzip.
//
//   node scripts/size.mjs [DIST] [LANDING_DOMAIN]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] ?? new URL('../dist', import.meta.url).pathname;
const landing = process.argv[3] ?? 'overview';
const FIRST_LOAD_BUDGET = 250_000;
const PART_BUDGET = 80_000;

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
  list.reduce((t, f) => ({ raw: t.raw + sizes.get(f).raw, gz: t.gz + sizes.get(f).gz, br: t.br + sizes.get(f).br }), {
    raw: 0,
    gz: 0,
    br: 0,
  });
const row = (name, s, note = '') =>
  console.log(`${name.padEnd(46)} ${String(s.raw).padStart(10)} ${String(s.gz).padStart(10)} ${String(s.br).padStart(10)}${note}`);

console.log(`${'file'.padEnd(46)} ${'bytes'.padStart(10)} ${'gzip -9'.padStart(10)} ${'brotli'.padStart(10)}`);
for (const f of files) row(f, sizes.get(f));

// Which chunks each part needs (written by scripts/name-parts.mjs).
const manifest = JSON.parse(readFileSync(join(dist, 'parts.json'), 'utf8'));
const parts = Object.entries(manifest.parts).map(([name, p]) => ({ name, ...p }));

const first = files.filter((f) => !f.startsWith('split_') && !f.startsWith('chunk_'));
const firstSize = sum(first);
console.log('');
row('first load (sign-in, shell, kit)', firstSize, firstSize.gz > FIRST_LOAD_BUDGET ? '  OVER the 250 KB budget' : '  (budget 250 KB gzip)');
let over = firstSize.gz > FIRST_LOAD_BUDGET;
for (const part of parts) {
  const own = sizes.get(part.file);
  const withChunks = sum([part.file, ...part.chunks]);
  const note = own.gz > PART_BUDGET ? '  OVER the 80 KB budget' : '  (budget 80 KB gzip)';
  over ||= own.gz > PART_BUDGET;
  row(`part ${part.name}`, own, note);
  row(`  first visit (with ${part.chunks.length} shared chunk${part.chunks.length === 1 ? '' : 's'})`, withChunks);
}
const landingPart = parts.find((p) => p.name === landing);
if (landingPart) {
  const toLanding = sum([...new Set([...first, landingPart.file, ...landingPart.chunks])]);
  row(`first load up to the landing page (${landing})`, toLanding);
}
row('everything (all parts)', sum(files));
if (over) console.log('\nA budget is exceeded.');
