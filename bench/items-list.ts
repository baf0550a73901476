/**
 * Benchmark of the item list (台账) and a plan's health summary at provincial scale:
 * 100,000 items and 1,000,000 progress reports over ~730 organisations, served by the real app
 * (API-token authentication, zod validation and serialisation, Kysely), loaded with autocannon over
 * loopback. Run: `npm run bench` (SQLite) or `npm run bench -- --db postgres://…` (PostgreSQL).
 *   --items N --reports N --duration S --conns "1 32"
 * With `--bare` it also runs ../shared/bench/bare_limit.sh in the same run and prints the ratio.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { systemClock } from '../src/clock.js';
import { localDate } from '../src/domain/dates.js';
import { loadConfig } from '../src/config.js';
import type { Ctx } from '../src/context.js';
import { inTransaction } from '../src/context.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { buildApp } from '../src/http/app.js';
import { insertOrg } from '../src/modules/orgs/orgs.repo.js';
import { createToken } from '../src/modules/tokens/tokens.service.js';
import { buildActor } from '../src/modules/auth/auth.service.js';
import { insertUser } from '../src/modules/users/users.service.js';

const execFileAsync = promisify(execFile);
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const ITEMS = Number(opt('items', '100000'));
const REPORTS = Number(opt('reports', '1000000'));
const DURATION = Number(opt('duration', '10'));
const CONNS = opt('conns', '1 32').split(/\s+/).map(Number);
const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
const dbUrl = opt('db', `sqlite:${path.join(outDir, `items-${ITEMS}-${REPORTS}.db`)}`);

let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

/** 1 province, 8 prefectures, 8 counties each, 10 departments per county: the shape bare_limit uses. */
async function fillOrgs(ctx: Ctx) {
  const at = new Date().toISOString();
  await inTransaction(ctx, async (tx) => {
    const province = await insertOrg(tx.db, {
      code: 'P',
      name: '省',
      kind: 'government',
      parent: null,
      sortOrder: 0,
      at,
    });
    for (let p = 0; p < 8; p++) {
      const pref = await insertOrg(tx.db, {
        code: `P${p}`,
        name: `州${p}`,
        kind: 'prefecture',
        parent: province,
        sortOrder: p,
        at,
      });
      for (let c = 0; c < 8; c++) {
        const county = await insertOrg(tx.db, {
          code: `P${p}C${c}`,
          name: `县${p}-${c}`,
          kind: 'county',
          parent: pref,
          sortOrder: c,
          at,
        });
        for (let d = 0; d < 10; d++) {
          await insertOrg(tx.db, {
            code: `P${p}C${c}D${d}`,
            name: `局${d}`,
            kind: 'department',
            parent: county,
            sortOrder: d,
            at,
          });
        }
      }
    }
  });
}

async function fill(database: Database, ctx: Ctx) {
  const db = database.db;
  await fillOrgs(ctx);
  const orgs = await db.selectFrom('orgs').select(['id', 'path']).orderBy('id').execute();
  const at = new Date().toISOString();
  await db
    .insertInto('plans')
    .values(
      Array.from({ length: 50 }, (_, i) => ({
        code: `PLAN${i + 1}`,
        title: `方案${i + 1}`,
        description: null,
        owner_org_id: 1,
        owner_path: '/1/',
        period_start: '2026-01-01',
        period_end: '2026-12-31',
        report_cycle: 'monthly',
        report_due_day: 25,
        warning_days: 7,
        tolerance_pct: 15,
        categories: '[]',
        state: 'active',
        created_by: null,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
  await db
    .insertInto('lists')
    .values(
      Array.from({ length: 50 }, (_, i) => ({
        plan_id: i + 1,
        kind: 'task',
        title: '任务清单',
        description: null,
        claimable: 0,
        sort_order: 0,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
  const healths = ['green', 'green', 'green', 'yellow', 'red'];
  const today = localDate(new Date(), 'Asia/Shanghai');
  const states = ['assigned', 'accepted', 'in_progress', 'completed'];
  const batch = 500; // SQLite allows 32766 bound values per statement
  const t0 = Date.now();
  for (let start = 1; start <= ITEMS; start += batch) {
    const rows = [];
    for (let i = start; i < Math.min(start + batch, ITEMS + 1); i++) {
      const o = orgs[1 + Math.floor(rnd() * (orgs.length - 1))]!;
      const mon = String(1 + Math.floor(rnd() * 12)).padStart(2, '0');
      const day = String(1 + Math.floor(rnd() * 28)).padStart(2, '0');
      const health = healths[Math.floor(rnd() * 5)]!;
      rows.push({
        plan_id: 1 + (i % 50),
        list_id: 1 + (i % 50),
        parent_id: null,
        code: `T${i}`,
        title: `重点任务第${i}项：推进基础设施和公共服务补短板`,
        description: null,
        category: null,
        source: 'plan',
        lead_leader_id: null,
        lead_unit_id: o.id,
        unit_path: o.path,
        plan_owner_path: '/1/',
        responsible_person: null,
        responsible_user_id: null,
        target_indicator: null,
        target_unit: null,
        target_baseline: null,
        target_value: null,
        indicator_value: null,
        start_date: '2026-01-01',
        // Slots and health are already up to date (as the nightly job leaves them); the list is what is measured.
        reporting_from: null,
        deadline: `2026-${mon}-${day}`,
        due_sort: `2026-${mon}-${day}`,
        ongoing: 0,
        review_cadence: null,
        priority: 'normal',
        tags: '[]',
        state: states[i % 4]!,
        resume_state: null,
        health,
        health_reasons:
          health === 'red'
            ? '[{"code":"deadline_passed","level":"red","deadline":"2026-01-01","days":3}]'
            : '[]',
        health_on: today,
        progress: Math.floor(rnd() * 100),
        results: null,
        completion_requested_on: null,
        completed_on: null,
        created_by: null,
        created_at: at,
        updated_at: at,
      });
    }
    await db.insertInto('items').values(rows).execute();
  }
  const t1 = Date.now();
  const itemOrg = await db
    .selectFrom('items')
    .innerJoin('orgs', 'orgs.id', 'items.lead_unit_id')
    .select(['items.id', 'orgs.id as org', 'orgs.path'])
    .orderBy('items.id')
    .execute();
  // Reports spread evenly: each item gets REPORTS / ITEMS months (at most 12).
  const perItem = Math.max(1, Math.min(12, Math.round(REPORTS / ITEMS)));
  for (let start = 0; start < REPORTS; start += 1000) {
    const rows = [];
    for (let r = start; r < Math.min(start + 1000, REPORTS); r++) {
      const it = itemOrg[Math.floor(r / perItem) % itemOrg.length]!;
      const mm = String(1 + (r % perItem)).padStart(2, '0');
      rows.push({
        item_id: it.id,
        org_id: it.org,
        org_path: it.path,
        is_lead: 1,
        period: `2026-${mm}`,
        period_start: `2026-${mm}-01`,
        period_end: `2026-${mm}-28`,
        due_date: `2026-${mm}-25`,
        state: 'approved',
        progress_text: '本月完成阶段性目标，下一步继续推进。',
        percent: Math.floor(rnd() * 100),
        indicator_value: null,
        problems: null,
        next_steps: null,
        submitted_at: at,
        submitted_by: null,
        reviewed_at: null,
        reviewed_by: null,
        review_note: null,
        created_at: at,
        updated_at: at,
      });
    }
    await db.insertInto('reports').values(rows).execute();
  }
  if (database.adapter.name === 'sqlite') {
    await sql`ANALYZE`.execute(db);
  } else {
    await sql`ANALYZE items`.execute(db);
    await sql`ANALYZE reports`.execute(db);
  }
  console.log(
    `filled ${ITEMS} items in ${((t1 - t0) / 1000).toFixed(1)} s and ${REPORTS} reports in ${((Date.now() - t1) / 1000).toFixed(1)} s`,
  );
}

/**
 * Loads a URL with autocannon in a process of its own, as bare_limit.sh does: a load generator sharing the
 * server's event loop would take its time from the server being measured.
 */
async function load(url: string, token: string, connections: number) {
  const cli = path.join(root, 'node_modules', 'autocannon', 'autocannon.js');
  const { stdout } = await execFileAsync(
    process.execPath,
    [
      cli,
      '-j',
      '-c',
      String(connections),
      '-d',
      String(DURATION),
      '-H',
      `authorization=Bearer ${token}`,
      url,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const r = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  };
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

async function main() {
  const fresh = args.includes('--fresh');
  const target = dbUrl.startsWith('sqlite:') ? dbUrl.slice(7) : null;
  if (fresh && target && existsSync(target)) {
    rmSync(target);
  }
  const config = loadConfig({ databaseUrl: dbUrl, logLevel: 'silent', port: 0 }, {});
  const database = await openDatabase(dbUrl, { poolSize: 16 });
  await migrateToLatest(database);
  const ctx: Ctx = {
    db: database.db,
    adapter: database.adapter,
    clock: systemClock,
    config,
    requestId: null,
    ip: null,
  };
  const count = Number(
    (
      await database.db
        .selectFrom('items')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  if (count === 0) {
    await fill(database, ctx);
  } else {
    console.log(`reusing ${count} items in ${database.displayUrl}`);
  }
  // A provincial supervisor: scope is the whole tree, as in the bare measurement's unit=1.
  let user = await database.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', 'bench.supervisor')
    .executeTakeFirst();
  if (!user) {
    await inTransaction(ctx, (tx) =>
      insertUser(null, tx, {
        username: 'bench.supervisor',
        displayName: 'bench',
        orgId: 1,
        password: 'Bench-Pass-2026',
        roles: ['supervisor'],
        mustChangePassword: false,
      }),
    );
    user = await database.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'bench.supervisor')
      .executeTakeFirstOrThrow();
  }
  const actor = (await buildActor(ctx, user, 'session'))!;
  const { secret } = await inTransaction(ctx, (tx) =>
    createToken(actor, tx, { name: `bench ${Date.now()}` }),
  );
  const app = await buildApp({ database, clock: systemClock, config, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  // Warm up: the first request of a day runs the daily job (slots, missed reports, stale health).
  const warm = await fetch(`${base}/api/v1/items?pageSize=1`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  console.log(`warm-up ${warm.status}`);
  const results: Record<string, unknown>[] = [];
  const dialect = database.adapter.name;
  for (const c of CONNS) {
    for (const unit of [1, 3]) {
      const r = await load(`${base}/api/v1/items?health=red&unitId=${unit}&pageSize=50`, secret, c);
      results.push({ dialect, view: `list unit=${unit}`, c, ...r });
      console.log(
        `luoshi ${dialect} list unit=${unit} c=${c} rps=${r.rps} p50_ms=${r.p50} p99_ms=${r.p99} non2xx=${r.non2xx}`,
      );
    }
    const s = await load(`${base}/api/v1/plans/1/summary`, secret, c);
    results.push({ dialect, view: 'plan summary', c, ...s });
    console.log(
      `luoshi ${dialect} plan summary c=${c} rps=${s.rps} p50_ms=${s.p50} p99_ms=${s.p99} non2xx=${s.non2xx}`,
    );
  }
  await app.close();
  await database.close();

  if (args.includes('--bare')) {
    const script = path.resolve(root, '..', 'shared', 'bench', 'bare_limit.sh');
    const out = execFileSync('bash', [script, String(ITEMS), String(REPORTS)], {
      env: { ...process.env, DURATION: String(DURATION), CONNS: CONNS.join(' ') },
      encoding: 'utf8',
    });
    process.stdout.write(out);
    for (const line of out.split('\n').filter((l) => l.startsWith('bare '))) {
      const m = /unit=(\d+) c=(\d+) rps=(\d+)/.exec(line);
      const ours = results.find(
        (r) => r.view === `list unit=${m?.[1]}` && r.c === Number(m?.[2]) && r.dialect === dialect,
      );
      if (m && ours) {
        console.log(
          `ratio ${dialect} unit=${m[1]} c=${m[2]}: luoshi/bare = ${((ours.rps as number) / Number(m[3])).toFixed(2)}`,
        );
      }
    }
  }
  writeFileSync(path.join(outDir, `items-list-${dialect}.json`), JSON.stringify(results, null, 2));
}

await main();
