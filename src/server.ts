import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { buildApp } from './http/app.js';
import type { App } from './http/types.js';
import { isEmpty, loadDemo, type DemoAccount } from './modules/demo/demo.service.js';

export interface ServeOptions {
  /** Load the demo data when the database is empty (what `npm start` does). */
  demoIfEmpty?: boolean;
  demoPassword?: string;
  clock?: Clock;
}

export function formatDemoAccounts(password: string, accounts: DemoAccount[]): string {
  const width = Math.max(...accounts.map((a) => a.username.length));
  return [
    '演示账号 Demo accounts (password for all):',
    `  password: ${password}`,
    ...accounts.map((a) => `  ${a.username.padEnd(width)}  ${a.description}`),
  ].join('\n');
}

/** Opens the database, applies migrations, loads demo data if asked and empty, and listens. */
export async function serve(
  config: Config,
  opts: ServeOptions = {},
): Promise<{ app: App; database: Database; url: string }> {
  const database = await openDatabase(config.databaseUrl);
  const clock = opts.clock ?? systemClock;
  const ctx = { db: database.db, adapter: database.adapter, clock, config, requestId: null, ip: null };
  try {
    const applied = await migrateToLatest(database);
    if (applied.length > 0) {
      console.log(`Applied migrations: ${applied.join(', ')}`);
    }
    if (opts.demoIfEmpty && (await isEmpty(ctx))) {
      const demo = await loadDemo(ctx, { password: opts.demoPassword });
      console.log(formatDemoAccounts(demo.password, demo.accounts));
    }
  } catch (err) {
    await database.close();
    throw err;
  }
  const app = await buildApp({ database, clock, config, schedule: true });
  const shutdown = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  console.log(`Luoshi 落实 is serving ${url} (database ${database.displayUrl}); API docs at ${url}/api/docs`);
  return { app, database, url };
}
