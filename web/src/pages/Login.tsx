/** 登录 [/login]. */
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import { errorText, useI18n } from '../i18n';
import { homeOf } from '../nav';

export default function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { user, login, mustChange } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next');
  const safeNext = next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;

  if (user && !busy) return <Navigate to={mustChange ? '/change-password' : safeNext ?? homeOf(user.role)} replace />;

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const u = await login(v.username.trim(), v.password);
      navigate(u.must_change_now || u.must_change_password ? '/change-password' : safeNext ?? homeOf(u.role), { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center',
      background: 'linear-gradient(135deg, #e6f4ff 0%, #f0f5ff 60%, #fff 100%)' }}>
      <Card style={{ width: 400 }} data-testid="login-card">
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Segmented size="small" value={lang} data-testid="lang-switch" onChange={(v) => setLang(v as 'zh' | 'en')}
            options={[{ value: 'zh', label: t('web.lang.zh') }, { value: 'en', label: t('web.lang.en') }]} />
        </div>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 8 }}>{t('web.title')}</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>{t('web.login.subtitle')}</Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
        <Form layout="vertical" onFinish={submit} requiredMark={false} data-testid="login-form">
          <Form.Item name="username" label={t('web.login.username')} rules={[{ required: true, message: t('web.login.username_required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('web.login.password')} rules={[{ required: true, message: t('web.login.password_required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">{t('web.login.submit')}</Button>
        </Form>
      </Card>
    </div>
  );
}
