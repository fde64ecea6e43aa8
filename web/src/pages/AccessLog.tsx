/** 访问日志 [/access-log] (admin): who viewed, exported or revealed what, when and from where. */
import { useState } from 'react';
import { Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useApi } from '../hooks';
import { useT } from '../i18n';
import { label } from '../format';
import DataState from '../components/DataState';

interface Entry { id: number; at: string; username: string | null; role: string | null; action: string; object: string | null; detail: unknown; ip: string | null }

const ACTION_COLOR: Record<string, string> = { reveal: 'red', export: 'orange', login_failed: 'volcano', login_throttled: 'magenta', login: 'green' };

export default function AccessLogPage() {
  const t = useT();
  const [limit, setLimit] = useState(200);
  const [q, setQ] = useState('');
  const { data, error, loading, reload } = useApi<{ entries: Entry[] }>('/access-log', { limit });
  const rows = (data?.entries ?? []).filter((e) => !q || `${e.username ?? ''} ${e.action} ${e.object ?? ''} ${e.ip ?? ''}`.toLowerCase().includes(q.toLowerCase()));
  return (
    <Card title={t('web.menu.access_log')} data-testid="access-log-page"
      extra={<Space>
        <Input.Search allowClear placeholder={t('web.access.search')} onChange={(e) => setQ(e.target.value)} style={{ width: 220 }} data-testid="access-log-search" />
        <Select value={limit} onChange={setLimit} data-testid="access-log-limit" style={{ width: 120 }}
          options={[100, 200, 500, 1000].map((n) => ({ value: n, label: t('web.access.limit', { n }) }))} />
      </Space>}>
      {error ? <DataState error={error} onRetry={reload} testId="access-log-error" /> : (
        <Table<Entry> size="small" rowKey="id" loading={loading} dataSource={rows} data-testid="access-log-table"
          pagination={{ pageSize: 50, showSizeChanger: false }} locale={{ emptyText: t('web.no_data') }}
          columns={[
            { title: t('web.access.at'), dataIndex: 'at', width: 170, render: (v: string) => v?.slice(0, 19).replace('T', ' ') },
            { title: t('web.access.user'), dataIndex: 'username', width: 120, render: (v: string | null) => v ?? '—' },
            { title: t('web.access.role'), dataIndex: 'role', width: 130, render: (r: string | null) => (r ? label(t, 'role', r) : '—') },
            { title: t('web.access.action'), dataIndex: 'action', width: 150, render: (a: string) => <Tag color={ACTION_COLOR[a] ?? (a.startsWith('review:') ? 'blue' : 'default')}>{a}</Tag> },
            { title: t('web.access.object'), dataIndex: 'object', width: 200, render: (v: string | null) => v ?? '—' },
            { title: t('web.access.detail'), dataIndex: 'detail', ellipsis: true,
              render: (d: unknown) => (d ? <Typography.Text code title={JSON.stringify(d)}>{JSON.stringify(d)}</Typography.Text> : '—') },
            { title: 'IP', dataIndex: 'ip', width: 130 },
          ]} />
      )}
    </Card>
  );
}
