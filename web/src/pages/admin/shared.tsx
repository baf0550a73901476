import { useQuery } from '@tanstack/react-query';
import { App, Tag, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { api, fieldErrors, unwrap, type paths } from '../../api/client';
import { key, useI18n } from '../../i18n';

/** Types of the administration pages, taken from the server's OpenAPI document. */
export type OrgNode =
  paths['/api/v1/orgs/tree']['get']['responses'][200]['content']['application/json']['data'][number];
export type OrgKind = OrgNode['kind'];
export type UserRow =
  paths['/api/v1/users']['get']['responses'][200]['content']['application/json']['data'][number];
export type RoleCode = UserRow['roles'][number];
export type RolesInfo = paths['/api/v1/roles']['get']['responses'][200]['content']['application/json'];

/** Every organisation kind, in the order offices list them (the Record makes a new server kind a type error). */
const kindOrder: Record<OrgKind, number> = {
  party_committee: 0,
  government: 1,
  prefecture: 2,
  county: 3,
  township: 4,
  department: 5,
  enterprise: 6,
};
export const orgKinds = (Object.keys(kindOrder) as OrgKind[]).sort((a, b) => kindOrder[a] - kindOrder[b]);

const kindColors: Record<OrgKind, string> = {
  party_committee: 'red',
  government: 'volcano',
  prefecture: 'blue',
  county: 'geekblue',
  township: 'cyan',
  department: 'green',
  enterprise: 'purple',
};

export function KindTag({ kind }: { kind: OrgKind }) {
  const { t } = useI18n();
  return (
    <Tag color={kindColors[kind]} variant="outlined" style={{ marginInlineEnd: 0 }}>
      {t(key('orgKind', kind))}
    </Tag>
  );
}

/** The organisations the signed-in user may see, as a tree (shared by every admin page). */
export function useOrgTree(enabled = true) {
  return useQuery({
    queryKey: ['orgs', 'tree'],
    queryFn: () => unwrap(api.GET('/api/v1/orgs/tree')).then((r) => r.data),
    enabled,
    staleTime: 60_000,
  });
}

/** Built-in roles and the permissions each holds. */
export function useRoles() {
  return useQuery({
    queryKey: ['roles'],
    queryFn: () => unwrap(api.GET('/api/v1/roles')),
    staleTime: Infinity,
  });
}

export interface OrgTreeOption {
  value: number;
  title: string;
  code: string;
  disabled?: boolean;
  children: OrgTreeOption[];
}

/** Tree data for a TreeSelect; nodes inside `excludePath` (a subtree being moved) cannot be chosen. */
export function orgTreeOptions(nodes: OrgNode[], excludePath?: string): OrgTreeOption[] {
  return nodes.map((n) => ({
    value: n.id,
    title: `${n.name}（${n.code}）`,
    code: n.code,
    disabled: excludePath ? n.path.startsWith(excludePath) : undefined,
    children: orgTreeOptions(n.children, excludePath),
  }));
}

/** Every node of the tree by id. */
export function indexOrgs(nodes: OrgNode[], into = new Map<number, OrgNode>()): Map<number, OrgNode> {
  for (const n of nodes) {
    into.set(n.id, n);
    indexOrgs(n.children, into);
  }
  return into;
}

/**
 * Shows a server error where it belongs: on the form's fields when the server named fields the form
 * has, otherwise as a message.
 */
export function useShowError() {
  const { message } = App.useApp();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (form) {
        const known = new Set(form.getFieldsError().map((f) => f.name.join('.')));
        const fields = fieldErrors(err).filter((f) => known.has(f.name));
        if (fields.length > 0) {
          form.setFields(fields);
          return;
        }
      }
      void message.error(err instanceof Error ? err.message : String(err));
    },
    [message],
  );
}

/** Pretty JSON for an audit entry's details. */
export function JsonBlock({ value }: { value: unknown }) {
  return (
    <pre
      style={{
        margin: 0,
        padding: 8,
        background: '#fafafa',
        border: '1px solid #f0f0f0',
        borderRadius: 4,
        fontSize: 12,
        maxHeight: 320,
        overflow: 'auto',
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-all',
      }}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** A `data-testid` for props objects (a button inside a Modal's okButtonProps) that JSX attributes cannot reach. */
export function testId(id: string): Record<string, string> {
  return { 'data-testid': id };
}
