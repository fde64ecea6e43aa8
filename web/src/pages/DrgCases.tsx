/** DRG 病例 [/drg/cases]: the cases of a DRG, an institution or a status, paged; each opens its grouping explanation. */
import { Link, useSearchParams } from 'react-router-dom';
import { Card, Input, Select, Space, Table, Tag } from 'antd';
import { useAuth } from '../auth';
import { useApi } from '../hooks';
import { useI18n } from '../i18n';
import DataState from '../components/DataState';
import MoneyText from '../components/MoneyText';

interface CaseRow { setl_id: string; fixmedins_code: string; dscg_date: string; status: string; drg: string; main_diag: string | null;
  reject_reason: string | null; mcc_codes: string[] | null; cc_codes: string[] | null; medfee_sumamt: string | null; hifp_pay: string | null }
const STATUS_COLOR: Record<string, string> = { grouped: 'green', ungrouped: 'orange', rejected: 'red' };

export default function DrgCasesPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const q = Object.fromEntries(['from', 'to', 'institution', 'drg', 'status', 'page'].map((k) => [k, params.get(k) ?? undefined]));
  const { data, error, loading, reload } = useApi<{ total: number; page: number; page_size: number; cases: CaseRow[] }>('/drg/cases', { ...q, page_size: 20 });
  const set = (k: string, v: string | undefined) => { const n = new URLSearchParams(params); if (v) n.set(k, v); else n.delete(k); if (k !== 'page') n.delete('page'); setParams(n); };

  return (
    <Card title={t('web.drg.cases_title')} data-testid="drg-cases-page" extra={<Space wrap>
      <Input.Search allowClear defaultValue={q.drg} placeholder="DRG" style={{ width: 140 }} onSearch={(v) => set('drg', v.trim().toUpperCase() || undefined)} data-testid="drg-cases-drg" />
      {user?.role !== 'institution' ? <Input.Search allowClear defaultValue={q.institution} placeholder={t('web.drg.col.institution')} style={{ width: 180 }}
        onSearch={(v) => set('institution', v.trim() || undefined)} data-testid="drg-cases-institution" /> : null}
      <Select allowClear placeholder={t('web.drg.col.status')} style={{ width: 140 }} value={q.status} onChange={(v) => set('status', v)}
        options={['grouped', 'ungrouped', 'rejected'].map((s) => ({ value: s, label: t(`web.drg.status.${s}`) }))} data-testid="drg-cases-status" />
    </Space>}>
      {error ? <DataState error={error} onRetry={reload} /> : (
        <Table<CaseRow> size="small" rowKey="setl_id" loading={loading} dataSource={data?.cases ?? []} data-testid="drg-cases-table"
          pagination={{ current: data?.page ?? 1, pageSize: 20, total: data?.total ?? 0, showSizeChanger: false, onChange: (p) => set('page', String(p)) }}
          columns={[
            { title: t('web.drg.col.setl_id'), dataIndex: 'setl_id', render: (s: string) => <Link to={`/drg/cases/${encodeURIComponent(s)}`} data-testid={`drg-case-link-${s}`}>{s}</Link> },
            { title: t('web.drg.col.institution'), dataIndex: 'fixmedins_code' },
            { title: t('web.drg.col.dscg_date'), dataIndex: 'dscg_date', width: 110 },
            { title: t('web.drg.col.drg'), dataIndex: 'drg', width: 80 },
            { title: t('web.drg.col.status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag color={STATUS_COLOR[s]}>{t(`web.drg.status.${s}`)}</Tag> },
            { title: t('web.drg.col.main_diag'), dataIndex: 'main_diag' },
            { title: t('web.drg.col.mcc_cc'), key: 'cc', render: (_: unknown, r) => [...(r.mcc_codes ?? []).map((c) => `${c}(MCC)`), ...(r.cc_codes ?? []).map((c) => `${c}(CC)`)].join('、') || '—' },
            { title: t('web.drg.col.cost'), dataIndex: 'medfee_sumamt', align: 'right', render: (v: string | null) => <MoneyText value={v} /> },
            { title: t('web.drg.col.fund'), dataIndex: 'hifp_pay', align: 'right', render: (v: string | null) => <MoneyText value={v} /> },
          ]} />)}
    </Card>
  );
}
