import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useT } from '../i18n';

export function NotFoundPage() {
  const t = useT();
  const navigate = useNavigate();
  return <Result status="404" title="404" subTitle={t('web.not_found')} data-testid="not-found-page"
    extra={<Button type="primary" onClick={() => navigate('/')} data-testid="not-found-home">{t('web.back_home')}</Button>} />;
}

export function ForbiddenPage() {
  const t = useT();
  const navigate = useNavigate();
  return <Result status="403" title="403" subTitle={t('web.forbidden')} data-testid="forbidden-page"
    extra={<Button type="primary" onClick={() => navigate('/')}>{t('web.back_home')}</Button>} />;
}
