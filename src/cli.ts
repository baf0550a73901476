import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { Command, Option } from 'commander';
import { systemClock } from './clock.js';
import { loadConfig, type Config } from './config.js';
import type { Actor, Ctx } from './context.js';
import { inTransaction } from './context.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { isRoleCode, permissions, roleCodes, type RoleCode } from './domain/permissions.js';
import { AppError } from './errors.js';
import { errorMessage } from './i18n/messages.js';
import { formatSummary, intake, IntakeError } from './intake/index.js';
import { verifyAuditChain } from './modules/audit/audit.service.js';
import { loadDemo } from './modules/demo/demo.service.js';
import { importOrgs, rowsFromCsv, rowsFromJson } from './modules/orgs/orgs.import.js';
import { findOrgByCode } from './modules/orgs/orgs.repo.js';
import { findUserByName } from './modules/users/users.repo.js';
import { buildActor } from './modules/auth/auth.service.js';
import { exportLedger } from './modules/sheets/sheets.export.js';
import { importItems } from './modules/sheets/sheets.import.js';
import { exportQuery } from './modules/sheets/sheets.schema.js';
import { insertUser, resetPassword, setDisabled } from './modules/users/users.service.js';
import { formatDemoAccounts, serve } from './server.js';

interface DbOptions {
  db?: string;
  dataDir?: string;
}

function configFrom(opts: DbOptions & { host?: string; port?: string }): Config {
  return loadConfig({
    databaseUrl: opts.db,
    dataDir: opts.dataDir,
    host: opts.host,
    port: opts.port === undefined ? undefined : Number(opts.port),
  });
}

/** The operator at the server's console: acts everywhere, recorded in the audit trail as `cli:<login>`. */
function cliActor(): Actor {
  return {
    id: 0,
    username: `cli:${os.userInfo().username}`.slice(0, 64),
    displayName: 'CLI',
    orgId: 0,
    scope: { global: true },
    roles: [],
    permissions: new Set(permissions),
    via: 'cli',
    mustChangePassword: false,
  };
}

/** Opens and migrates the database, runs `fn`, and always closes it. */
async function withDatabase<T>(
  opts: DbOptions,
  fn: (ctx: Ctx, database: Database) => Promise<T>,
): Promise<T> {
  const config = configFrom(opts);
  const database = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database);
    const ctx: Ctx = {
      db: database.db,
      adapter: database.adapter,
      clock: systemClock,
      config,
      requestId: null,
      ip: null,
    };
    return await fn(ctx, database);
  } finally {
    await database.close();
  }
}

const dbOption = () => new Option('--db <url>', 'database: sqlite:PATH or postgres://… (env LUOSHI_DB)');
const dataDirOption = () => new Option('--data-dir <dir>', 'data directory (env LUOSHI_DATA_DIR)');

function describeError(err: unknown): string {
  if (err instanceof AppError) {
    const details = Array.isArray(err.details)
      ? (err.details as { field?: string; message?: string }[])
          .map((d) => `\n  ${d.field ?? ''}: ${d.message ?? ''}`)
          .join('')
      : '';
    return `${errorMessage('zh-CN', err.code, { summary: '', ...err.params })}${details}`;
  }
  return err instanceof Error ? err.message : String(err);
}

export function buildCli(): Command {
  const program = new Command('luoshi')
    .description('落实 Luoshi — key-task supervision and target-responsibility management')
    .showHelpAfterError();

  program
    .command('serve')
    .description('serve the API and web app')
    .option('--host <host>', 'address to listen on (env LUOSHI_HOST)')
    .option('--port <port>', 'port (env LUOSHI_PORT)')
    .addOption(dbOption())
    .addOption(dataDirOption())
    .option('--demo-if-empty', 'load the demo data when the database is empty')
    .option('--demo-password <password>', 'password of every demo account (env LUOSHI_DEMO_PASSWORD)')
    .action(
      async (
        opts: DbOptions & { host?: string; port?: string; demoIfEmpty?: boolean; demoPassword?: string },
      ) => {
        await serve(configFrom(opts), {
          demoIfEmpty: opts.demoIfEmpty,
          demoPassword: opts.demoPassword ?? process.env.LUOSHI_DEMO_PASSWORD,
        });
      },
    );

  program
    .command('migrate')
    .description('apply pending database migrations')
    .addOption(dbOption())
    .addOption(dataDirOption())
    .action(async (opts: DbOptions) => {
      const config = configFrom(opts);
      const database = await openDatabase(config.databaseUrl);
      try {
        const applied = await migrateToLatest(database);
        console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      } finally {
        await database.close();
      }
    });

  program
    .command('demo')
    .description('load the demo organisations and accounts into an empty database')
    .addOption(dbOption())
    .addOption(dataDirOption())
    .option('--password <password>', 'password of every demo account (env LUOSHI_DEMO_PASSWORD)')
    .action(async (opts: DbOptions & { password?: string }) => {
      await withDatabase(opts, async (ctx) => {
        const demo = await loadDemo(ctx, { password: opts.password ?? process.env.LUOSHI_DEMO_PASSWORD });
        console.log(formatDemoAccounts(demo.password, demo.accounts));
      });
    });

  const user = program.command('user').description('manage accounts from the server console');
  user
    .command('create')
    .description('create an account (must change its password at first sign-in)')
    .requiredOption('--username <name>', 'login name')
    .requiredOption('--name <displayName>', 'display name')
    .requiredOption('--org <code>', 'code of the organisation the user belongs to')
    .option('--role <role...>', `roles: ${roleCodes.join(', ')}`)
    .option('--scope <code>', 'code of the subtree the user oversees, or "all"')
    .option('--password <password>', 'initial password (a random one is printed otherwise)')
    .addOption(dbOption())
    .addOption(dataDirOption())
    .action(
      async (
        opts: DbOptions & {
          username: string;
          name: string;
          org: string;
          role?: string[];
          scope?: string;
          password?: string;
        },
      ) => {
        const roles = opts.role ?? [];
        const unknown = roles.filter((r) => !isRoleCode(r));
        if (unknown.length > 0) {
          throw new Error(`Unknown role ${unknown.join(', ')}; roles are ${roleCodes.join(', ')}`);
        }
        await withDatabase(opts, async (ctx) => {
          const org = await findOrgByCode(ctx.db, opts.org);
          if (!org) {
            throw new Error(`No organisation with code ${opts.org}`);
          }
          const scopeOrg =
            opts.scope && opts.scope !== 'all' ? await findOrgByCode(ctx.db, opts.scope) : undefined;
          if (opts.scope && opts.scope !== 'all' && !scopeOrg) {
            throw new Error(`No organisation with code ${opts.scope}`);
          }
          const actor = cliActor();
          const result = await inTransaction(ctx, (tx) =>
            insertUser(actor, tx, {
              username: opts.username.trim().toLowerCase(),
              displayName: opts.name,
              orgId: org.id,
              scopeOrgId: scopeOrg?.id ?? null,
              globalScope: opts.scope === 'all',
              password: opts.password,
              roles: roles as RoleCode[],
            }),
          );
          console.log(
            `Created ${result.user.username} (id ${result.user.id}) in ${org.name}, roles: ${result.user.roles.join(', ') || 'none'}`,
          );
          if (result.temporaryPassword) {
            console.log(`Temporary password (must be changed at first sign-in): ${result.temporaryPassword}`);
          }
        });
      },
    );

  user
    .command('reset-password <username>')
    .description(
      'give an account a new password that must be changed at next sign-in; unlocks it and ends its sessions',
    )
    .option('--password <password>', 'the new password (a random one is printed otherwise)')
    .addOption(dbOption())
    .addOption(dataDirOption())
    .action(async (username: string, opts: DbOptions & { password?: string }) => {
      await withDatabase(opts, async (ctx) => {
        const u = await findUserByName(ctx.db, username.trim().toLowerCase());
        if (!u) {
          throw new Error(`No user ${username}`);
        }
        const r = await inTransaction(ctx, (tx) => resetPassword(null, tx, u.id, opts.password));
        console.log(
          `Password of ${u.username} reset.${opts.password ? '' : ` Temporary password: ${r.temporaryPassword}`}`,
        );
      });
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${name} <username>`)
      .description(disabled ? 'disable an account and end its sessions' : 'enable a disabled account')
      .addOption(dbOption())
      .addOption(dataDirOption())
      .action(async (username: string, opts: DbOptions) => {
        await withDatabase(opts, async (ctx) => {
          const u = await findUserByName(ctx.db, username.trim().toLowerCase());
          if (!u) {
            throw new Error(`No user ${username}`);
          }
          await inTransaction(ctx, (tx) => setDisabled(cliActor(), tx, u.id, disabled));
          console.log(`${u.username} ${disabled ? 'disabled' : 'enabled'}.`);
        });
      });
  }

  const org = program.command('org').description('organisations');
  org
    .command('import <file>')
    .description(
      'create or update organisations from a CSV (code,name,kind,parent_code) or JSON tree; safe to repeat',
    )
    .addOption(
      new Option('--format <format>', 'csv or json (default: from the file name)').choices(['csv', 'json']),
    )
    .option('--parent <code>', 'place rows without a parent under this organisation')
    .addOption(dbOption())
    .addOption(dataDirOption())
    .action(async (file: string, opts: DbOptions & { format?: 'csv' | 'json'; parent?: string }) => {
      const text = readFileSync(file, 'utf8');
      const format = opts.format ?? (/\.json$/i.test(file) ? 'json' : 'csv');
      await withDatabase(opts, async (ctx) => {
        const parsed = format === 'json' ? rowsFromJson(text) : rowsFromCsv(text);
        const r = await inTransaction(ctx, (tx) =>
          importOrgs(cliActor(), tx, parsed, { parentCode: opts.parent }),
        );
        console.log(
          `Imported ${file}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged.`,
        );
      });
    });

  /** A user's identity for work done in their name from the console (their scope, their permissions). */
  const actAs = async (ctx: Ctx, username: string): Promise<Actor> => {
    const user = await findUserByName(ctx.db, username);
    const actor = user && !user.disabled ? await buildActor(ctx, user, 'cli') : null;
    if (!actor) {
      throw new Error(`没有可用的用户 ${username}`);
    }
    return actor;
  };

  program
    .command('import <file>')
    .description(
      'import a task list (.xlsx or CSV) into a list as draft items, in the name of a user; safe to repeat',
    )
    .requiredOption('--list <id>', 'the list to import into')
    .requiredOption('--as <username>', 'the user the import is done as (their scope and permissions apply)')
    .option('--dry-run', 'only say, row by row, what the import would do')
    .addOption(dbOption())
    .addOption(dataDirOption())
    .action(async (file: string, opts: DbOptions & { list: string; as: string; dryRun?: boolean }) => {
      const data = readFileSync(file);
      await withDatabase(opts, async (ctx) => {
        const actor = await actAs(ctx, opts.as);
        try {
          // Checked first, row by row, as the web page does; stored only when every row is right.
          const run = (dryRun: boolean) =>
            inTransaction(ctx, (tx) => importItems(actor, tx, Number(opts.list), data, { dryRun }));
          let r = await run(true);
          for (const row of r.rows) {
            const what = row.errors.length ? `问题：${row.errors.join('；')}` : row.action;
            const notes = row.notes.length ? `（${row.notes.join('；')}）` : '';
            console.log(`row ${row.row}\t${row.code}\t${row.title}\t${what}${notes}`);
          }
          for (const e of r.errors.filter((x) => !x.field.startsWith('row '))) {
            console.log(`${e.field}: ${e.message}`);
          }
          for (const note of r.notes) {
            console.log(note);
          }
          if (r.errors.length === 0 && !opts.dryRun) {
            r = await run(false);
          }
          const counts = `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.skipped} skipped`;
          if (r.errors.length > 0) {
            console.log(`${file} (sheet ${r.sheet}): ${r.errors.length} problems; nothing imported.`);
            process.exitCode = 1;
          } else {
            console.log(`${r.stored ? 'Imported' : 'Dry run of'} ${file} (sheet ${r.sheet}): ${counts}.`);
          }
        } catch (err) {
          console.error(describeError(err));
          process.exitCode = 1;
        }
      });
    });

  program
    .command('export <file>')
    .description("write a ledger (台账) as an .xlsx workbook: what the user's ledger shows for the filters")
    .requiredOption('--as <username>', 'whose ledger (their scope applies)')
    .option('--plan <id>', 'items of this plan')
    .option('--list <id>', 'items of this list')
    .option('--unit <id>', 'items led by this organisation or below it')
    .option('--health <values>', 'comma-separated: green,yellow,red,done_on_time,done_late,none')
    .option('--state <values>', 'comma-separated item states')
    .addOption(dbOption())
    .addOption(dataDirOption())
    .action(
      async (
        file: string,
        opts: DbOptions & {
          as: string;
          plan?: string;
          list?: string;
          unit?: string;
          health?: string;
          state?: string;
        },
      ) => {
        await withDatabase(opts, async (ctx) => {
          const actor = await actAs(ctx, opts.as);
          const query = exportQuery.safeParse({
            planId: opts.plan,
            listId: opts.list,
            unitId: opts.unit,
            health: opts.health,
            state: opts.state,
          });
          if (!query.success) {
            console.error(query.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n'));
            process.exitCode = 1;
            return;
          }
          try {
            const { data } = await exportLedger(actor, ctx, query.data);
            writeFileSync(file, data);
            console.log(`Wrote ${file} (${data.length} bytes).`);
          } catch (err) {
            console.error(describeError(err));
            process.exitCode = 1;
          }
        });
      },
    );

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('re-compute the hash chain; exit 0 when intact, 1 and the first broken entry otherwise')
    .addOption(dbOption())
    .addOption(dataDirOption())
    .action(async (opts: DbOptions) => {
      await withDatabase(opts, async (ctx) => {
        const r = await verifyAuditChain(ctx);
        if (r.ok) {
          console.log(`Audit chain intact: ${r.entries} entries.`);
        } else {
          console.error(
            `Audit chain BROKEN at entry ${r.problem.seq} (${r.problem.reason}); ${r.entries} entries before it verify.`,
          );
          process.exitCode = 1;
        }
      });
    });

  program
    .command('intake <file>')
    .description(
      'read a meeting report (.txt in UTF-8/GBK/GB18030/Big5, or .docx; - for stdin) into a draft meeting record',
    )
    .option('--json', 'print one JSON object instead of a readable summary')
    .option('--reference-date <date>', 'YYYY-MM-DD used to resolve 昨日 and dates without a year')
    .action((file: string, opts: { json?: boolean; referenceDate?: string }) => {
      // Bad input is the user's to fix, so it gets a plain zh-CN message and exit code 1, never a stack trace.
      let bytes: Buffer;
      try {
        bytes = readFileSync(file === '-' ? 0 : file);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        console.error(
          `luoshi intake: ${code === 'ENOENT' ? `找不到文件:${file}` : code === 'EISDIR' ? `这是一个目录,不是文件:${file}` : `无法读取文件:${file}`}`,
        );
        process.exitCode = 1;
        return;
      }
      if (opts.referenceDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.referenceDate)) {
        console.error('luoshi intake: --reference-date 应为 YYYY-MM-DD 格式。');
        process.exitCode = 1;
        return;
      }
      try {
        const result = intake(bytes, { filename: file, referenceDate: opts.referenceDate });
        console.log(opts.json ? JSON.stringify(result) : formatSummary(result));
      } catch (err) {
        console.error(
          `luoshi intake: ${err instanceof IntakeError ? err.message : '读取会议报道时出错,请检查文件内容。'}`,
        );
        process.exitCode = 1;
      }
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    console.error(`luoshi: ${describeError(err)}`);
    process.exitCode = 2;
  }
}
