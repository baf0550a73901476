import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Switch,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, unwrap, type paths } from '../../api/client';
import { useSession } from '../../auth';
import { key, useI18n } from '../../i18n';
import {
  orgTreeOptions,
  testId,
  useShowError,
  type OrgNode,
  type RoleCode,
  type RolesInfo,
  type UserRow,
} from './shared';

type UserCreate = paths['/api/v1/users']['post']['requestBody']['content']['application/json'];
type UserUpdate = paths['/api/v1/users/{id}']['patch']['requestBody']['content']['application/json'];

interface UserFormValues {
  username?: string;
  displayName: string;
  orgId: number;
  scopeOrgId?: number | null;
  globalScope?: boolean;
  password?: string;
  email?: string;
  phone?: string;
}

const blankToNull = (v: string | undefined) => (v && v.trim() ? v.trim() : null);

/** Create an account (it starts with no role) or change one; the system admin's work. */
export function UserFormModal({
  user,
  roots,
  onClose,
  onCreated,
  onSaved,
}: {
  user?: UserRow;
  roots: OrgNode[];
  onClose: () => void;
  onCreated: (displayName: string, temporaryPassword?: string) => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { me } = useSession();
  const showError = useShowError();
  const [form] = Form.useForm<UserFormValues>();
  const global = !!me?.scope.global;

  const save = useMutation({
    mutationFn: async (v: UserFormValues) => {
      const common = {
        displayName: v.displayName,
        orgId: v.orgId,
        scopeOrgId: v.scopeOrgId ?? null,
        email: blankToNull(v.email),
        phone: blankToNull(v.phone),
        ...(global ? { globalScope: !!v.globalScope } : {}),
      };
      if (user) {
        const body: UserUpdate = common;
        await unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body }));
        return null;
      }
      const body: UserCreate = {
        ...common,
        username: v.username ?? '',
        ...(v.password ? { password: v.password } : {}),
      };
      return unwrap(api.POST('/api/v1/users', { body }));
    },
    onSuccess: (out) => (out ? onCreated(out.user.displayName, out.temporaryPassword) : onSaved()),
    onError: (err) => showError(err, form),
  });

  const tree = orgTreeOptions(roots);
  return (
    <Modal
      open
      title={user ? `${t('user.editTitle')} · ${user.username}` : t('user.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, ...testId('user-save') }}
      destroyOnHidden
    >
      {!user && <Alert type="info" showIcon title={t('user.createHint')} style={{ marginBottom: 12 }} />}
      <Form<UserFormValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={
          user
            ? {
                displayName: user.displayName,
                orgId: user.orgId,
                scopeOrgId: user.scopeOrgId,
                globalScope: user.globalScope,
                email: user.email ?? '',
                phone: user.phone ?? '',
              }
            : { globalScope: false }
        }
        onFinish={(v) => save.mutate(v)}
      >
        {!user && (
          <Form.Item
            name="username"
            label={t('user.username')}
            rules={[
              { required: true },
              { pattern: /^[a-z0-9][a-z0-9._-]{1,63}$/i, message: 'a-z 0-9 . _ -' },
            ]}
          >
            <Input autoComplete="off" data-testid="user-form-username" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={t('user.displayName')} rules={[{ required: true, max: 100 }]}>
          <Input autoComplete="off" data-testid="user-form-displayName" />
        </Form.Item>
        <Form.Item name="orgId" label={t('user.org')} rules={[{ required: true }]}>
          <TreeSelect
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeData={tree}
            data-testid="user-form-org"
          />
        </Form.Item>
        <Form.Item name="scopeOrgId" label={t('user.scope')} extra={t('user.scopeHint')}>
          <TreeSelect allowClear showSearch={{ treeNodeFilterProp: 'title' }} treeData={tree} />
        </Form.Item>
        {global && (
          <Form.Item name="globalScope" label={t('user.globalScope')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {!user && (
          <Form.Item name="password" label={t('user.passwordOptional')} extra={t('password.policy')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="email" label={t('user.email')} rules={[{ type: 'email', max: 200 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label={t('user.phone')} rules={[{ max: 40 }]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const adminRoleCodes: readonly RoleCode[] = ['system_admin', 'security_admin', 'auditor'];

/**
 * The security admin sets the roles an account holds. 三员分立 is shown as it will be enforced: an
 * admin role stands alone, and only an installation-wide security admin grants admin roles.
 */
export function RolesModal({
  user,
  roles,
  onClose,
  onSaved,
}: {
  user: UserRow;
  roles: RolesInfo | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { me } = useSession();
  const showError = useShowError();
  const [chosen, setChosen] = useState<RoleCode[]>(user.roles);
  const [error, setError] = useState<string | null>(null);
  const global = !!me?.scope.global;
  const hasAdmin = chosen.some((r) => adminRoleCodes.includes(r));
  const hasOther = chosen.some((r) => !adminRoleCodes.includes(r));

  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/api/v1/users/{id}/roles', { params: { path: { id: user.id } }, body: { roles: chosen } }),
      ),
    onMutate: () => setError(null),
    onSuccess: () => onSaved(),
    onError: (err) => {
      setError(err.message);
      showError(err);
    },
  });

  const disabledFor = (code: RoleCode) => {
    if (chosen.includes(code)) {
      return false;
    }
    if (adminRoleCodes.includes(code)) {
      return !global || chosen.length > 0;
    }
    return hasAdmin;
  };
  const summary = chosen.length ? chosen.map((r) => t(key('role', r))).join('、') : t('user.noRoles');

  return (
    <Modal
      open
      width={640}
      title={t('user.rolesTitle', { name: user.displayName })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Popconfirm
          key="save"
          title={t('user.confirmRoles', { name: user.displayName, roles: summary })}
          onConfirm={() => save.mutateAsync().catch(() => undefined)}
        >
          <Button type="primary" loading={save.isPending} data-testid="roles-save">
            {t('common.save')}
          </Button>
        </Popconfirm>,
      ]}
    >
      <Alert type="info" showIcon title={t('user.rolesHint')} style={{ marginBottom: 12 }} />
      {!global && (
        <Alert type="warning" showIcon title={t('user.rolesAdminLocal')} style={{ marginBottom: 12 }} />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="roles-editor">
        {(roles?.roles ?? []).map((r) => (
          <div key={r.code} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 6 }}>
            <Checkbox
              checked={chosen.includes(r.code)}
              disabled={disabledFor(r.code)}
              onChange={(e) =>
                setChosen((c) => (e.target.checked ? [...c, r.code] : c.filter((x) => x !== r.code)))
              }
              data-role={r.code}
            >
              <Typography.Text strong>{t(key('role', r.code))}</Typography.Text>{' '}
              {adminRoleCodes.includes(r.code) && <Tag color="magenta">{t('user.adminRole')}</Tag>}
            </Checkbox>
            <div style={{ paddingInlineStart: 24, marginTop: 2 }}>
              {r.permissions.map((p) => (
                <Tag key={p} variant="filled" style={{ fontSize: 11, marginBottom: 2 }}>
                  {t(key('perm', p))}
                </Tag>
              ))}
            </div>
          </div>
        ))}
      </Space>
      {hasAdmin && hasOther && (
        <Alert type="error" showIcon title={t('user.rolesHint')} style={{ marginTop: 12 }} />
      )}
    </Modal>
  );
}

/** A secret the server gives once (a temporary password, an API token), with a copy button. */
export function OneTimeSecret({
  title,
  hint,
  secret,
  onClose,
}: {
  title: string;
  hint: string;
  secret: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={[
        <Button key="ok" type="primary" onClick={onClose} data-testid="secret-close">
          {t('common.confirm')}
        </Button>,
      ]}
    >
      <Alert type="warning" showIcon title={hint} style={{ marginBottom: 12 }} />
      <Typography.Paragraph
        copyable={{ text: secret }}
        code
        style={{ fontSize: 16, wordBreak: 'break-all' }}
        data-testid="one-time-secret"
      >
        {secret}
      </Typography.Paragraph>
    </Modal>
  );
}
