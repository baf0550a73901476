/**
 * Intake throughput: the five reference reports (test/fixtures/intake/seeds, or LUOSHI_SEEDS) repeated to 10 MB, each copy
 * normalised and extracted as its own document, as `luoshi intake` would. Prints MB/s of UTF-8 input.
 * Run: node --import tsx bench/intake.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { intake } from '../src/intake/index.js';

const dir = process.env.LUOSHI_SEEDS ?? path.resolve(import.meta.dirname, '../test/fixtures/intake/seeds');
const reports = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(path.join(dir, f), 'utf8'));
const target = 10 * 1024 * 1024;

// Warm up: first use loads OpenCC's tables and jieba's word list (for mojibake repair).
for (const r of reports) {
  intake(r);
}

let bytes = 0;
let docs = 0;
let directives = 0;
const t0 = process.hrtime.bigint();
while (bytes < target) {
  const r = reports[docs % reports.length] ?? '';
  directives += intake(r).directives.length;
  bytes += Buffer.byteLength(r);
  docs++;
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const mb = bytes / 1024 / 1024;
console.log(
  `intake: ${mb.toFixed(1)} MB in ${docs} reports, ${seconds.toFixed(2)} s → ${(mb / seconds).toFixed(2)} MB/s (${directives} directives)`,
);

// One 10 MB document as well: the linear-time claim for a single large input.
const big = reports.join('\n').repeat(Math.ceil(target / Buffer.byteLength(reports.join('\n'))));
const t1 = process.hrtime.bigint();
const one = intake(big);
const s1 = Number(process.hrtime.bigint() - t1) / 1e9;
const mb1 = Buffer.byteLength(big) / 1024 / 1024;
console.log(
  `intake (one document): ${mb1.toFixed(1)} MB in ${s1.toFixed(2)} s → ${(mb1 / s1).toFixed(2)} MB/s (${one.directives.length} directives)`,
);
