import { inScope, requirePermission, requireGlobal } from '../../access.js';
import { iso } from '../../clock.js';
import type { Actor, TxCtx } from '../../context.js';
import { orgKinds, type Org, type OrgKind } from '../../db/schema.js';
import { isWithin } from '../../domain/org-path.js';
import { invalid, type FieldIssue } from '../../errors.js';
import { parseCsv } from '../../lib/csv.js';
import { appendAudit, who } from '../audit/audit.service.js';
import { findOrgByCode, insertOrg, moveSubtree } from './orgs.repo.js';

/** One organisation as read from a file, before it is checked. `row` counts from 1 for the first data row. */
export interface OrgRow {
  row: number;
  code: string;
  name: string;
  kind: string;
  parentCode: string;
}

/** Kind names offices write in their spreadsheets, mapped to the codes Luoshi stores. */
const kindAliases: Record<string, OrgKind> = {
  党委: 'party_committee',
  党委机关: 'party_committee',
  政府: 'government',
  人民政府: 'government',
  部门: 'department',
  单位: 'department',
  市州: 'prefecture',
  地市: 'prefecture',
  州: 'prefecture',
  市: 'prefecture',
  县区: 'county',
  县: 'county',
  区: 'county',
  县市区: 'county',
  乡镇: 'township',
  乡: 'township',
  镇: 'township',
  街道: 'township',
  企业: 'enterprise',
  国企: 'enterprise',
};

export function parseKind(value: string): OrgKind | undefined {
  const v = value.trim();
  if ((orgKinds as readonly string[]).includes(v.toLowerCase())) {
    return v.toLowerCase() as OrgKind;
  }
  return Object.hasOwn(kindAliases, v) ? kindAliases[v] : undefined;
}

const headerAliases: Record<keyof Omit<OrgRow, 'row'>, string[]> = {
  code: ['code', '编码', '代码', '组织编码', '单位编码'],
  name: ['name', '名称', '组织名称', '单位名称'],
  kind: ['kind', 'type', '类型', '组织类型', '单位类型'],
  parentCode: ['parent_code', 'parentcode', 'parent', '上级编码', '上级代码', '上级'],
};

/** Reads CSV with a header row naming the columns (English or Chinese). */
export function rowsFromCsv(text: string): { rows: OrgRow[]; issues: FieldIssue[] } {
  const [header, ...body] = parseCsv(text);
  if (!header) {
    return { rows: [], issues: [{ field: 'content', message: '文件为空' }] };
  }
  const names = header.map((h) => h.trim().toLowerCase());
  const index = Object.fromEntries(
    Object.entries(headerAliases).map(([key, aliases]) => [key, names.findIndex((n) => aliases.includes(n))]),
  ) as Record<keyof typeof headerAliases, number>;
  const missing = (['code', 'name', 'kind'] as const).filter((k) => index[k] < 0);
  if (missing.length > 0) {
    return {
      rows: [],
      issues: missing.map((k) => ({
        field: 'header',
        message: `缺少列 ${k}（可写作 ${headerAliases[k].join(' / ')}）`,
      })),
    };
  }
  const cell = (r: string[], i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
  return {
    rows: body.map((r, i) => ({
      row: i + 1,
      code: cell(r, index.code),
      name: cell(r, index.name),
      kind: cell(r, index.kind),
      parentCode: cell(r, index.parentCode),
    })),
    issues: [],
  };
}

interface JsonNode {
  code?: unknown;
  name?: unknown;
  kind?: unknown;
  parentCode?: unknown;
  parent_code?: unknown;
  children?: unknown;
}

/** Reads a JSON tree (`{code,name,kind,children:[…]}`), or a list of such nodes, or a flat list with parentCode. */
export function rowsFromJson(text: string): { rows: OrgRow[]; issues: FieldIssue[] } {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return {
      rows: [],
      issues: [{ field: 'content', message: `不是有效的 JSON：${(err as Error).message}` }],
    };
  }
  const rows: OrgRow[] = [];
  const issues: FieldIssue[] = [];
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
  const walk = (node: unknown, parentCode: string, depth: number) => {
    if (depth > 32) {
      issues.push({ field: `row ${rows.length + 1}`, message: '层级过深（超过 32 层）' });
      return;
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      issues.push({ field: `row ${rows.length + 1}`, message: '每个节点须是对象' });
      return;
    }
    const n = node as JsonNode;
    const row: OrgRow = {
      row: rows.length + 1,
      code: str(n.code),
      name: str(n.name),
      kind: str(n.kind),
      parentCode: parentCode || str(n.parentCode ?? n.parent_code),
    };
    rows.push(row);
    if (n.children !== undefined) {
      if (!Array.isArray(n.children)) {
        issues.push({ field: `row ${row.row}.children`, message: 'children 须是数组' });
      } else {
        for (const child of n.children) {
          walk(child, row.code, depth + 1);
        }
      }
    }
  };
  for (const node of Array.isArray(data) ? data : [data]) {
    walk(node, '', 0);
  }
  return { rows, issues };
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Creates or updates organisations from rows, matched by code, so the same file can be imported again
 * safely. Every row is checked first; if any row is wrong nothing is stored and every problem is
 * reported with its row number.
 */
export async function importOrgs(
  actor: Actor,
  tx: TxCtx,
  parsed: { rows: OrgRow[]; issues: FieldIssue[] },
  opts: { parentCode?: string } = {},
): Promise<ImportResult> {
  requirePermission(actor, 'org.manage');
  const issues = [...parsed.issues];
  const rows = parsed.rows;
  if (rows.length === 0 && issues.length === 0) {
    issues.push({ field: 'content', message: '没有可导入的组织' });
  }
  if (rows.length > 20_000) {
    issues.push({ field: 'content', message: `一次最多导入 20000 个组织，收到 ${rows.length} 个` });
  }
  let defaultParent: Org | undefined;
  if (opts.parentCode) {
    defaultParent = await findOrgByCode(tx.db, opts.parentCode);
    if (!defaultParent || !inScope(actor, defaultParent.path)) {
      issues.push({ field: 'parentCode', message: `上级组织 ${opts.parentCode} 不存在或不在管理范围内` });
    }
  }
  const byCode = new Map<string, OrgRow>();
  const existing = new Map<string, Org>();
  for (const r of rows) {
    const at = `row ${r.row}`;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(r.code)) {
      issues.push({
        field: `${at}.code`,
        message: r.code ? `编码“${r.code}”只能由字母、数字和 . _ - 组成，最长 64 位` : '缺少编码',
      });
    } else if (byCode.has(r.code)) {
      issues.push({ field: `${at}.code`, message: `编码 ${r.code} 与第 ${byCode.get(r.code)!.row} 行重复` });
    } else {
      byCode.set(r.code, r);
    }
    if (!r.name || r.name.length > 200) {
      issues.push({ field: `${at}.name`, message: r.name ? '名称最长 200 字' : '缺少名称' });
    }
    if (!parseKind(r.kind)) {
      issues.push({
        field: `${at}.kind`,
        message: `未知的组织类型“${r.kind}”；可用：${orgKinds.join(', ')} 或 党委、政府、部门、市州、县区、乡镇、企业`,
      });
    }
  }
  for (const code of byCode.keys()) {
    const found = await findOrgByCode(tx.db, code);
    if (found) {
      existing.set(code, found);
      if (!inScope(actor, found.path)) {
        issues.push({
          field: `row ${byCode.get(code)!.row}.code`,
          message: `编码 ${code} 已被管理范围外的组织使用`,
        });
      }
    }
  }
  const parentOf = new Map<string, string>();
  for (const r of rows) {
    const parentCode = r.parentCode || defaultParent?.code || '';
    if (!parentCode) {
      if (!actor.scope.global) {
        issues.push({ field: `row ${r.row}.parent_code`, message: '缺少上级编码' });
      }
      continue;
    }
    if (parentCode === r.code) {
      issues.push({ field: `row ${r.row}.parent_code`, message: '上级不能是自身' });
      continue;
    }
    parentOf.set(r.code, parentCode);
    if (!byCode.has(parentCode)) {
      const parent = existing.get(parentCode) ?? (await findOrgByCode(tx.db, parentCode));
      if (!parent || !inScope(actor, parent.path)) {
        issues.push({
          field: `row ${r.row}.parent_code`,
          message: `上级编码 ${parentCode} 不存在或不在管理范围内`,
        });
      } else {
        existing.set(parentCode, parent);
      }
    }
  }
  // Order rows parents first; a cycle inside the file is an error.
  const ordered: OrgRow[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (r: OrgRow): void => {
    const s = state.get(r.code);
    if (s === 'done') {
      return;
    }
    if (s === 'visiting') {
      issues.push({ field: `row ${r.row}.parent_code`, message: `上下级关系成环（${r.code}）` });
      return;
    }
    state.set(r.code, 'visiting');
    const p = parentOf.get(r.code);
    const parentRow = p === undefined ? undefined : byCode.get(p);
    if (parentRow) {
      visit(parentRow);
    }
    state.set(r.code, 'done');
    ordered.push(r);
  };
  for (const r of byCode.values()) {
    visit(r);
  }
  if (issues.length > 0) {
    throw invalid(issues);
  }

  const at = iso(tx.clock.now());
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0 };
  for (const r of ordered) {
    const kind = parseKind(r.kind)!;
    const parentCode = parentOf.get(r.code);
    // Read afresh: an earlier row may have created the parent or moved it (and so changed its path).
    const parent = parentCode === undefined ? null : (await findOrgByCode(tx.db, parentCode))!;
    const current = existing.get(r.code);
    if (!current) {
      if (!parent) {
        requireGlobal(actor, 'a root organisation');
      }
      await insertOrg(tx.db, { code: r.code, name: r.name, kind, parent, sortOrder: r.row, at });
      result.created += 1;
      continue;
    }
    const moves = (parent?.id ?? null) !== current.parent_id;
    if (!moves && current.name === r.name && current.kind === kind) {
      result.unchanged += 1;
      continue;
    }
    if (moves) {
      if (parent && isWithin(parent.path, current.path)) {
        throw invalid([{ field: `row ${r.row}.parent_code`, message: '不能移动到自身的下级组织之下' }]);
      }
      if (!actor.scope.global && current.path === actor.scope.path) {
        throw invalid([{ field: `row ${r.row}.parent_code`, message: '不能移动自己管理范围的顶层组织' }]);
      }
      await moveSubtree(tx.db, current, parent, at);
    }
    await tx.db
      .updateTable('orgs')
      .set({ name: r.name, kind, updated_at: at })
      .where('id', '=', current.id)
      .execute();
    result.updated += 1;
  }
  await appendAudit(tx, who(actor), {
    action: 'org.import',
    entityType: 'org',
    after: { ...result, codes: ordered.map((r) => r.code).slice(0, 200) },
  });
  return result;
}
