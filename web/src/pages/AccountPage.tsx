import { KeyOutlined, LogoutOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { api, unwrap, type paths } from '../api/client';
import { useSession } from '../auth';
import { ErrorAlert, formatTime } from '../components/common';
import { key, useI18n } from '../i18n';
import { OneTimeSecret } from './admin/UserModals';
import { testId, useShowError } from './admin/shared';

type Session =
  paths['/api/v1/auth/sessions']['get']['responses'][200]['content']['application/json']['data'][number];
type Token = paths['/api/v1/tokens']['get']['responses'][200]['content']['application/json']['data'][number];
type TokenCreate = paths['/api/v1/tokens']['post']['requestBody']['content']['application/json'];
type Permission = NonNullable<TokenCreate['permissions']>[number];

/** 我的账号: who I am, my password, my sessions and my API tokens. */
export default function AccountPage() {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <ProfileCard />
      </Col>
      <Col xs={24} lg={12}>
        <PasswordCard />
      </Col>
      <Col xs={24}>
        <SessionsCard />
      </Col>
      <Col xs={24}>
        <TokensCard />
      </Col>
    </Row>
  );
}

function ProfileCard() {
  const { t } = useI18n();
  const { me } = useSession();
  if (!me) {
    return null;
  }
  return (
    <Card size="small" title={t('account.profile')} style={{ height: '100%' }}>
      <Descriptions
        size="small"
        column={1}
        data-testid="account-profile"
        items={[
          { key: 'username', label: t('user.username'), children: me.username },
          { key: 'name', label: t('user.displayName'), children: me.displayName },
          { key: 'org', label: t('account.org'), children: me.orgName },
          {
            key: 'scope',
            label: t('account.scope'),
            children: me.scope.global ? t('user.globalScope') : (me.scope.orgName ?? me.orgName),
          },
          {
            key: 'roles',
            label: t('account.roles'),
            children: me.roles.length ? (
              <Space size={2} wrap>
                {me.roles.map((r) => (
                  <Tag key={r} color="blue">
                    {t(key('role', r))}
                  </Tag>
                ))}
              </Space>
            ) : (
              t('user.noRoles')
            ),
          },
          {
            key: 'permissions',
            label: t('account.permissions'),
            children: (
              <Space size={2} wrap>
                {me.permissions.map((p) => (
                  <Tag key={p} variant="filled" style={{ fontSize: 11 }}>
                    {t(key('perm', p))}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

function PasswordCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>();
  const change = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) =>
      unwrap(
        api.POST('/api/v1/auth/password', {
          body: { currentPassword: v.currentPassword, newPassword: v.newPassword },
        }),
      ),
    onSuccess: async () => {
      void message.success(t('password.changed'));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['me'] });
      await queryClient.invalidateQueries({ queryKey: ['account', 'sessions'] });
    },
    onError: (err) => showError(err, form),
  });
  return (
    <Card size="small" title={t('password.title')} style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('account.passwordHint')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => change.mutate(v)}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.policy')}
          rules={[{ required: true, min: 10 }]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_r, v) =>
                v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-submit">
          {t('password.title')}
        </Button>
      </Form>
    </Card>
  );
}

/** A browser and system, read roughly from the user agent, so a person can tell their sessions apart. */
function device(ua: string | null): string {
  if (!ua) {
    return '—';
  }
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : /curl|node|python|Go-http/i.test(ua)
            ? ua.split(/[\s/]/)[0]!
            : '';
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad/.test(ua)
        ? 'iOS'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return [browser, os].filter(Boolean).join(' · ') || ua.slice(0, 40);
}

function SessionsCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: ['account', 'sessions'],
    queryFn: () => unwrap(api.GET('/api/v1/auth/sessions')),
  });
  const others = (sessions.data?.data ?? []).filter((s) => !s.current);

  const revoke = useMutation({
    mutationFn: async (ids: string[]) => {
      for (const id of ids) {
        await unwrap(api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } }));
      }
    },
    onSuccess: () => void message.success(t('common.done')),
    onError: (err) => showError(err),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['account', 'sessions'] }),
  });

  const columns: TableColumnsType<Session> = [
    {
      title: t('account.device'),
      dataIndex: 'userAgent',
      width: 180,
      render: (ua: string | null, s) => (
        <Space size={4}>
          <span title={ua ?? undefined}>{device(ua)}</span>
          {s.current && <Tag color="green">{t('account.current')}</Tag>}
        </Space>
      ),
    },
    { title: 'IP', dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
    {
      title: t('account.signedInAt'),
      dataIndex: 'createdAt',
      width: 140,
      render: (v: string) => formatTime(v),
    },
    {
      title: t('account.lastSeen'),
      dataIndex: 'lastSeenAt',
      width: 140,
      render: (v: string) => formatTime(v),
    },
    { title: t('account.expires'), dataIndex: 'expiresAt', width: 140, render: (v: string) => formatTime(v) },
    {
      title: t('item.actions'),
      width: 80,
      render: (_v, s) =>
        s.current ? null : (
          <Popconfirm
            title={t('account.confirmSignOut')}
            onConfirm={() => revoke.mutateAsync([s.id]).catch(() => undefined)}
          >
            <Button type="link" size="small" danger>
              {t('account.signOut')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('account.sessions')}
      extra={
        <Popconfirm
          title={t('account.confirmSignOutOthers', { n: others.length })}
          disabled={others.length === 0}
          onConfirm={() => revoke.mutateAsync(others.map((s) => s.id)).catch(() => undefined)}
        >
          <Button
            size="small"
            icon={<LogoutOutlined />}
            disabled={others.length === 0}
            loading={revoke.isPending}
            data-testid="sessions-revoke-others"
          >
            {t('account.signOutOthers')}
          </Button>
        </Popconfirm>
      }
    >
      <ErrorAlert error={sessions.error} />
      <Table<Session>
        size="small"
        rowKey="id"
        loading={sessions.isFetching}
        dataSource={sessions.data?.data ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="sessions-table"
      />
    </Card>
  );
}

function tokenStatus(tk: Token): 'active' | 'expired' | 'revoked' {
  if (tk.revokedAt) {
    return 'revoked';
  }
  if (tk.expiresAt && new Date(tk.expiresAt).getTime() <= Date.now()) {
    return 'expired';
  }
  return 'active';
}

function TokensCard() {
  const { t } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const showError = useShowError();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [form] = Form.useForm<{ name: string; permissions?: Permission[]; expiresInDays?: number | null }>();
  const tokens = useQuery({
    queryKey: ['account', 'tokens'],
    queryFn: () => unwrap(api.GET('/api/v1/tokens')),
  });

  const create = useMutation({
    mutationFn: (v: { name: string; permissions?: Permission[]; expiresInDays?: number | null }) => {
      const body: TokenCreate = {
        name: v.name,
        ...(v.permissions?.length ? { permissions: v.permissions } : {}),
        ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}),
      };
      return unwrap(api.POST('/api/v1/tokens', { body }));
    },
    onSuccess: async (out) => {
      setCreating(false);
      form.resetFields();
      setSecret({ name: out.token.name, secret: out.secret });
      await queryClient.invalidateQueries({ queryKey: ['account', 'tokens'] });
    },
    onError: (err) => showError(err, form),
  });
  const revoke = useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      void message.success(t('common.done'));
      await queryClient.invalidateQueries({ queryKey: ['account', 'tokens'] });
    },
    onError: (err) => showError(err),
  });

  const statusColors = { active: 'success', expired: 'default', revoked: 'error' } as const;
  const columns: TableColumnsType<Token> = [
    { title: t('token.name'), dataIndex: 'name', width: 150, fixed: 'left' },
    {
      title: t('token.prefix'),
      dataIndex: 'prefix',
      width: 150,
      render: (v: string) => <Typography.Text code>{v}…</Typography.Text>,
    },
    {
      title: t('token.permissions'),
      dataIndex: 'permissions',
      width: 240,
      render: (ps: string[] | null) =>
        ps === null ? (
          <Typography.Text type="secondary">{t('token.allPermissions')}</Typography.Text>
        ) : (
          <Space size={2} wrap>
            {ps.map((p) => (
              <Tag key={p} variant="filled" style={{ fontSize: 11 }}>
                {t(key('perm', p))}
              </Tag>
            ))}
          </Space>
        ),
    },
    {
      title: t('token.status'),
      width: 80,
      render: (_v, tk) => {
        const s = tokenStatus(tk);
        return <Tag color={statusColors[s]}>{t(key('token', s))}</Tag>;
      },
    },
    { title: t('token.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatTime(v) },
    {
      title: t('token.expiresAt'),
      dataIndex: 'expiresAt',
      width: 140,
      render: (v: string | null) => (v ? formatTime(v) : t('token.noExpiry')),
    },
    {
      title: t('token.lastUsed'),
      dataIndex: 'lastUsedAt',
      width: 140,
      render: (v: string | null) => (v ? formatTime(v) : t('token.never')),
    },
    {
      title: t('item.actions'),
      width: 80,
      render: (_v, tk) =>
        tk.revokedAt ? null : (
          <Popconfirm
            title={t('token.confirmRevoke', { name: tk.name })}
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke.mutateAsync(tk.id).catch(() => undefined)}
          >
            <Button type="link" size="small" danger data-testid={`token-revoke-${tk.id}`}>
              {t('token.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      size="small"
      title={
        <Space>
          <KeyOutlined />
          {t('token.title')}
        </Space>
      }
      extra={
        <Button
          size="small"
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="token-create"
        >
          {t('token.create')}
        </Button>
      }
    >
      <Alert type="info" showIcon title={t('token.hint')} style={{ marginBottom: 12 }} />
      <ErrorAlert error={tokens.error} />
      <Table<Token>
        size="small"
        rowKey="id"
        loading={tokens.isFetching}
        dataSource={tokens.data?.data ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="tokens-table"
      />
      <Modal
        open={creating}
        title={t('token.create')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('common.create')}
        okButtonProps={{ loading: create.isPending, ...testId('token-save') }}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ expiresInDays: 90 }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item name="name" label={t('token.name')} rules={[{ required: true, max: 100 }]}>
            <Input autoComplete="off" placeholder="ledger-export" data-testid="token-name" />
          </Form.Item>
          <Form.Item name="permissions" label={t('token.permissions')} extra={t('token.permissionsHint')}>
            <Select
              mode="multiple"
              allowClear
              placeholder={t('token.allPermissions')}
              options={(me?.permissions ?? []).map((p) => ({
                value: p,
                label: `${t(key('perm', p))} (${p})`,
              }))}
              data-testid="token-permissions"
            />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('token.expiresInDays')} extra={t('token.expiresHint')}>
            <InputNumber min={1} max={3650} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      {secret && (
        <OneTimeSecret
          title={`${t('token.secret')} · ${secret.name}`}
          hint={t('token.secretHint')}
          secret={secret.secret}
          onClose={() => setSecret(null)}
        />
      )}
    </Card>
  );
}
