#!/usr/bin/env node
// Runs the compiled CLI; `npm ci` builds it (the prepare script), `npm run build` rebuilds it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('luoshi: not built yet; run `npm run build` (or `npm start`) first.');
  process.exit(2);
}

// A server allocates many short-lived objects per request; a larger young generation keeps the garbage
// collector from taking a third of the time under load. V8 reads the size only at start, so `serve`
// runs in a child process that has it (LUOSHI_SEMI_SPACE_MB=0 turns this off).
const semiSpace = Number(process.env.LUOSHI_SEMI_SPACE_MB ?? 64);
const args = process.argv.slice(2);
if (
  args[0] === 'serve' &&
  semiSpace > 0 &&
  !process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))
) {
  const child = spawn(
    process.execPath,
    [`--max-semi-space-size=${semiSpace}`, ...process.execArgv, fileURLToPath(import.meta.url), ...args],
    {
      stdio: 'inherit',
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  const { main } = await import(cli);
  await main(process.argv);
}
