/** 指挥中心 [/dashboard]: KPIs and charts; every figure opens the findings behind it. */
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Col, DatePicker, Input, Progress, Row, Space, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useApi } from '../hooks';
import { useI18n } from '../i18n';
import { fmtIndicator, fmtInt, fmtMoney, fmtNum } from '../format';
import Chart from '../components/Chart';
import DataState from '../components/DataState';
import MoneyText from '../components/MoneyText';
import { StatusTag } from '../components/StatusTag';
import { monthOption, ruleAt, ruleOption, severityOption, statusOption, type Dashboard } from '../components/dashboardCharts';

export default function DashboardPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query = { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined, institution: params.get('institution') ?? undefined,
    run_id: params.get('run_id') ?? undefined };
  const { data, error, loading, reload } = useApi<Dashboard>('/dashboard', query);
  const setQuery = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v); else next.delete(k);
    setParams(next);
  };

  /** Opens /findings with the filters of a figure (and the dashboard's own run, institution). */
  const drill = (f: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams();
    const all = { run_id: data?.run_id ?? undefined, institution: query.institution, from: query.from, to: query.to, ...f };
    for (const [k, v] of Object.entries(all)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    navigate(`/findings?${q.toString()}`);
  };

  const options = useMemo(() => data && {
    month: monthOption(data, t), rule: ruleOption(data, t, lang), severity: severityOption(data, t), status: statusOption(data, t),
  }, [data, t, lang]);

  const filters = (
    <Space wrap>
      <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="dashboard-period"
        value={[query.from ? dayjs(query.from) : null, query.to ? dayjs(query.to) : null]}
        onChange={(v) => {
          const next = new URLSearchParams(params);
          const [a, b] = v ?? [null, null];
          if (a) next.set('from', a.format('YYYY-MM-DD')); else next.delete('from');
          if (b) next.set('to', b.format('YYYY-MM-DD')); else next.delete('to');
          setParams(next);
        }} />
      <Input.Search allowClear placeholder={t('web.filter.institution_ph')} defaultValue={query.institution} style={{ width: 220 }}
        data-testid="dashboard-institution" onSearch={(v) => setQuery('institution', v.trim() || undefined)} />
      <Button onClick={reload} loading={loading}>{t('web.refresh')}</Button>
    </Space>
  );

  if (error || !data || !options) {
    return <Space orientation="vertical" style={{ width: '100%' }} data-testid="dashboard-page">
      {filters}<Card><DataState loading={loading} error={error} onRetry={reload} testId="dashboard-error" /></Card></Space>;
  }
  const tot = data.totals;
  const kpi = (key: string, title: string, value: string, sub: string, onClick?: () => void, danger?: boolean) => (
    <Col xs={24} sm={12} xl={6}>
      <Card hoverable={!!onClick} onClick={onClick} data-testid={`kpi-${key}`}>
        <Statistic title={title} value={value} styles={{ content: danger ? { color: '#cf1322' } : undefined }} />
        <Typography.Text type="secondary">{sub}</Typography.Text>
      </Card>
    </Col>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="dashboard-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary" data-testid="dashboard-period-text">
          {t('web.dashboard.period', { from: data.period?.from ?? '—', to: data.period?.to ?? '—', run: data.run_id ?? '—' })}
        </Typography.Text>
        {filters}
      </Space>
      <Row gutter={[16, 16]}>
        {kpi('fund_paid', t('web.kpi.fund_paid'), fmtMoney(tot.fund_paid), t('web.kpi.settlements', { n: fmtInt(tot.settlements) }))}
        {kpi('at_stake', t('web.kpi.at_stake'), fmtMoney(tot.at_stake), t('web.kpi.institutions_flagged', { n: fmtInt(tot.institutions_flagged) }), () => drill({}))}
        {kpi('findings', t('web.kpi.findings'), fmtInt(tot.findings), t('web.kpi.click_to_list'), () => drill({}))}
        {kpi('overdue', t('web.kpi.overdue'), fmtInt(tot.overdue), t('web.kpi.overdue_hint'), undefined, tot.overdue > 0)}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('web.chart.by_month')} size="small">
            <Chart option={options.month} height={320} testId="chart-by-month" axisClick="x"
              onClick={(p) => { const m = data.by_month[p.dataIndex]; if (m) drill({ from: m.from, to: m.to }); }} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('web.chart.by_rule')} size="small">
            <Chart option={options.rule} height={320} testId="chart-by-rule" axisClick="y" onClick={(p) => { const id = ruleAt(data, p.dataIndex); if (id) drill({ rule_id: id }); }} />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Card title={t('web.chart.by_severity')} size="small">
            <Chart option={options.severity} height={280} testId="chart-by-severity"
              onClick={(p) => { const s = data.by_severity[p.dataIndex]; if (s) drill({ severity: s.severity }); }} />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={16}>
          <Card title={t('web.chart.by_status')} size="small">
            <Chart option={options.status} height={280} testId="chart-by-status" axisClick="x"
              onClick={(p) => { const s = data.by_status[p.dataIndex]; if (s) drill({ status: s.status }); }} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('web.dashboard.top_institutions')} size="small">
            <Table size="small" rowKey="fixmedins_code" dataSource={data.top_institutions} pagination={false} data-testid="top-institutions"
              onRow={(r) => ({ onClick: () => drill({ institution: r.fixmedins_code }), style: { cursor: 'pointer' }, 'data-testid': `top-institution-${r.fixmedins_code}` } as object)}
              columns={[
                { title: t('web.col.institution'), dataIndex: 'fixmedins_name', render: (n: string, r) => <span title={r.fixmedins_code}>{n || r.fixmedins_code}</span> },
                { title: t('web.kpi.findings'), dataIndex: 'findings', align: 'right' },
                { title: t('web.col.amount'), dataIndex: 'amount', align: 'right', render: (v: string) => <MoneyText value={v} /> },
                { title: t('web.kpi.fund_paid'), dataIndex: 'fund_paid', align: 'right', render: (v: string) => <MoneyText value={v} /> },
              ]} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('web.dashboard.review_progress')} size="small">
            <Table size="small" rowKey="status" dataSource={data.review_progress} pagination={false} data-testid="review-progress"
              onRow={(r) => ({ onClick: () => drill({ status: r.status }), style: { cursor: 'pointer' }, 'data-testid': `progress-${r.status}` } as object)}
              columns={[
                { title: t('web.col.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
                { title: t('web.dashboard.total'), dataIndex: 'total', align: 'right' },
                { title: t('web.dashboard.in_time'), render: (_, r) => (
                  <Progress size="small" style={{ minWidth: 120, margin: 0 }} status={r.overdue ? 'exception' : 'normal'}
                    percent={r.total ? Math.round(((r.total - r.overdue) / r.total) * 100) : 100} />) },
                { title: t('web.dashboard.due_soon'), dataIndex: 'due_in_3_days', align: 'right' },
                { title: t('web.overdue'), dataIndex: 'overdue', align: 'right', render: (n: number) => <span style={n ? { color: '#cf1322', fontWeight: 600 } : undefined}>{n}</span> },
              ]} />
          </Card>
        </Col>
      </Row>
      <Card title={t('web.dashboard.outliers')} size="small">
        <Table size="small" rowKey={(r) => `${r.run_id}-${r.seq}`} dataSource={data.outliers} data-testid="outliers" pagination={{ pageSize: 10, hideOnSinglePage: true }}
          onRow={(r) => ({ onClick: () => navigate(`/findings/${r.run_id}/${r.seq}`), style: { cursor: 'pointer' }, 'data-testid': `outlier-${r.run_id}-${r.seq}` } as object)}
          locale={{ emptyText: t('web.no_data') }}
          columns={[
            { title: t('web.col.institution'), dataIndex: 'fixmedins_name', render: (n: string, r) => n || r.fixmedins_code },
            { title: t('web.portal.indicator'), dataIndex: 'indicator', render: (i: string, r) => (lang === 'zh' ? r.indicator_name_zh : r.indicator_name_en ?? r.indicator_name_zh) || i },
            { title: t('web.portal.period'), dataIndex: 'period' },
            { title: t('web.portal.value'), dataIndex: 'value', align: 'right', render: (v: string, r) => fmtIndicator(v, r.fmt) },
            { title: t('web.portal.peer_median'), dataIndex: 'peer_median', align: 'right', render: (v: string, r) => fmtIndicator(v, r.fmt) },
            { title: t('web.portal.robust_z'), dataIndex: 'robust_z', align: 'right', render: (v: string) => fmtNum(v, 2) },
            { title: '', render: () => <a>{t('web.view')}</a> },
          ]} />
      </Card>
      <Typography.Text type="secondary">{t('web.dashboard.drill_hint')}</Typography.Text>
    </Space>
  );
}
