#!/usr/bin/env node
// Runs the compiled CLI; `npm ci` builds it (the prepare script), `npm run build` rebuilds it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('luoshi: not built yet; run `npm run build` (or `npm start`) first.');
  process.exit(2);
}
const { main } = await import(cli);
await main(process.argv);
