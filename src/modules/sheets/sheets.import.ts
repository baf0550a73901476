import { inScope, requirePermission } from '../../access.js';
import type { Actor, TxCtx } from '../../context.js';
import { escapeLike, likeAny } from '../../db/adapter.js';
import type { OrgKind } from '../../db/schema.js';
import { subtreeRange } from '../../domain/org-path.js';
import { normaliseUnitName, UnitMatcher } from '../../domain/unit-names.js';
import { invalid, type FieldIssue } from '../../errors.js';
import { appendAudit, who } from '../audit/audit.service.js';
import { loadList, loadManagedPlan } from '../plans/plans.service.js';
import { addMilestone } from '../items/items.extras.js';
import { createItem, updateItem } from '../items/items.service.js';
import {
  readDeadline,
  datedClauses,
  RELATIVE_DEADLINE,
  readTaskSheet,
  SheetError,
  type ReadSheet,
  type SheetRow,
} from './sheets.read.js';

interface OrgRef {
  id: number;
  name: string;
  path: string;
  kind: OrgKind;
}

/** What one row of the sheet becomes. */
export interface ImportRow {
  row: number;
  code: string;
  title: string;
  category: string | null;
  leadUnit: { id: number; name: string } | null;
  coUnits: { id: number; name: string }[];
  leader: { id: number; name: string } | null;
  deadline: string | null;
  ongoing: boolean;
  milestones: { title: string; dueDate: string }[];
  /** create: a new item · update: a draft of this list changed · unchanged · skip: already assigned, left as is. */
  action: 'create' | 'update' | 'unchanged' | 'skip';
  itemId: number | null;
  errors: string[];
  notes: string[];
}

export interface ImportResult {
  sheet: string;
  columns: Record<string, string>;
  /** What the sheet held that was not imported, or was read in a particular way. */
  notes: string[];
  rows: ImportRow[];
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** Every problem, as `row N.<column>`; when there is one, nothing is stored. */
  errors: FieldIssue[];
  stored: boolean;
}

const codePattern = /^[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff._〔〕()-]{0,63}$/;

/** Group references offices write for "every prefecture" or "every county" under the importer. */
const groupKinds: [RegExp, OrgKind[]][] = [
  [/^各(?:市州|市[(（]州[)）]|地市州?|市、州|州市|市)(?:政府|人民政府|党委)?$/, ['prefecture']],
  [/^各(?:县市区|县[(（]市、?区[)）]|县区|县(?:市)?|区县)(?:政府|人民政府|党委)?$/, ['county']],
  [/^各(?:乡镇|乡[(（]镇[)）]|乡镇街道)(?:政府|人民政府)?$/, ['township']],
];

function ambiguous(name: string, orgs: OrgRef[]) {
  return {
    error: `「${name}」不止一个单位：${orgs
      .slice(0, 5)
      .map((o) => o.name)
      .join('、')}`,
  };
}

class UnitIndex {
  readonly #matcher: UnitMatcher<OrgRef>;
  constructor(readonly orgs: OrgRef[]) {
    this.#matcher = new UnitMatcher(orgs);
  }

  /** The unit a name stands for (with a note when it was read as an abbreviation), or why none could be chosen. */
  find(name: string): { org: OrgRef; note?: string } | { error: string } {
    const found = this.#matcher.find(name);
    if ('unit' in found) {
      return found.by === 'abbreviation'
        ? { org: found.unit, note: `「${name}」按简称对应为「${found.unit.name}」` }
        : { org: found.unit };
    }
    return found.error === 'ambiguous'
      ? ambiguous(name, found.candidates)
      : { error: `没有找到单位「${name}」（或不在管理范围内）` };
  }

  /** 各市州 → every prefecture in scope; undefined when the name is not such a group. */
  group(name: string): OrgRef[] | undefined {
    const n = normaliseUnitName(name);
    for (const [re, kinds] of groupKinds) {
      if (re.test(n)) {
        return this.orgs.filter((o) => kinds.includes(o.kind));
      }
    }
    return undefined;
  }
}

interface Person {
  id: number;
  displayName: string;
  /** The name without the title displayed before it ("省领导 马德明" → 马德明). */
  name: string;
  leader: boolean;
}

function findLeader(cell: string, people: Person[]): Person | undefined {
  const c = normaliseUnitName(cell);
  const match = (p: Person) =>
    normaliseUnitName(p.displayName) === c ||
    (p.name.length >= 2 && (c === p.name || c.startsWith(p.name) || c.endsWith(p.name)));
  const hits = people.filter(match);
  const leaders = hits.filter((p) => p.leader);
  const pick = leaders.length > 0 ? leaders : hits;
  return pick.length === 1 ? pick[0] : undefined;
}

async function unitsInScope(actor: Actor, tx: TxCtx): Promise<OrgRef[]> {
  let q = tx.db.selectFrom('orgs').select(['id', 'name', 'path', 'kind']);
  if (!actor.scope.global) {
    const { lo, hi } = subtreeRange(actor.scope.path);
    q = q.where('path', '>=', lo).where('path', '<', hi);
  }
  return q.orderBy('path').execute();
}

async function peopleInScope(actor: Actor, tx: TxCtx): Promise<Person[]> {
  let q = tx.db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['users.id', 'users.display_name'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('user_roles')
            .select('user_id')
            .whereRef('user_roles.user_id', '=', 'users.id')
            .where('role', '=', 'leader'),
        )
        .as('is_leader'),
    )
    .where('users.disabled', '=', 0);
  if (!actor.scope.global) {
    // Leaders may sit above the importer (a provincial leader over a county's list): the whole branch.
    const root = `/${actor.scope.path.split('/')[1]}/`;
    const { lo, hi } = subtreeRange(root);
    q = q.where('orgs.path', '>=', lo).where('orgs.path', '<', hi);
  }
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    name: r.display_name.trim().split(/\s+/).at(-1) ?? r.display_name,
    leader: Boolean(r.is_leader),
  }));
}

/**
 * Imports a task list into a list as draft items, or (dryRun) says what it would do. Each row is
 * matched to an item of the list by its code, or by its title when the sheet has no codes, so a
 * second import of the same sheet changes nothing: drafts are updated where the sheet changed,
 * assigned items are left alone. If any row is wrong, nothing is stored and every problem is listed.
 */
export async function importItems(
  actor: Actor,
  tx: TxCtx,
  listId: number,
  data: Buffer,
  opts: { dryRun: boolean },
): Promise<ImportResult> {
  requirePermission(actor, 'item.manage');
  const { list, plan } = await loadList(actor, tx, listId);
  await loadManagedPlan(actor, tx, plan.id);
  let read: ReadSheet;
  try {
    read = await readTaskSheet(data);
  } catch (err) {
    if (err instanceof SheetError) {
      throw invalid([{ field: 'body.file', message: err.message }]);
    }
    throw err;
  }
  const errors: FieldIssue[] = read.issues.map((i) => ({
    ...i,
    field: i.field === 'file' ? 'body.file' : i.field,
  }));
  const units = new UnitIndex((await unitsInScope(actor, tx)).filter((o) => inScope(actor, o.path)));
  const people = await peopleInScope(actor, tx);
  const existing = await tx.db
    .selectFrom('items')
    .select([
      'id',
      'code',
      'title',
      'state',
      'description',
      'category',
      'lead_unit_id',
      'lead_leader_id',
      'deadline',
      'ongoing',
      'responsible_person',
    ])
    .where('list_id', '=', list.id)
    .execute();
  const existingCo = new Map<number, number[]>();
  for (const c of existing.length
    ? await tx.db
        .selectFrom('item_co_units')
        .select(['item_id', 'org_id'])
        .where(
          'item_id',
          'in',
          existing.map((e) => e.id),
        )
        .execute()
    : []) {
    existingCo.set(c.item_id, [...(existingCo.get(c.item_id) ?? []), c.org_id]);
  }
  const categories = JSON.parse(plan.categories) as string[];
  const year = Number(plan.period_start.slice(0, 4));
  const header = (key: keyof ReadSheet['columns'], fallback: string) => read.columns[key] ?? fallback;

  // Codes already given out under the plan's prefix, so that new ones do not collide with them.
  const planCodes = new Set(
    (
      await tx.db
        .selectFrom('items')
        .select('code')
        .where(likeAny(['code'], `${escapeLike(plan.code)}-%`))
        .execute()
    ).map((r) => r.code),
  );
  const rows: ImportRow[] = [];
  const titlesSeen = new Map<string, number>();
  const codesSeen = new Map<string, number>();
  for (const [index, r] of read.rows.entries()) {
    const out = resolveRow(r, index);
    rows.push(out);
    for (const e of out.errors) {
      errors.push({ field: `row ${r.row}`, message: e });
    }
  }

  function resolveRow(r: SheetRow, index: number): ImportRow {
    const rowErrors: string[] = [];
    const notes: string[] = [];
    const err = (column: string, message: string) => rowErrors.push(`${column}：${message}`);
    if (r.title.length > 500) {
      err(header('title', '任务'), '超过 500 字');
    }
    const dupTitle = titlesSeen.get(r.title);
    if (dupTitle !== undefined) {
      err(header('title', '任务'), `与第 ${dupTitle} 行重复`);
    }
    titlesSeen.set(r.title, r.row);
    // Identity: the sheet's own code; else an item of the list with the same title; else a new code,
    // the plan's code and the row's number (the next free number when that one is taken).
    const match = r.code
      ? existing.find((e) => e.code === r.code)
      : existing.find((e) => e.title === r.title);
    let code: string;
    if (r.code) {
      code = r.code;
      if (!codePattern.test(code)) {
        err(header('code', '编号'), `「${code}」不能用作编号（字母、数字、汉字、. _ - 〔〕()，最长 64 位）`);
      }
      const dupCode = codesSeen.get(code);
      if (dupCode !== undefined) {
        err(header('code', '编号'), `「${code}」与第 ${dupCode} 行重复`);
      }
    } else if (match) {
      code = match.code;
    } else {
      let n = r.seq && /^\d{1,4}$/.test(r.seq) ? Number(r.seq) : index + 1;
      code = `${plan.code}-${String(n).padStart(2, '0')}`;
      while (codesSeen.has(code) || planCodes.has(code)) {
        n += 1;
        code = `${plan.code}-${String(n).padStart(2, '0')}`;
      }
    }
    codesSeen.set(code, r.row);

    if (r.category && categories.length > 0 && !categories.includes(r.category)) {
      err(header('category', '类别'), `「${r.category}」不是本方案的类别（${categories.join('、')}）`);
    }
    const category =
      r.category && (categories.length === 0 || categories.includes(r.category)) ? r.category : null;

    // Units: the first lead unit leads, the others and the co-units help (配合).
    let leadUnit: OrgRef | null = null;
    const co: OrgRef[] = [];
    for (const [i, name] of r.leadUnits.entries()) {
      const group = units.group(name);
      if (group) {
        if (i === 0) {
          err(
            header('lead', '牵头单位'),
            `「${name}」是一组单位，牵头单位须是一个：请写明单位，或在“配合单位”列写“${name}”`,
          );
        } else {
          co.push(...group);
        }
        continue;
      }
      const found = units.find(name);
      if ('error' in found) {
        err(header('lead', '牵头单位'), found.error);
        continue;
      }
      if (found.note) {
        notes.push(found.note);
      }
      if (i === 0) {
        leadUnit = found.org;
      } else {
        co.push(found.org);
        notes.push(`牵头单位只能有一个：「${found.org.name}」作为配合单位`);
      }
    }
    for (const name of r.coUnits) {
      const group = units.group(name);
      if (group) {
        if (group.length === 0) {
          notes.push(`「${name}」在管理范围内没有对应单位`);
        }
        co.push(...group);
        continue;
      }
      const found = units.find(name);
      if ('error' in found) {
        err(header('co', '配合单位'), found.error);
        continue;
      }
      if (found.note) {
        notes.push(found.note);
      }
      co.push(found.org);
    }
    const coUnits = [...new Map(co.filter((o) => o.id !== leadUnit?.id).map((o) => [o.id, o])).values()];
    if (coUnits.length > 50) {
      err(header('co', '配合单位'), `配合单位最多 50 个（此行 ${coUnits.length} 个）`);
    }
    if (!leadUnit && r.leadUnits.length === 0) {
      notes.push('未写牵头单位：导入后待交办或认领');
    }

    let leader: Person | undefined;
    if (r.leader) {
      leader = findLeader(r.leader, people);
      if (!leader) {
        notes.push(`牵头领导「${r.leader}」不是系统用户，未关联`);
      }
    }

    // Deadline and milestones (节点): dates in the milestone column, and dates before the last one in
    // the deadline column ("6月底前完成初稿，12月底前全面完成").
    const due = readDeadline(r.deadline, year, plan.period_start);
    const stages = [...(due?.stages ?? []), ...(r.milestones ? datedClauses(r.milestones, year) : [])];
    let deadline = due?.date ?? null;
    let ongoing = due?.ongoing ?? false;
    if (r.deadline && !due) {
      err(
        header('deadline', '完成时限'),
        `无法识别「${r.deadline}」：请写日期（2025-06-30、2025年6月底前）或“长期坚持”`,
      );
    } else if (r.deadline && deadline && RELATIVE_DEADLINE.test(r.deadline)) {
      notes.push(`「${r.deadline}」从方案开始日期 ${plan.period_start} 起算为 ${deadline}，请核对`);
    } else if (!r.deadline) {
      const last = stages.reduce<string | null>((a, s) => (a === null || s.date > a ? s.date : a), null);
      if (last) {
        deadline = last;
        notes.push(`完成时限取最后一个节点 ${last}`);
      } else if (r.milestones && readDeadline(r.milestones, year)?.ongoing) {
        ongoing = true;
        notes.push(`「${r.milestones}」：长期坚持，没有完成时限`);
      } else {
        err(header('deadline', '完成时限'), '为空：请写完成时限，或写“长期坚持”');
      }
    }
    const milestones = [...new Map(stages.map((s) => [`${s.date} ${s.text}`, s])).values()]
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
      .map((s) => ({ title: s.text.slice(0, 300), dueDate: s.date }));
    if (deadline && milestones.some((m) => m.dueDate > deadline)) {
      err(header('milestones', '节点安排'), `有节点晚于完成时限 ${deadline}`);
    }
    if (milestones.length > 24) {
      err(header('milestones', '节点安排'), '节点最多 24 个');
    }

    let action: ImportRow['action'] = 'create';
    if (match) {
      if (match.state !== 'draft') {
        action = 'skip';
        notes.push('该事项已交办，导入不作更改');
      } else {
        const sameCo =
          JSON.stringify([...(existingCo.get(match.id) ?? [])].sort()) ===
          JSON.stringify(coUnits.map((o) => o.id).sort());
        const same =
          match.title === r.title &&
          (match.description ?? null) === (r.description ?? null) &&
          (match.category ?? null) === category &&
          match.lead_unit_id === (leadUnit?.id ?? null) &&
          match.lead_leader_id === (leader?.id ?? null) &&
          (match.deadline ?? null) === deadline &&
          (match.ongoing === 1) === ongoing &&
          (match.responsible_person ?? null) === (r.responsible ?? null) &&
          sameCo;
        action = same ? 'unchanged' : 'update';
      }
    }
    return {
      row: r.row,
      code,
      title: r.title,
      category,
      leadUnit: leadUnit ? { id: leadUnit.id, name: leadUnit.name } : null,
      coUnits: coUnits.map((o) => ({ id: o.id, name: o.name })),
      leader: leader ? { id: leader.id, name: leader.displayName } : null,
      deadline: ongoing ? null : deadline,
      ongoing,
      milestones,
      action,
      itemId: match?.id ?? null,
      errors: rowErrors,
      notes,
    };
  }

  // Codes the sheet would create must not belong to items elsewhere.
  const newCodes = rows.filter((r) => r.action === 'create').map((r) => r.code);
  if (newCodes.length > 0) {
    const taken = new Set<string>();
    for (let i = 0; i < newCodes.length; i += 500) {
      const found = await tx.db
        .selectFrom('items')
        .select('code')
        .where('code', 'in', newCodes.slice(i, i + 500))
        .execute();
      for (const f of found) {
        taken.add(f.code);
      }
    }
    for (const r of rows) {
      if (r.action === 'create' && taken.has(r.code)) {
        const message = `编号「${r.code}」已被其他事项使用`;
        r.errors.push(message);
        errors.push({ field: `row ${r.row}`, message });
      }
    }
  }

  const result: ImportResult = {
    sheet: read.sheet,
    columns: read.columns,
    notes: read.notes,
    rows,
    created: rows.filter((r) => r.action === 'create').length,
    updated: rows.filter((r) => r.action === 'update').length,
    unchanged: rows.filter((r) => r.action === 'unchanged').length,
    skipped: rows.filter((r) => r.action === 'skip').length,
    errors,
    stored: false,
  };
  if (opts.dryRun) {
    return result;
  }
  if (errors.length > 0) {
    throw invalid(errors.slice(0, 500));
  }
  const sheetRows = new Map(read.rows.map((s) => [s.row, s]));
  for (const r of rows) {
    const fields = {
      title: r.title,
      category: r.category,
      leadLeaderId: r.leader?.id ?? null,
      leadUnitId: r.leadUnit?.id ?? null,
      coUnitIds: r.coUnits.map((o) => o.id),
      responsiblePerson: sheetRows.get(r.row)?.responsible ?? null,
      description: sheetRows.get(r.row)?.description ?? null,
      deadline: r.deadline,
      ongoing: r.ongoing,
    };
    if (r.action === 'create') {
      const item = await createItem(actor, tx, { listId: list.id, code: r.code, source: 'plan', ...fields });
      r.itemId = item.id;
      for (const m of r.milestones) {
        await addMilestone(actor, tx, item.id, m);
      }
    } else if (r.action === 'update' && r.itemId !== null) {
      await updateItem(actor, tx, r.itemId, fields);
    }
  }
  await appendAudit(tx, who(actor), {
    action: 'items.import',
    entityType: 'list',
    entityId: list.id,
    after: {
      sheet: read.sheet,
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      skipped: result.skipped,
    },
  });
  return { ...result, stored: true };
}
