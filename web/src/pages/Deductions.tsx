/** 扣款通知 [/deductions]: a month's concluded deductions per institution, and the notice as Excel. */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, DatePicker, Input, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api } from '../api';
import { useAuth } from '../auth';
import { useApi } from '../hooks';
import { errorText, useI18n } from '../i18n';
import DataState from '../components/DataState';
import MoneyText from '../components/MoneyText';

interface Row { fixmedins_code: string; fixmedins_name: string; findings: number; amount: string }
interface Deductions { month: string; institutions: Row[]; total: string | { findings?: number; amount?: string } }

export default function DeductionsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? dayjs().format('YYYY-MM');
  const institution = params.get('institution') ?? undefined;
  const query = { month, institution };
  const { data, error, loading, reload } = useApi<Deductions>('/deductions', query);
  const [exporting, setExporting] = useState(false);
  const bureau = user?.role !== 'institution';
  const set = (k: string, v: string | undefined) => { const n = new URLSearchParams(params); if (v) n.set(k, v); else n.delete(k); setParams(n); };

  const exportXlsx = async () => {
    setExporting(true);
    try { await api.download('/deductions/export.xlsx', query, `deductions-${month}.xlsx`); }
    catch (e) { message.error(errorText(e, lang)); }
    finally { setExporting(false); }
  };
  const total = data ? (typeof data.total === 'object' && data.total !== null ? data.total.amount : data.total) : null;

  return (
    <Card data-testid="deductions-page" title={t('web.menu.deductions')}
      extra={<Space wrap>
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && set('month', d.format('YYYY-MM'))} data-testid="deductions-month" />
        {bureau ? <Input.Search allowClear defaultValue={institution} placeholder={t('web.filter.institution_ph')} style={{ width: 200 }}
          onSearch={(v) => set('institution', v.trim() || undefined)} data-testid="deductions-institution" /> : null}
        <Button icon={<DownloadOutlined />} onClick={exportXlsx} loading={exporting} data-testid="deductions-export">{t('web.deductions.export')}</Button>
      </Space>}>
      {error ? <DataState error={error} onRetry={reload} testId="deductions-error" /> : (
        <Table<Row> size="middle" rowKey="fixmedins_code" loading={loading} dataSource={data?.institutions ?? []} data-testid="deductions-table"
          pagination={false} locale={{ emptyText: t('web.deductions.none', { month }) }}
          columns={[
            { title: t('web.portal.code'), dataIndex: 'fixmedins_code', width: 160 },
            { title: t('web.col.institution'), dataIndex: 'fixmedins_name' },
            { title: t('web.kpi.findings'), dataIndex: 'findings', align: 'right', width: 120 },
            { title: t('web.deductions.amount'), dataIndex: 'amount', align: 'right', width: 160, render: (v: string) => <MoneyText value={v} /> },
          ]}
          summary={() => (data?.institutions.length ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}><Typography.Text strong>{t('web.deductions.total')}</Typography.Text></Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">{data.institutions.reduce((a, r) => a + Number(r.findings), 0)}</Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right"><span data-testid="deductions-total"><MoneyText value={total ?? null} strong /></span></Table.Summary.Cell>
            </Table.Summary.Row>) : null)} />
      )}
    </Card>
  );
}
