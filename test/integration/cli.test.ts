import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { databaseKinds, freshDatabase, type TestDatabase } from '../helpers/harness.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/** Runs the `luoshi` command from source, as an operator would run the built one. */
async function luoshi(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts'), ...args], {
      cwd: root,
      env: { ...process.env, LUOSHI_LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

for (const { kind, available } of databaseKinds()) {
  describe.skipIf(!available)(`luoshi CLI [${kind}]`, () => {
    let target: TestDatabase;
    beforeAll(async () => {
      target = await freshDatabase(kind);
    });
    afterAll(async () => {
      await target?.drop();
    });

    it('migrates, loads the demo data and prints the accounts', async () => {
      expect((await luoshi(['migrate', '--db', target.url])).stdout).toMatch(/Applied: 0001_foundation/);
      expect((await luoshi(['migrate', '--db', target.url])).stdout).toMatch(/up to date/);
      const demo = await luoshi(['demo', '--db', target.url, '--password', 'Cli-Demo-2026']);
      expect(demo.code).toBe(0);
      for (const u of [
        'admin',
        'secadmin',
        'auditor',
        'supervisor',
        'leader',
        'fgw.handler',
        'xining.handler',
        'datong.handler',
        'ganzi.supervisor',
      ]) {
        expect(demo.stdout).toContain(u);
      }
      const again = await luoshi(['demo', '--db', target.url]);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toMatch(/not empty/);
    });

    it('creates, disables, enables an account and resets its password', async () => {
      const created = await luoshi([
        'user',
        'create',
        '--db',
        target.url,
        '--username',
        'ops.viewer',
        '--name',
        '运维观察',
        '--org',
        'QH-XN',
        '--role',
        'viewer',
      ]);
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(/Temporary password .*: \S{10,}/);
      const bad = await luoshi([
        'user',
        'create',
        '--db',
        target.url,
        '--username',
        'x.y',
        '--name',
        'x',
        '--org',
        'QH',
        '--role',
        'king',
      ]);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/Unknown role king/);
      const twoAdmins = await luoshi([
        'user',
        'create',
        '--db',
        target.url,
        '--username',
        'x.z',
        '--name',
        'x',
        '--org',
        'QH',
        '--role',
        'system_admin',
        'auditor',
      ]);
      expect(twoAdmins.code).not.toBe(0);
      expect(twoAdmins.stderr).toMatch(/三员分立/);
      expect((await luoshi(['user', 'disable', 'ops.viewer', '--db', target.url])).code).toBe(0);
      expect((await luoshi(['user', 'enable', 'ops.viewer', '--db', target.url])).code).toBe(0);
      const reset = await luoshi(['user', 'reset-password', 'ops.viewer', '--db', target.url]);
      expect(reset.stdout).toMatch(/Temporary password: \S{10,}/);
      const weak = await luoshi([
        'user',
        'reset-password',
        'ops.viewer',
        '--password',
        'weak',
        '--db',
        target.url,
      ]);
      expect(weak.code).not.toBe(0);
      expect(weak.stderr).toMatch(/至少 10 个字符/);
    });

    it('imports organisations from a CSV file and names bad rows', async () => {
      const good = path.join(tmpdir(), `orgs-${kind}-${Date.now()}.csv`);
      writeFileSync(good, 'code,name,kind,parent_code\nCLI-1,命令行乡,乡镇,QH-XN-DT\n');
      const r = await luoshi(['org', 'import', good, '--db', target.url]);
      expect(r.stdout).toMatch(/1 created/);
      const bad = path.join(tmpdir(), `orgs-bad-${kind}-${Date.now()}.csv`);
      writeFileSync(bad, 'code,name,kind,parent_code\nCLI-2,坏类型,star,QH\n');
      const e = await luoshi(['org', 'import', bad, '--db', target.url]);
      expect(e.code).not.toBe(0);
      expect(e.stderr).toMatch(/row 1\.kind/);
    });

    it("imports a task list in a user's name, safely twice, and exports the ledger as .xlsx", async () => {
      const database = await openDatabase(target.url);
      const list = await database.db
        .selectFrom('lists')
        .innerJoin('plans', 'plans.id', 'lists.plan_id')
        .select(['lists.id', 'plans.id as planId'])
        .where('plans.code', 'like', 'QH%')
        .orderBy('lists.id')
        .executeTakeFirstOrThrow();
      await database.close();
      const sheet = path.join(tmpdir(), `tasks-${kind}-${Date.now()}.csv`);
      writeFileSync(sheet, '序号,任务事项,牵头单位,完成时限\n1,命令行导入的任务,省教育厅,2026年12月底前\n');
      const args = ['--list', String(list.id), '--as', 'supervisor', '--db', target.url];
      const dry = await luoshi(['import', sheet, ...args, '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/命令行导入的任务\tcreate/);
      expect(dry.stdout).toMatch(/Dry run of .*: 1 created/);
      expect((await luoshi(['import', sheet, ...args])).stdout).toMatch(/Imported .*: 1 created/);
      expect((await luoshi(['import', sheet, ...args])).stdout).toMatch(/0 created, 0 updated, 1 unchanged/);
      const bad = path.join(tmpdir(), `tasks-bad-${kind}-${Date.now()}.csv`);
      writeFileSync(bad, '任务事项,牵头单位,完成时限\n坏任务,省不存在厅,2026-06-30\n');
      const e = await luoshi(['import', bad, ...args]);
      expect(e.code).not.toBe(0);
      expect(e.stdout).toMatch(/问题：.*省不存在厅/);
      const denied = await luoshi([
        'import',
        sheet,
        '--list',
        String(list.id),
        '--as',
        'datong.handler',
        '--db',
        target.url,
      ]);
      expect(denied.code).not.toBe(0);

      const out = path.join(tmpdir(), `ledger-${kind}-${Date.now()}.xlsx`);
      const x = await luoshi([
        'export',
        out,
        '--as',
        'supervisor',
        '--plan',
        String(list.planId),
        '--db',
        target.url,
      ]);
      expect(x.code).toBe(0);
      expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
      const wrong = await luoshi([
        'export',
        out,
        '--as',
        'supervisor',
        '--health',
        'purple',
        '--db',
        target.url,
      ]);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toMatch(/--health/);
    });

    it('verifies the audit chain: exit 0 when intact, non-zero naming the first broken entry', async () => {
      const ok = await luoshi(['audit', 'verify', '--db', target.url]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/intact: \d+ entries/);
      const database = await openDatabase(target.url);
      try {
        await database.adapter.dropAppendOnly(database.db as never, 'audit_log');
        await sql`UPDATE audit_log SET actor_name = 'someone-else' WHERE seq = 3`.execute(database.db);
      } finally {
        await database.close();
      }
      const broken = await luoshi(['audit', 'verify', '--db', target.url]);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(/BROKEN at entry 3 \(hash_mismatch\)/);
    });
  });
}
