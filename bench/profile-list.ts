/**
 * Where the item list spends its time: injects the benchmark request in a loop against the benchmark
 * database (run `npm run bench` once first) so `node --cpu-prof` can show the hot path.
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-list.ts [unitId] [n]
 */
import path from 'node:path';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import type { Ctx } from '../src/context.js';
import { inTransaction } from '../src/context.js';
import { openDatabase } from '../src/db/database.js';
import { buildApp } from '../src/http/app.js';
import { buildActor } from '../src/modules/auth/auth.service.js';
import { createToken } from '../src/modules/tokens/tokens.service.js';

const unit = process.argv[2] ?? '3';
const n = Number(process.argv[3] ?? '2000');
const dbUrl = `sqlite:${path.resolve(import.meta.dirname, 'results', 'items-100000-1000000.db')}`;
const config = loadConfig({ databaseUrl: dbUrl, logLevel: 'silent' }, {});
const database = await openDatabase(dbUrl);
const ctx: Ctx = {
  db: database.db,
  adapter: database.adapter,
  clock: systemClock,
  config,
  requestId: null,
  ip: null,
};
const user = await database.db
  .selectFrom('users')
  .selectAll()
  .where('username', '=', 'bench.supervisor')
  .executeTakeFirstOrThrow();
const actor = (await buildActor(ctx, user, 'session'))!;
const { secret } = await inTransaction(ctx, (tx) =>
  createToken(actor, tx, { name: `profile ${Date.now()}` }),
);
const app = await buildApp({ database, clock: systemClock, config, logger: false });
const phases = new Map<string, number>();
const mark = (name: string) => (request: { raw: { t?: number } }, _r: unknown, done?: () => void) => {
  const now = performance.now();
  const t = request.raw.t ?? now;
  phases.set(name, (phases.get(name) ?? 0) + (now - t));
  request.raw.t = now;
  done?.();
};
if (process.env.PHASES) {
  app.addHook('onRequest', (request, _r, done) => {
    (request.raw as { t?: number }).t = performance.now();
    done();
  });
  app.addHook('preValidation', mark('onRequest→preValidation') as never);
  app.addHook('preHandler', mark('validation→preHandler') as never);
  app.addHook('preSerialization', async (request, _r, payload) => {
    mark('preHandler+handler')(request as never, null);
    return payload;
  });
  app.addHook('onSend', async (request, _r, payload) => {
    mark('serialization')(request as never, null);
    return payload;
  });
  app.addHook('onResponse', mark('send→onResponse') as never);
}
await app.ready();
const url = unit.startsWith('/') ? unit : `/api/v1/items?health=red&unitId=${unit}&pageSize=50`;
const headers = { authorization: `Bearer ${secret}` };
await app.inject({ url, headers });
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const r = await app.inject({ url, headers });
  if (r.statusCode !== 200) {
    throw new Error(r.body);
  }
}
const ms = (performance.now() - t0) / n;
console.log(`${url}: ${ms.toFixed(2)} ms per request (${Math.round(1000 / ms)} per second, in-process)`);
for (const [name, total] of phases) {
  console.log(`  ${name}: ${(total / (n + 1)).toFixed(3)} ms`);
}
await app.close();
await database.close();
