import pg from 'pg';
import type { TestProject } from 'vitest/node';

/** Where the PostgreSQL tests run; CI sets LUOSHI_TEST_PG_REQUIRED=1 so that an unreachable server fails the run. */
export const defaultPgUrl = 'postgres://postgres@127.0.0.1:5432/test';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.LUOSHI_TEST_PG ?? defaultPgUrl;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    project.provide('pgUrl', url);
    console.log(
      `PostgreSQL reachable at ${url.replace(/:[^:@/]*@/, ':***@')}: integration tests run on SQLite and PostgreSQL.`,
    );
  } catch (err) {
    if (process.env.LUOSHI_TEST_PG_REQUIRED === '1') {
      throw new Error(
        `PostgreSQL is required (LUOSHI_TEST_PG_REQUIRED=1) but not reachable at ${url}: ${(err as Error).message}`,
      );
    }
    project.provide('pgUrl', null);
    console.log(
      `\n*** PostgreSQL not reachable at ${url} (${(err as Error).message}): PostgreSQL integration tests are SKIPPED; SQLite tests run. ***\n`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
