import { LockOutlined, UserOutlined, GlobalOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, ApiError, fieldErrors, setCsrfToken, unwrap } from '../api/client';
import { useSession } from '../auth';
import { languages, useI18n, type Lang } from '../i18n';

/** Sign-in, and the password change the server demands after an administrator has set the password. */
export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [passwordForm] = Form.useForm();
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  const login = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const out = await unwrap(api.POST('/api/v1/auth/login', { body: values }));
      setCsrfToken(out.csrfToken);
      queryClient.setQueryData(['me'], out.user);
      if (!out.user.mustChangePassword) {
        void navigate(from, { replace: true });
      }
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'network', String(err), null, null));
    } finally {
      setBusy(false);
    }
  };

  const changePassword = async (values: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.POST('/api/v1/auth/password', { body: values }));
      await queryClient.invalidateQueries({ queryKey: ['me'] });
      void navigate(from, { replace: true });
    } catch (err) {
      const fields = fieldErrors(err);
      if (fields.length) {
        passwordForm.setFields(fields);
      } else {
        setError(err as ApiError);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #7f1d1d 0%, #b7312c 45%, #f5f5f5 45%)',
        padding: 16,
      }}
    >
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ marginBottom: 0 }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('app.subtitle')}</Typography.Paragraph>
        {error && (
          <Alert
            type="error"
            showIcon
            title={error.message}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        {me?.mustChangePassword ? (
          <>
            <Alert type="warning" showIcon title={t('password.mustChange')} style={{ marginBottom: 16 }} />
            <Form form={passwordForm} layout="vertical" onFinish={changePassword} requiredMark={false}>
              <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item
                name="newPassword"
                label={t('password.new')}
                extra={t('password.policy')}
                rules={[{ required: true, min: 10 }]}
              >
                <Input.Password autoComplete="new-password" />
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
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t('password.title')}
              </Button>
            </Form>
          </>
        ) : (
          <Form layout="vertical" onFinish={login} requiredMark={false}>
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
        )}
        <div style={{ marginTop: 16, textAlign: 'center' }}>
          <GlobalOutlined style={{ marginRight: 8 }} />
          <Segmented
            size="small"
            value={lang}
            options={languages.map((l) => ({ value: l.value, label: l.label }))}
            onChange={(v: Lang) => setLang(v)}
          />
        </div>
      </Card>
    </div>
  );
}
