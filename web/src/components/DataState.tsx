/** What a block shows while it loads, when its endpoint answered an error, or when there is nothing. */
import type { ReactNode } from 'react';
import { Alert, Button, Empty, Spin } from 'antd';
import { ApiError } from '../api';
import { errorText, useI18n } from '../i18n';

interface Props { loading?: boolean; error?: unknown; empty?: boolean; onRetry?: () => void; children?: ReactNode; testId?: string }

export default function DataState({ loading, error, empty, onRetry, children, testId }: Props) {
  const { t, lang } = useI18n();
  if (error) {
    const missing = error instanceof ApiError && (error.status === 404 || error.status === 501);
    return (
      <div data-testid={testId ?? 'data-error'}>
        <Empty description={t('web.no_data')} image={Empty.PRESENTED_IMAGE_SIMPLE}>
          <Alert type={missing ? 'warning' : 'error'} showIcon title={missing ? t('web.err.unavailable') : t('web.err.load_failed')}
            description={errorText(error, lang)} style={{ textAlign: 'left', maxWidth: 560, margin: '0 auto' }}
            action={onRetry ? <Button size="small" onClick={onRetry}>{t('web.retry')}</Button> : undefined} />
        </Empty>
      </div>
    );
  }
  if (loading && !children) return <div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>;
  if (empty && !loading) return <Empty data-testid={testId ? `${testId}-empty` : 'data-empty'} description={t('web.no_data')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return <Spin spinning={!!loading}>{children}</Spin>;
}
