/** 疑点审核 [/findings]: filters in the URL, server-side pages, selection and bulk review, Excel export. */
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { api } from '../api';
import { isBureau, useAuth } from '../auth';
import { useApi } from '../hooks';
import { errorText, useI18n } from '../i18n';
import { ruleName, useRuleMap } from '../rules';
import type { Finding, FindingList } from '../types';
import FindingFilters, { filtersOf, type Filters } from '../components/FindingFilters';
import BulkActions from '../components/BulkActions';
import DataState from '../components/DataState';
import MoneyText from '../components/MoneyText';
import { SeverityTag, StatusTag } from '../components/StatusTag';

const keyOf = (f: Pick<Finding, 'run_id' | 'seq'>) => `${f.run_id}-${f.seq}`;

export default function FindingsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('page_size') ?? 20) || 20;
  const query = useMemo(() => ({ ...filters, page, page_size: pageSize }), [params.toString()]); // eslint-disable-line react-hooks/exhaustive-deps
  const { data, error, loading, reload } = useApi<FindingList>('/findings', query);
  const rules = useRuleMap();
  const [selected, setSelected] = useState<Map<string, Finding>>(new Map());
  const [exporting, setExporting] = useState(false);
  if (!user) return null;

  const setFilters = (f: Filters, p = 1, size = pageSize) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) if (v) next.set(k, v);
    if (p !== 1) next.set('page', String(p));
    if (size !== 20) next.set('page_size', String(size));
    setParams(next);
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download('/findings/export.xlsx', filters, 'findings.xlsx');
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setExporting(false);
    }
  };

  const columns: ColumnsType<Finding> = [
    { title: t('web.col.seq'), dataIndex: 'seq', width: 70, render: (_, f) => <Link to={`/findings/${f.run_id}/${f.seq}`} data-testid={`finding-link-${f.run_id}-${f.seq}`}>{f.seq}</Link> },
    { title: t('web.col.rule'), dataIndex: 'rule_id', width: 160, render: (id: string) => <span title={id}>{ruleName(rules, id, lang)}</span> },
    { title: t('web.col.severity'), dataIndex: 'severity', width: 100, render: (s: string) => <SeverityTag severity={s} /> },
    { title: t('web.col.institution'), dataIndex: 'fixmedins_name', width: 180, ellipsis: true,
      render: (_, f) => <span title={f.fixmedins_code}>{f.fixmedins_name ?? f.fixmedins_code}</span> },
    { title: t('web.col.occurred_at'), dataIndex: 'occurred_at', width: 110 },
    { title: t('web.col.message'), dataIndex: 'message', ellipsis: true },
    { title: t('web.col.amount'), dataIndex: 'amount', width: 120, align: 'right', render: (v: string) => <MoneyText value={v} /> },
    { title: t('web.col.status'), dataIndex: 'status', width: 170, render: (_, f) => <StatusTag status={f.status} overdue={f.overdue} /> },
    { title: t('web.col.due_at'), dataIndex: 'due_at', width: 110, render: (v: string | null, f) => <span style={f.overdue ? { color: '#cf1322' } : undefined}>{v ?? '—'}</span> },
  ];

  const rows = data?.findings ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="findings-page">
      <Card>
        <FindingFilters value={filters} onChange={(f) => { setSelected(new Map()); setFilters(f); }}
          institutionUser={user.role === 'institution'} bureau={isBureau(user)} />
      </Card>
      <Card title={<Space>
        <span>{t('web.findings.title')}</span>
        {data ? <Typography.Text type="secondary" data-testid="findings-total">
          {t('web.findings.total', { n: data.total, run: data.run_id ?? '—' })}<MoneyText value={data.amount} /></Typography.Text> : null}
      </Space>}
      extra={<Button icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx} data-testid="findings-export">{t('web.export_xlsx')}</Button>}>
        <div style={{ marginBottom: 12 }}>
          <BulkActions role={user.role} selected={[...selected.values()]} onDone={() => { setSelected(new Map()); reload(); }} />
        </div>
        {error ? <DataState error={error} onRetry={reload} testId="findings-error" /> : (
          <Table<Finding> rowKey={keyOf} size="middle" loading={loading} dataSource={rows} columns={columns} data-testid="findings-table"
            scroll={{ x: 1100 }}
            onRow={(f) => ({ 'data-testid': `finding-row-${f.run_id}-${f.seq}`, onDoubleClick: () => navigate(`/findings/${f.run_id}/${f.seq}`) } as object)}
            rowSelection={{
              preserveSelectedRowKeys: true,
              selectedRowKeys: [...selected.keys()],
              onChange: (_keys, selRows) => {
                const next = new Map<string, Finding>();
                for (const k of _keys) {
                  const r = selRows.find((x) => x && keyOf(x) === k) ?? selected.get(String(k));
                  if (r) next.set(String(k), r);
                }
                setSelected(next);
              },
            }}
            pagination={{ current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200],
              showTotal: (n) => t('web.pager.total', { n }), onChange: (p, s) => setFilters(filters, s !== pageSize ? 1 : p, s) }}
            locale={{ emptyText: t('web.no_data') }} />
        )}
      </Card>
    </Space>
  );
}
