import { PlusOutlined, ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Input,
  Popconfirm,
  Popover,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap, type paths } from '../../api/client';
import { useSession } from '../../auth';
import { ErrorAlert, formatTime } from '../../components/common';
import { key, useI18n, type Translate } from '../../i18n';
import { orgTreeOptions, useOrgTree, useRoles, useShowError, type RoleCode, type UserRow } from './shared';
import { OneTimeSecret, RolesModal, UserFormModal } from './UserModals';

type UserQuery = NonNullable<paths['/api/v1/users']['get']['parameters']['query']>;

const COLUMNS_KEY = 'luoshi.users.columns';
const columnKeys = [
  'username',
  'displayName',
  'org',
  'roles',
  'status',
  'lastLogin',
  'createdAt',
  'contact',
] as const;
type ColumnKey = (typeof columnKeys)[number];
const defaultColumns: ColumnKey[] = ['username', 'displayName', 'org', 'roles', 'status', 'lastLogin'];

function savedColumns(): ColumnKey[] {
  try {
    const v = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null') as unknown;
    if (Array.isArray(v)) {
      return v.filter((c): c is ColumnKey => (columnKeys as readonly string[]).includes(String(c)));
    }
  } catch {
    // A damaged setting falls back to the default columns.
  }
  return defaultColumns;
}

function isLocked(u: UserRow): boolean {
  return !!u.lockedUntil && new Date(u.lockedUntil).getTime() > Date.now();
}

function StatusTags({ user, t }: { user: UserRow; t: Translate }) {
  return (
    <Space size={2} wrap>
      {user.disabled ? (
        <Tag color="default">{t('user.disabled')}</Tag>
      ) : (
        <Tag color="success">{t('user.active')}</Tag>
      )}
      {isLocked(user) && (
        <Tooltip title={formatTime(user.lockedUntil)}>
          <Tag color="error">{t('user.locked')}</Tag>
        </Tooltip>
      )}
      {user.mustChangePassword && <Tag color="warning">{t('user.mustChange')}</Tag>}
    </Space>
  );
}

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: UserRow }
  | { kind: 'roles'; user: UserRow }
  | { kind: 'secret'; user: string; password: string };

/**
 * 用户与角色: accounts in the user's scope. The actions follow 三员分立: the system admin creates,
 * edits, disables and resets accounts; the security admin grants roles, unlocks and ends sessions.
 */
export default function UsersPage() {
  const { t } = useI18n();
  const { me, can } = useSession();
  const { message } = App.useApp();
  const showError = useShowError();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const orgTree = useOrgTree();
  const roles = useRoles();
  const [columns, setColumns] = useState<ColumnKey[]>(savedColumns);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [q, setQ] = useState(params.get('q') ?? '');

  const num = (name: string, fallback: number) => {
    const v = Number(params.get(name));
    return Number.isInteger(v) && v > 0 ? v : fallback;
  };
  const query: UserQuery = {
    current: num('current', 1),
    pageSize: Math.min(num('pageSize', 20), 200),
    ...(params.get('q') ? { q: params.get('q')! } : {}),
    ...(params.get('orgId') ? { orgId: num('orgId', 0) } : {}),
    ...(params.get('role') ? { role: params.get('role') as RoleCode } : {}),
    ...(params.get('disabled') === 'true' || params.get('disabled') === 'false'
      ? { disabled: params.get('disabled') as 'true' | 'false' }
      : {}),
  };
  const setFilter = (changes: Record<string, string | number | undefined | null>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === null || v === '') {
        next.delete(k);
      } else {
        next.set(k, String(v));
      }
    }
    if (resetPage && !('current' in changes)) {
      next.delete('current');
    }
    setParams(next, { replace: true });
  };

  const users = useQuery({
    queryKey: ['users', query],
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  const done = async (text?: string) => {
    void message.success(text ?? t('common.done'));
    await queryClient.invalidateQueries({ queryKey: ['users'] });
  };

  const act = useMutation({
    mutationFn: async ({
      user,
      action,
    }: {
      user: UserRow;
      action: 'disable' | 'enable' | 'unlock' | 'reset' | 'sessions';
    }) => {
      const path = { params: { path: { id: user.id } } };
      switch (action) {
        case 'disable':
          await unwrap(api.POST('/api/v1/users/{id}/disable', path));
          return null;
        case 'enable':
          await unwrap(api.POST('/api/v1/users/{id}/enable', path));
          return null;
        case 'unlock':
          await unwrap(api.POST('/api/v1/users/{id}/unlock', path));
          return null;
        case 'reset': {
          const out = await unwrap(api.POST('/api/v1/users/{id}/reset-password', path));
          setDialog({ kind: 'secret', user: user.displayName, password: out.temporaryPassword });
          return null;
        }
        case 'sessions': {
          const out = await unwrap(api.DELETE('/api/v1/users/{id}/sessions', path));
          return t('user.sessionsRevoked', { n: out.revoked });
        }
      }
    },
    onSuccess: (text) => done(text ?? undefined),
    onError: (err) => showError(err),
  });

  const roleLabel = (r: string) => t(key('role', r));
  const confirm = (
    user: UserRow,
    action: Parameters<typeof act.mutate>[0]['action'],
    title: string,
    label: string,
    danger = false,
  ) => (
    <Popconfirm
      key={action}
      title={title}
      okButtonProps={{ danger }}
      onConfirm={() => act.mutateAsync({ user, action }).catch(() => undefined)}
    >
      <Button type="link" size="small" danger={danger} data-testid={`user-${action}-${user.username}`}>
        {label}
      </Button>
    </Popconfirm>
  );

  const actions = (u: UserRow) => {
    const self = u.id === me?.id;
    const name = u.displayName;
    const out = [];
    if (can('user.manage')) {
      out.push(
        <Button
          key="edit"
          type="link"
          size="small"
          onClick={() => setDialog({ kind: 'edit', user: u })}
          data-testid={`user-edit-${u.username}`}
        >
          {t('user.edit')}
        </Button>,
      );
      if (!self) {
        out.push(
          u.disabled
            ? confirm(u, 'enable', t('user.confirmEnable', { name }), t('user.enable'))
            : confirm(u, 'disable', t('user.confirmDisable', { name }), t('user.disable'), true),
          confirm(u, 'reset', t('user.confirmReset', { name }), t('user.resetPassword')),
        );
      }
    }
    if (can('user.assign_roles') && !self) {
      out.push(
        <Button
          key="roles"
          type="link"
          size="small"
          onClick={() => setDialog({ kind: 'roles', user: u })}
          data-testid={`user-roles-${u.username}`}
        >
          {t('user.editRoles')}
        </Button>,
      );
    }
    if (can('user.unlock') && isLocked(u)) {
      out.push(confirm(u, 'unlock', t('user.confirmUnlock', { name }), t('user.unlock')));
    }
    if (can('session.revoke_any') && !self) {
      out.push(
        confirm(u, 'sessions', t('user.confirmRevokeSessions', { name }), t('user.revokeSessions'), true),
      );
    }
    return out;
  };

  const anyAction =
    can('user.manage') || can('user.assign_roles') || can('user.unlock') || can('session.revoke_any');

  const allColumns: (TableColumnsType<UserRow>[number] & { key: ColumnKey | 'actions' })[] = [
    {
      key: 'username',
      title: t('user.username'),
      dataIndex: 'username',
      width: 140,
      fixed: 'left',
      render: (v: string, u) => (
        <Space size={4}>
          <Typography.Text strong>{v}</Typography.Text>
          {u.id === me?.id && <Tag color="blue">{t('user.self')}</Tag>}
        </Space>
      ),
    },
    { key: 'displayName', title: t('user.displayName'), dataIndex: 'displayName', width: 150 },
    {
      key: 'org',
      title: t('user.org'),
      dataIndex: 'orgName',
      width: 160,
      render: (v: string, u) =>
        u.globalScope ? (
          <>
            {v} <Tag>{t('user.globalScope')}</Tag>
          </>
        ) : (
          v
        ),
    },
    {
      key: 'roles',
      title: t('user.roles'),
      dataIndex: 'roles',
      width: 180,
      render: (rs: RoleCode[]) =>
        rs.length === 0 ? (
          <Typography.Text type="secondary">{t('user.noRoles')}</Typography.Text>
        ) : (
          <Space size={2} wrap>
            {rs.map((r) => (
              <Tag
                key={r}
                color={['system_admin', 'security_admin', 'auditor'].includes(r) ? 'magenta' : 'blue'}
              >
                {roleLabel(r)}
              </Tag>
            ))}
          </Space>
        ),
    },
    { key: 'status', title: t('user.status'), width: 150, render: (_v, u) => <StatusTags user={u} t={t} /> },
    {
      key: 'lastLogin',
      title: t('user.lastLogin'),
      dataIndex: 'lastLoginAt',
      width: 140,
      render: (v: string | null) => formatTime(v),
    },
    {
      key: 'createdAt',
      title: t('user.createdAt'),
      dataIndex: 'createdAt',
      width: 140,
      render: (v: string) => formatTime(v),
    },
    {
      key: 'contact',
      title: `${t('user.email')} / ${t('user.phone')}`,
      width: 200,
      render: (_v, u) => [u.email, u.phone].filter(Boolean).join(' / '),
    },
    ...(anyAction
      ? [
          {
            key: 'actions' as const,
            title: t('item.actions'),
            width: 220,
            render: (_v: unknown, u: UserRow) => (
              <Space size={0} style={{ whiteSpace: 'nowrap' }}>
                {actions(u)}
              </Space>
            ),
          },
        ]
      : []),
  ];
  const shown = allColumns.filter((c) => c.key === 'actions' || columns.includes(c.key));

  const roleOptions = useMemo(
    () => (roles.data?.roles ?? []).map((r) => ({ value: r.code, label: t(key('role', r.code)) })),
    [roles.data, t],
  );

  const columnSettings = (
    <Checkbox.Group
      value={columns}
      onChange={(v) => {
        const next = v;
        setColumns(next);
        localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
      }}
      style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
      options={allColumns
        .filter((c): c is typeof c & { key: ColumnKey } => c.key !== 'actions')
        .map((c) => ({ value: c.key, label: c.title as string }))}
    />
  );

  return (
    <Card
      size="small"
      title={t('menu.users')}
      extra={
        <Space size={4}>
          <Tooltip title={t('common.refresh')}>
            <Button
              size="small"
              icon={<ReloadOutlined />}
              onClick={() => void users.refetch()}
              aria-label={t('common.refresh')}
            />
          </Tooltip>
          <Popover
            trigger="click"
            title={t('common.columns')}
            content={columnSettings}
            placement="bottomRight"
          >
            <Button
              size="small"
              icon={<SettingOutlined />}
              aria-label={t('common.columns')}
              data-testid="user-columns"
            />
          </Popover>
          {can('user.manage') && (
            <Button
              size="small"
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDialog({ kind: 'create' })}
              data-testid="user-create"
            >
              {t('user.create')}
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap size={8} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          size="small"
          placeholder={t('user.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => setFilter({ q: v.trim() })}
          style={{ width: 200 }}
          data-testid="user-search"
        />
        <TreeSelect
          allowClear
          showSearch={{ treeNodeFilterProp: 'title' }}
          size="small"

          placeholder={t('user.filterOrg')}
          value={query.orgId}
          onChange={(v: number | undefined) => setFilter({ orgId: v })}
          treeData={orgTreeOptions(orgTree.data ?? [])}
          treeDefaultExpandAll={false}
          style={{ width: 220 }}
          popupMatchSelectWidth={false}
          data-testid="user-filter-org"
        />
        <Select
          allowClear
          size="small"
          placeholder={t('user.filterRole')}
          value={query.role}
          onChange={(v: RoleCode | undefined) => setFilter({ role: v })}
          options={roleOptions}
          style={{ width: 140 }}
          data-testid="user-filter-role"
        />
        <Select
          allowClear
          size="small"
          placeholder={t('user.filterStatus')}
          value={query.disabled}
          onChange={(v: 'true' | 'false' | undefined) => setFilter({ disabled: v })}
          options={[
            { value: 'false', label: t('user.active') },
            { value: 'true', label: t('user.disabled') },
          ]}
          style={{ width: 110 }}
          data-testid="user-filter-status"
        />
        <Button
          size="small"
          onClick={() => {
            setQ('');
            setParams(new URLSearchParams(), { replace: true });
          }}
        >
          {t('common.reset')}
        </Button>
      </Space>
      <ErrorAlert error={users.error} />
      <Table<UserRow>
        size="small"
        rowKey="id"
        loading={users.isFetching}
        dataSource={users.data?.data ?? []}
        columns={shown}
        scroll={{ x: 'max-content' }}
        data-testid="user-table"
        pagination={{
          current: query.current,
          pageSize: query.pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          size: 'small',
          showTotal: (n) => t('common.total', { n }),
          onChange: (current, pageSize) => setFilter({ current, pageSize }, false),
        }}
      />
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <UserFormModal
          user={dialog.kind === 'edit' ? dialog.user : undefined}
          roots={orgTree.data ?? []}
          onClose={() => setDialog(null)}
          onCreated={(username, password) => {
            void done();
            setDialog(password ? { kind: 'secret', user: username, password } : null);
          }}
          onSaved={() => {
            void done();
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === 'roles' && (
        <RolesModal
          user={dialog.user}
          roles={roles.data}
          onClose={() => setDialog(null)}
          onSaved={() => {
            void done();
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === 'secret' && (
        <OneTimeSecret
          title={t('user.tempPassword')}
          hint={t('user.tempPasswordHint', { name: dialog.user })}
          secret={dialog.password}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}
