import { sql, type Kysely } from 'kysely';
import type { DB, Org, OrgKind } from '../../db/schema.js';
import type { OrgOut } from './orgs.schema.js';

export function toOrgOut(o: Org): OrgOut {
  return {
    id: o.id,
    parentId: o.parent_id,
    code: o.code,
    name: o.name,
    kind: o.kind,
    path: o.path,
    sortOrder: o.sort_order,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  };
}

export function findOrg(db: Kysely<DB>, id: number): Promise<Org | undefined> {
  return db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrgByCode(db: Kysely<DB>, code: string): Promise<Org | undefined> {
  return db.selectFrom('orgs').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Inserts an organisation and gives it its path, which needs the new id. */
export async function insertOrg(
  db: Kysely<DB>,
  values: { code: string; name: string; kind: OrgKind; parent: Org | null; sortOrder: number; at: string },
): Promise<Org> {
  const { id } = await db
    .insertInto('orgs')
    .values({
      parent_id: values.parent?.id ?? null,
      path: `/new/${values.code}/`,
      code: values.code,
      name: values.name,
      kind: values.kind,
      sort_order: values.sortOrder,
      created_at: values.at,
      updated_at: values.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${values.parent?.path ?? '/'}${id}/`;
  await db.updateTable('orgs').set({ path }).where('id', '=', id).execute();
  return (await findOrg(db, id))!;
}

/** Moves an organisation and its whole subtree under a new parent by rewriting the path prefix. */
export async function moveSubtree(
  db: Kysely<DB>,
  org: Org,
  newParent: Org | null,
  at: string,
): Promise<void> {
  const newPath = `${newParent?.path ?? '/'}${org.id}/`;
  await db
    .updateTable('orgs')
    .set({ path: sql<string>`${newPath} || substr(path, ${org.path.length + 1})`, updated_at: at })
    .where('path', '>=', org.path)
    .where('path', '<', `${org.path.slice(0, -1)}0`)
    .execute();
  await db
    .updateTable('orgs')
    .set({ parent_id: newParent?.id ?? null })
    .where('id', '=', org.id)
    .execute();
}
