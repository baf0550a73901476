import { useQuery } from '@tanstack/react-query';
import { Select, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { api, unwrap, type components } from '../api/client';

type OrgNode = components['schemas']['OrgTreeNode'];

interface TreeOption {
  value: number;
  title: string;
  children: TreeOption[];
}

function toOptions(nodes: OrgNode[]): TreeOption[] {
  return nodes.map((n) => ({ value: n.id, title: n.name, children: toOptions(n.children) }));
}

/** The organisations the user may see, as a tree. */
export function useOrgTree() {
  return useQuery({
    queryKey: ['orgs', 'tree'],
    queryFn: () => unwrap(api.GET('/api/v1/orgs/tree')),
    staleTime: 5 * 60_000,
  });
}

/** Picks one organisation (or several, with `multiple`) from the tree, searchable by name. */
export function OrgPicker(props: {
  value?: number | number[] | null;
  onChange?: (value: number | number[] | undefined) => void;
  multiple?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
}) {
  const tree = useOrgTree();
  const treeData = useMemo(() => toOptions(tree.data?.data ?? []), [tree.data]);
  return (
    <TreeSelect
      id={props.id}
      value={props.value ?? undefined}
      onChange={(v: number | number[] | undefined) => props.onChange?.(v)}
      treeData={treeData}
      multiple={props.multiple}
      showSearch
      treeNodeFilterProp="title"
      allowClear={props.allowClear ?? true}
      placeholder={props.placeholder}
      loading={tree.isLoading}
      treeDefaultExpandedKeys={treeData.slice(0, 1).map((n) => n.value)}
      popupMatchSelectWidth={false}
      style={{ minWidth: 180, ...props.style }}
    />
  );
}

/** Picks a user holding a role (leaders for 牵头领导), searching by name on the server. */
export function UserPicker(props: {
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  role?: 'leader' | 'unit_handler' | 'supervisor';
  placeholder?: string;
  style?: React.CSSProperties;
  id?: string;
}) {
  const [q, setQ] = useState('');
  const users = useQuery({
    queryKey: ['users', props.role, q],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/users', {
          params: { query: { role: props.role, q: q || undefined, pageSize: 50 } },
        }),
      ),
    staleTime: 60_000,
  });
  return (
    <Select
      id={props.id}
      value={props.value ?? undefined}
      onChange={(v: number | undefined) => props.onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      placeholder={props.placeholder}
      loading={users.isLoading}
      options={(users.data?.data ?? []).map((u) => ({
        value: u.id,
        label: `${u.displayName}（${u.orgName}）`,
      }))}
      style={{ minWidth: 180, ...props.style }}
    />
  );
}
