/**
 * What the browser downloads for each page of the built web app (gzip), from Vite's manifest: the
 * entry with its static imports (the login page), plus each lazily loaded page with its own imports.
 * Run after `npm run build`: `npm run bench:web`. Target: login and workbench under 350 KB gzipped.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const root = path.resolve(import.meta.dirname, '..', 'dist', 'web');
const manifest = JSON.parse(readFileSync(path.join(root, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  Chunk
>;
const gz = new Map<string, number>();
const size = (file: string) => {
  if (!gz.has(file)) {
    gz.set(file, gzipSync(readFileSync(path.join(root, file)), { level: 9 }).length);
  }
  return gz.get(file)!;
};

/** The files a chunk needs before it runs: itself and its static imports, transitively. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key]!;
  if (!seen.has(chunk.file)) {
    seen.add(chunk.file);
    chunk.css?.forEach((c) => seen.add(c));
    chunk.imports?.forEach((k) => closure(k, seen));
  }
  return seen;
}

const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
const entry = closure(entryKey);
const kb = (files: Iterable<string>) => ([...files].reduce((a, f) => a + size(f), 0) / 1024).toFixed(1);
const rows: [string, string][] = [['login page (entry)', kb(entry)]];
for (const key of manifest[entryKey]!.dynamicImports ?? []) {
  // A page shared with another chunk is keyed by its output file (`_WorkbenchPage-hash.js`).
  const page = path
    .basename(key)
    .replace(/^_/, '')
    .replace(/(-[\w-]{8})?\.(tsx?|js)$/, '');
  rows.push([`${page} (entry + page)`, kb(new Set([...entry, ...closure(key)]))]);
}
for (const [name, value] of rows) {
  console.log(`${name.padEnd(36)} ${value.padStart(8)} KB gzip`);
}
