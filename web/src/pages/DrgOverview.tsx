/** DRG 概览 [/drg]: CMI and the indicators by institution, the month trend, the DRGs with their weights; rows open the cases. */
import { useSearchParams, useNavigate } from 'react-router-dom';
import { Alert, Card, Col, DatePicker, Row, Space, Statistic, Table, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useApi } from '../hooks';
import { useI18n } from '../i18n';
import { fmtInt, fmtNum } from '../format';
import DataState from '../components/DataState';
import MoneyText from '../components/MoneyText';
import Chart from '../components/Chart';

export interface DrgInstitution { fixmedins_code: string; fixmedins_name: string | null; cases: number; grouped_cases: number; avg_cost: string | null;
  avg_los_days: string; cases_per_person: string; cmi: string | null; cost_index: string | null; time_index: string | null; ungrouped_rate: string }
interface DrgRow { drg: string; name: string | null; adrg: string | null; cases: number; region_cases: number; avg_cost: string | null; rw: string; base_points: string }
interface Overview {
  scheme: { set_id: number; version: string } | null;
  group_run: { run_id: number; finished_at: string; cases: number } | null;
  period: { from: string; to: string } | null;
  region: DrgInstitution | null;
  institutions: DrgInstitution[];
  months: { month: string; cases: number; cmi: string | null; avg_cost: string | null }[];
  drgs: DrgRow[];
  departments: UnitRow[];
  doctors: UnitRow[];
}
interface UnitRow { fixmedins_code: string; code: string | null; grouped_cases: number; cmi: string }

const pct = (v: string | null | undefined) => (v === null || v === undefined ? '—' : `${(Number(v) * 100).toFixed(2)}%`);

export default function DrgOverviewPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query = { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
  const { data, error, loading, reload } = useApi<Overview>('/drg/overview', query);
  const cases = (q: Record<string, string>) => navigate(`/drg/cases?${new URLSearchParams({ ...q, ...(data?.period ?? {}) })}`);
  const r = data?.region;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="drg-page">
      <Card title={t('web.drg.title')} extra={<DatePicker.RangePicker allowEmpty={[true, true]} data-testid="drg-period"
        value={[query.from ? dayjs(query.from) : null, query.to ? dayjs(query.to) : null]}
        onChange={(v) => { const n = new URLSearchParams(params); for (const [k, d] of [['from', v?.[0]], ['to', v?.[1]]] as const) { if (d) n.set(k, d.format('YYYY-MM-DD')); else n.delete(k); } setParams(n); }} />}>
        {error ? <DataState error={error} onRetry={reload} /> : !loading && data && !data.scheme ? <Alert type="info" showIcon title={t('web.drg.no_scheme')} data-testid="drg-no-scheme" />
          : !loading && data && !r ? <Alert type="info" showIcon title={t('web.drg.no_cases')} data-testid="drg-no-cases" /> : (
            <>
              <Typography.Paragraph type="secondary" data-testid="drg-scheme">
                {t('web.drg.scheme')}：{data?.scheme?.version ?? '—'}{data?.group_run ? `；${t('web.drg.group_run', { id: data.group_run.run_id, at: String(data.group_run.finished_at).slice(0, 19), cases: fmtInt(data.group_run.cases) })}` : ''}
                {data?.period ? `；${data.period.from} ~ ${data.period.to}` : ''}
              </Typography.Paragraph>
              <Row gutter={16} data-testid="drg-kpis">
                <Col span={4}><Statistic loading={loading} title={t('web.drg.kpi.cases')} value={fmtInt(r?.cases)} /></Col>
                <Col span={4}><Statistic loading={loading} title={t('web.drg.kpi.grouped')} value={fmtInt(r?.grouped_cases)} /></Col>
                <Col span={4}><span data-testid="drg-kpi-cmi"><Statistic loading={loading} title={t('web.drg.kpi.cmi')} value={fmtNum(r?.cmi, 4)} /></span></Col>
                <Col span={4}><Statistic loading={loading} title={t('web.drg.kpi.avg_cost')} value={r?.avg_cost ?? '—'} /></Col>
                <Col span={4}><Statistic loading={loading} title={t('web.drg.kpi.avg_los')} value={fmtNum(r?.avg_los_days, 2)} /></Col>
                <Col span={4}><Statistic loading={loading} title={t('web.drg.kpi.ungrouped_rate')} value={pct(r?.ungrouped_rate)} /></Col>
              </Row>
            </>)}
      </Card>
      {r ? (
        <>
          <Card title={t('web.drg.trend')} size="small">
            <Chart testId="drg-trend" height={260} option={{
              tooltip: { trigger: 'axis' }, legend: { data: [t('web.drg.col.cases'), 'CMI'] },
              xAxis: { type: 'category', data: data!.months.map((m) => m.month) },
              yAxis: [{ type: 'value', name: t('web.drg.col.cases') }, { type: 'value', name: 'CMI', scale: true }],
              series: [{ name: t('web.drg.col.cases'), type: 'bar', data: data!.months.map((m) => m.cases) },
                { name: 'CMI', type: 'line', yAxisIndex: 1, data: data!.months.map((m) => (m.cmi === null ? null : Number(m.cmi))) }],
            }} />
          </Card>
          <Card title={t('web.drg.institutions')} size="small">
            <Table<DrgInstitution> size="small" rowKey="fixmedins_code" dataSource={data!.institutions} data-testid="drg-institutions" pagination={{ pageSize: 20 }}
              onRow={(x) => ({ onClick: () => cases({ institution: x.fixmedins_code }), style: { cursor: 'pointer' }, 'data-testid': `drg-inst-${x.fixmedins_code}` } as never)}
              columns={[
                { title: t('web.drg.col.institution'), dataIndex: 'fixmedins_code', render: (c: string, x) => `${x.fixmedins_name ?? ''}（${c}）` },
                { title: t('web.drg.col.cases'), dataIndex: 'cases', align: 'right', sorter: (a, b) => a.cases - b.cases },
                { title: t('web.drg.col.cmi'), dataIndex: 'cmi', align: 'right', render: (v: string | null) => fmtNum(v, 4), sorter: (a, b) => Number(a.cmi) - Number(b.cmi), defaultSortOrder: 'descend' },
                { title: t('web.drg.col.avg_cost'), dataIndex: 'avg_cost', align: 'right', render: (v: string | null) => <MoneyText value={v} /> },
                { title: t('web.drg.col.avg_los'), dataIndex: 'avg_los_days', align: 'right', render: (v: string) => fmtNum(v, 2) },
                { title: t('web.drg.col.cases_per_person'), dataIndex: 'cases_per_person', align: 'right', render: (v: string) => fmtNum(v, 4) },
                { title: t('web.drg.col.cost_index'), dataIndex: 'cost_index', align: 'right', render: (v: string | null) => fmtNum(v, 4) },
                { title: t('web.drg.col.time_index'), dataIndex: 'time_index', align: 'right', render: (v: string | null) => fmtNum(v, 4) },
                { title: t('web.drg.col.ungrouped_rate'), dataIndex: 'ungrouped_rate', align: 'right', render: pct },
              ]} />
          </Card>
          <Card title={t('web.drg.units')} size="small">
            <Tabs size="small" items={(['departments', 'doctors'] as const).map((k) => ({ key: k, label: t(`web.drg.units.${k}`),
              children: <Table<UnitRow> size="small" rowKey={(r) => `${r.fixmedins_code}/${r.code ?? ''}`} dataSource={data![k]} data-testid={`drg-${k}`}
                pagination={{ pageSize: 10 }} columns={[
                  { title: t('web.drg.col.institution'), dataIndex: 'fixmedins_code' },
                  { title: t(`web.drg.units.${k}.code`), dataIndex: 'code', render: (c: string | null) => c ?? t('web.drg.units.none') },
                  { title: t('web.drg.kpi.grouped'), dataIndex: 'grouped_cases', align: 'right' },
                  { title: 'CMI', dataIndex: 'cmi', align: 'right', render: (v: string) => fmtNum(v, 4), sorter: (a, b) => Number(a.cmi) - Number(b.cmi) },
                ]} /> }))} />
          </Card>
          <Card title={t('web.drg.groups')} size="small">
            <Table<DrgRow> size="small" rowKey="drg" dataSource={data!.drgs} data-testid="drg-groups" pagination={{ pageSize: 20 }}
              onRow={(x) => ({ onClick: () => cases({ drg: x.drg }), style: { cursor: 'pointer' }, 'data-testid': `drg-group-${x.drg}` } as never)}
              columns={[
                { title: t('web.drg.col.drg'), dataIndex: 'drg', width: 90 },
                { title: t('web.drg.col.name'), dataIndex: 'name' },
                { title: t('web.drg.col.cases'), dataIndex: 'cases', align: 'right', width: 100 },
                { title: t('web.drg.col.avg_cost'), dataIndex: 'avg_cost', align: 'right', width: 140, render: (v: string | null) => <MoneyText value={v} /> },
                { title: t('web.drg.col.rw'), dataIndex: 'rw', align: 'right', width: 100 },
                { title: t('web.drg.col.base_points'), dataIndex: 'base_points', align: 'right', width: 110 },
              ]} />
          </Card>
        </>) : null}
    </Space>
  );
}
