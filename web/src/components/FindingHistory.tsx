/** The review history of a finding: who, when, from → to, reason, amount, attachments. */
import { Card, Space, Table, Tag } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { apiHref } from '../api';
import { useT } from '../i18n';
import { label } from '../format';
import type { HistoryEntry } from '../types';
import MoneyText from './MoneyText';
import { StatusTag } from './StatusTag';

export default function FindingHistory({ history }: { history: HistoryEntry[] }) {
  const t = useT();
  return (
    <Card size="small" title={t('web.detail.history')} data-testid="finding-history">
      <Table<HistoryEntry> size="small" scroll={{ x: 900 }} rowKey={(h, i) => `${h.at}-${i}`} dataSource={history} pagination={false}
        locale={{ emptyText: t('web.detail.no_history') }}
        columns={[
          { title: t('web.history.at'), dataIndex: 'at', width: 170 },
          { title: t('web.history.by'), render: (_, h) => <Space size={4}>{h.by_user}<Tag>{label(t, 'role', h.by_role)}</Tag></Space> },
          { title: t('web.history.action'), dataIndex: 'action', render: (a: string) => label(t, 'action', a) },
          { title: t('web.history.change'), render: (_, h) => <Space size={4}><StatusTag status={h.from_status} />→<StatusTag status={h.to_status} /></Space> },
          { title: t('web.history.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
          { title: t('web.history.amount'), dataIndex: 'amount', align: 'right', render: (a: string | null) => (a === null ? '—' : <MoneyText value={a} />) },
          { title: t('web.history.attachments'), dataIndex: 'attachments', render: (as: HistoryEntry['attachments']) => (as?.length ? (
            <Space orientation="vertical" size={0}>
              {as.map((a, i) => (a.id !== undefined && a.id !== null
                ? <a key={i} href={apiHref(`/attachments/${encodeURIComponent(String(a.id))}`)} target="_blank" rel="noreferrer" data-testid="attachment-link"><PaperClipOutlined /> {a.name}</a>
                : <span key={i}><PaperClipOutlined /> {a.name}</span>))}
            </Space>) : '—') },
        ]} />
    </Card>
  );
}
