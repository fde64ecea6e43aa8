/** 修改密码 [/change-password]: forced after login while the password is the initial one. */
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useAuth } from '../auth';
import { errorText, useI18n } from '../i18n';
import { api } from '../api';
import { homeOf } from '../nav';

interface Values { old_password: string; new_password: string; confirm: string }

export default function ChangePasswordPage() {
  const { t, lang } = useI18n();
  const { user, loading, mustChange, refresh, logout } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!loading && !user) return <Navigate to="/login" replace />;

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/password', { old_password: v.old_password, new_password: v.new_password });
      await refresh();
      navigate(user ? homeOf(user.role) : '/', { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f7fa' }}>
      <Card style={{ width: 440 }} data-testid="change-password-card">
        <Typography.Title level={4}>{t('web.password.title')}</Typography.Title>
        {mustChange ? <Alert type="warning" showIcon title={t('web.password.forced')} style={{ marginBottom: 16 }} data-testid="password-forced" /> : null}
        {error ? <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 16 }} data-testid="password-error" /> : null}
        <Form<Values> layout="vertical" onFinish={submit}>
          <Form.Item name="old_password" label={t('web.password.old')} rules={[{ required: true, message: t('web.required') }]}>
            <Input.Password autoComplete="current-password" data-testid="password-old" />
          </Form.Item>
          <Form.Item name="new_password" label={t('web.password.new')} extra={t('web.password.hint')}
            rules={[{ required: true, message: t('web.required') }, { min: 10, message: t('web.password.too_short') }]}>
            <Input.Password autoComplete="new-password" data-testid="password-new" />
          </Form.Item>
          <Form.Item name="confirm" label={t('web.password.confirm')} dependencies={['new_password']}
            rules={[{ required: true, message: t('web.required') }, ({ getFieldValue }) => ({
              validator: (_, v) => (!v || v === getFieldValue('new_password') ? Promise.resolve() : Promise.reject(new Error(t('web.password.mismatch')))),
            })]}>
            <Input.Password autoComplete="new-password" data-testid="password-confirm" />
          </Form.Item>
          <div style={{ display: 'flex', gap: 8 }}>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="password-submit">{t('web.password.submit')}</Button>
            <Button data-testid="password-logout" onClick={async () => { await logout(); navigate('/login', { replace: true }); }}>{t('web.logout')}</Button>
          </div>
        </Form>
      </Card>
    </div>
  );
}
