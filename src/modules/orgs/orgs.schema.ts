import { z } from 'zod';
import { orgKinds } from '../../db/schema.js';
import { pageQuery } from '../../http/paging.js';

export const orgKind = z
  .enum(orgKinds)
  .describe(
    'party_committee 党委 · government 政府 · department 部门 · prefecture 市州 · county 县区 · township 乡镇 · enterprise 企业',
  );

export const orgCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, '编码只能由字母、数字和 . _ - 组成，最长 64 位')
  .describe('Stable code, unique in the installation, e.g. QH-XN-DT');

export const orgOut = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  code: z.string(),
  name: z.string(),
  kind: orgKind,
  path: z.string().describe('Ids from the root, "/1/5/12/"'),
  sortOrder: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrgOut = z.infer<typeof orgOut>;

export const orgListQuery = pageQuery.extend({
  /** Only direct children of this organisation. */
  parentId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  kind: orgKind.optional(),
  /** Text in the name or code. */
  q: z.string().trim().max(100).optional(),
});

export const orgCreate = z.strictObject({
  code: orgCode,
  name: z.string().trim().min(1).max(200),
  kind: orgKind,
  /** The parent organisation; omit for a new root (installation-wide scope only). */
  parentId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});

export const orgUpdate = z.strictObject({
  code: orgCode.optional(),
  name: z.string().trim().min(1).max(200).optional(),
  kind: orgKind.optional(),
  /** Moves the organisation and everything below it under another parent. */
  parentId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});

export const orgImport = z.strictObject({
  format: z
    .enum(['csv', 'json'])
    .describe('csv: columns code,name,kind,parent_code (Chinese headers accepted); json: a tree or a list'),
  content: z.string().min(1).max(5_000_000),
  /** Code of the organisation under which rows without a parent are placed. */
  parentCode: z.string().trim().min(1).max(64).optional(),
});

export const orgImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

export type OrgTreeNode = OrgOut & { children: OrgTreeNode[] };
export const orgTreeNode: z.ZodType<OrgTreeNode> = orgOut
  .extend({
    get children() {
      return z.array(orgTreeNode);
    },
  })
  // A recursive schema is written once, as a named component of the OpenAPI document.
  .meta({ id: 'OrgTreeNode' });
