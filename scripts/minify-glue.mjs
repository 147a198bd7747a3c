// Trunk post-build hook (release builds only): minifies the wasm-bindgen JS glue with esbuild
// (Trunk's own minifier leaves it as it is) and rewrites its Subresource-Integrity hash in
// index.html, so the browser still verifies what it loads. About 3 KB of the gzipped download.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const { TRUNK_PROFILE, TRUNK_STAGING_DIR: staging, TRUNK_SOURCE_DIR: source } = process.env;
if (TRUNK_PROFILE !== 'release') process.exit(0);
const esbuild = join(source, 'tools/node_modules/.bin/esbuild');
const indexPath = join(staging, 'index.html');
let index = readFileSync(indexPath, 'utf8');
for (const name of readdirSync(staging).filter((f) => /^hilens-console-[0-9a-f]+\.js$/.test(f))) {
  const file = join(staging, name);
  execFileSync(esbuild, [file, '--minify', '--format=esm', '--log-level=warning', `--outfile=${file}`, '--allow-overwrite']);
  const integrity = `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
  const pattern = new RegExp(`(href="?[^ >"]*${name.replace('.', '\\.')}"? integrity="?)sha384-[A-Za-z0-9+/=]+`);
  if (!pattern.test(index)) throw new Error(`minify-glue: no integrity for ${name} in index.html`);
  index = index.replace(pattern, `$1${integrity}`);
}
writeFileSync(indexPath, index);
