import { Space, Tag } from 'antd';
import { label, SEVERITY_COLOR, STATUS_COLOR } from '../format';
import { useT } from '../i18n';

/** A review status, with the red 「已超期」 mark when its time limit has passed. */
export function StatusTag({ status, overdue }: { status: string; overdue?: boolean | null }) {
  const t = useT();
  return (
    <Space size={4} wrap={false}>
      <Tag color={STATUS_COLOR[status] ?? 'default'} data-testid="status-tag" data-status={status}>{label(t, 'status', status)}</Tag>
      {overdue ? <Tag color="red" data-testid="overdue-tag">{t('web.overdue')}</Tag> : null}
    </Space>
  );
}

export function SeverityTag({ severity }: { severity: string }) {
  const t = useT();
  return <Tag color={SEVERITY_COLOR[severity] ?? 'default'} data-severity={severity}>{label(t, 'severity', severity)}</Tag>;
}
