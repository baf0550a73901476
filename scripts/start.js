#!/usr/bin/env node
// `npm start`: build what is not built (or is older than its sources), then serve with the demo data
// loaded into an empty database. Extra arguments go to `luoshi serve`.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

const built = path.join(root, 'dist', 'cli.js');
if (!existsSync(built) || newest(path.join(root, 'src')) > statSync(built).mtimeMs) {
  console.log('Building the server…');
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

// The web app: rebuilt when its sources are newer than the build.
const webIndex = path.join(root, 'dist', 'web', 'index.html');
if (!existsSync(webIndex) || newest(path.join(root, 'web', 'src')) > statSync(webIndex).mtimeMs) {
  console.log('Building the web app…');
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: 'inherit' },
  );
}

// Serve through bin/luoshi.js, which gives the server process its garbage-collector settings.
const child = spawn(
  process.execPath,
  [path.join(root, 'bin', 'luoshi.js'), 'serve', '--demo-if-empty', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
