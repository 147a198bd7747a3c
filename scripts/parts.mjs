// The page → parts table of src/pages/parts.txt, read once for the build (scripts/build-wasm,
// scripts/name-parts.mjs), the size report (scripts/size.mjs) and the tests.
//
//   node scripts/parts.mjs split-args   the splitter's --group and --landing arguments
import { readFileSync } from 'node:fs';

const table = new URL('../src/pages/parts.txt', import.meta.url);

/** The landing page's part: the overview, at `/`. */
export const LANDING = 'overview';

/** The domain part a path falls to without a row of its own: its first segment's. */
export const domainOf = (path) => path.split('/').filter(Boolean)[0]?.replaceAll('-', '_') ?? LANDING;

const lines = () =>
  readFileSync(table, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
const ON_DEMAND = 'on-demand';

/** `[{ path, parts }]` in the table's order. */
export function pageRows() {
  return lines()
    .filter((line) => line.split(/\s+/)[0] !== ON_DEMAND)
    .map((line) => {
      const [path, ...parts] = line.split(/\s+/);
      return { path, parts };
    });
}

/** `[{ part, of }]`: the parts fetched when a feature of a page is first used, and the page's part. */
export function onDemandParts() {
  return lines()
    .map((line) => line.split(/\s+/))
    .filter((words) => words[0] === ON_DEMAND)
    .map(([, part, of]) => ({ part, of }));
}

/** The parts a page at `path` (under the console's base) needs, by the table. */
export function partsFor(path, rows = pageRows()) {
  const segments = path.split('/').filter(Boolean);
  for (const row of rows) {
    const pattern = row.path.split('/').filter(Boolean);
    if (pattern.length === segments.length && pattern.every((p, i) => p.startsWith(':') || p === segments[i])) return row.parts;
  }
  return [domainOf(path)];
}

/**
 * Groups of parts that one page loads together: `{ deployments_new: ['deployments_new',
 * 'deployments_new_form'] }` (a part the page fetches on demand is not loaded with it: it is in
 * no group). Code shared only within a group goes into the group's chunk; code that parts of
 * different pages share goes into the chunk prefetched after the landing page (`chunk_domains`),
 * so that a page's first visit fetches only its own parts.
 */
export function partGroups(rows = pageRows()) {
  const groups = {};
  for (const { parts } of rows) {
    if (parts.length > 1) groups[parts[0]] = [...new Set([...(groups[parts[0]] ?? []), ...parts])];
  }
  // The splitter gathers shared code into a few chunks only when it is given a group (the
  // editor's row gives one); without any it makes a chunk per set of parts, hundreds of files,
  // which tests/e2e/network.test.mjs would refuse (at most 10 scripts per page).
  return groups;
}

if (process.argv[2] === 'split-args') {
  const args = Object.entries(partGroups()).map(([name, parts]) => `--group=${name}=${parts.join(',')}`);
  console.log([...args, `--landing=${LANDING}`].join(' '));
}
