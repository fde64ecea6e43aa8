/** 机构端 [/portal]: the institution's findings by status, deadlines, indicators against peers, self-check. */
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Card, Col, Descriptions, Input, Row, Space, Statistic, Table, Typography } from 'antd';
import { useAuth } from '../auth';
import { useApi } from '../hooks';
import { useI18n } from '../i18n';
import { fmtIndicator, fmtMoney, fmtNum, label } from '../format';
import { ruleName, useRuleMap } from '../rules';
import Chart from '../components/Chart';
import DataState from '../components/DataState';
import MoneyText from '../components/MoneyText';
import { StatusTag } from '../components/StatusTag';
import SelfCheck from '../components/SelfCheck';

interface Overview {
  institution: { fixmedins_code: string; fixmedins_name: string; hosp_lv?: string | null };
  findings: { total: number; amount: string; by_status: { status: string; findings: number; amount: string; overdue?: number }[] };
  deadlines: { run_id: number; seq: number; rule_id: string; amount: string; status: string; due_at: string | null; overdue: boolean }[];
  indicators: { indicator: string; name_zh: string; name_en: string; fmt?: string | null; period: string; value: string | null;
    peer_median: string | null; peer_count: number; robust_z: string | null }[];
  indicators_note?: { code: string; message_zh: string; message_en: string } | null;
}

export default function PortalPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const bureau = !!user && user.role !== 'institution';
  const institution = params.get('institution') ?? undefined;
  const { data, error, loading, reload } = useApi<Overview>(bureau && !institution ? null : '/portal/overview', bureau ? { institution } : undefined);
  const rules = useRuleMap();

  /** The latest period of each indicator, as the ratio to the peers' median (1 = like the peers). */
  const chart = useMemo(() => {
    if (!data) return null;
    const latest = new Map<string, Overview['indicators'][number]>();
    for (const i of data.indicators) { const p = latest.get(i.indicator); if (!p || p.period < i.period) latest.set(i.indicator, i); }
    const rows = [...latest.values()].filter((i) => Number(i.peer_median) !== 0 && i.value !== null && i.peer_median !== null);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 60, right: 20, top: 30, bottom: 60 },
      xAxis: { type: 'category', data: rows.map((i) => (lang === 'zh' ? i.name_zh : i.name_en) || i.indicator), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', name: t('web.portal.ratio_axis') },
      series: [{ type: 'bar', name: t('web.portal.ratio'), data: rows.map((i) => {
        const r = Number(i.value) / Number(i.peer_median);
        return { value: Number(r.toFixed(3)), itemStyle: { color: r > 1.2 ? '#f5222d' : r < 0.8 ? '#faad14' : '#1677ff' } };
      }), markLine: { symbol: 'none', data: [{ yAxis: 1 }], lineStyle: { color: '#52c41a', type: 'dashed' }, label: { formatter: t('web.portal.peer_median'), position: 'insideEndTop' } }, barMaxWidth: 48 }],
    };
  }, [data, lang, t]);

  const picker = bureau ? (
    <Card size="small">
      <Space>
        <Typography.Text>{t('web.portal.pick_institution')}</Typography.Text>
        <Input.Search defaultValue={institution} allowClear placeholder={t('web.filter.institution_ph')} style={{ width: 260 }} data-testid="portal-institution"
          onSearch={(v) => setParams(v.trim() ? { institution: v.trim() } : {})} />
      </Space>
    </Card>
  ) : null;
  if (bureau && !institution) return <Space orientation="vertical" style={{ width: '100%' }} data-testid="portal-page">{picker}</Space>;
  if (error || !data) return <Space orientation="vertical" style={{ width: '100%' }} data-testid="portal-page">{picker}
    <Card><DataState loading={loading} error={error} onRetry={reload} testId="portal-error" /></Card></Space>;

  const inst = data.institution;
  const findingsOf = (status?: string) => navigate(`/findings?${new URLSearchParams({ ...(bureau ? { institution: inst.fixmedins_code } : {}), ...(status ? { status } : {}) })}`);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="portal-page">
      {picker}
      <Card>
        <Descriptions size="small" title={inst.fixmedins_name} data-testid="portal-institution-info" items={[
          { key: 'code', label: t('web.portal.code'), children: inst.fixmedins_code },
          { key: 'lv', label: t('web.portal.level'), children: inst.hosp_lv ?? '—' },
          { key: 'total', label: t('web.portal.findings_total'), children: <a onClick={() => findingsOf()}>{data.findings.total}</a> },
          { key: 'amount', label: t('web.col.amount'), children: <MoneyText value={data.findings.amount} /> },
        ]} />
      </Card>
      <Row gutter={[12, 12]} data-testid="portal-by-status">
        {data.findings.by_status.map((s) => (
          <Col key={s.status} flex="1 1 150px">
            <Card size="small" hoverable onClick={() => findingsOf(s.status)} data-testid={`portal-status-${s.status}`}>
              <Statistic title={label(t, 'status', s.status)} value={s.findings} />
              <Typography.Text type="secondary">{fmtMoney(s.amount)}</Typography.Text>
              {s.overdue ? <Typography.Text type="danger"> · {t('web.overdue')} {s.overdue}</Typography.Text> : null}
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={t('web.portal.deadlines')} size="small">
        <Table size="small" rowKey={(r) => `${r.run_id}-${r.seq}`} dataSource={data.deadlines} data-testid="portal-deadlines"
          pagination={{ pageSize: 10, hideOnSinglePage: true }} locale={{ emptyText: t('web.no_data') }}
          rowClassName={(r) => (r.overdue ? 'row-overdue' : '')}
          columns={[
            { title: t('web.col.finding'), render: (_, r) => <Link to={`/findings/${r.run_id}/${r.seq}`}>{r.run_id}/{r.seq}</Link> },
            { title: t('web.col.rule'), dataIndex: 'rule_id', render: (id: string) => ruleName(rules, id, lang) },
            { title: t('web.col.amount'), dataIndex: 'amount', align: 'right', render: (v: string) => <MoneyText value={v} /> },
            { title: t('web.col.status'), dataIndex: 'status', render: (s: string, r) => <StatusTag status={s} overdue={r.overdue} /> },
            { title: t('web.col.due_at'), dataIndex: 'due_at', render: (d: string | null, r) => <span style={r.overdue ? { color: '#cf1322', fontWeight: 600 } : undefined}>{d ?? '—'}</span> },
          ]} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('web.portal.indicators')} size="small">
            <Table size="small" rowKey={(r) => `${r.indicator}-${r.period}`} dataSource={data.indicators} data-testid="portal-indicators"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: data.indicators_note ? (lang === 'zh' ? data.indicators_note.message_zh : data.indicators_note.message_en) : t('web.no_data') }}
              columns={[
                { title: t('web.portal.indicator'), dataIndex: 'indicator', render: (i: string, r) => (lang === 'zh' ? r.name_zh : r.name_en) || i },
                { title: t('web.portal.period'), dataIndex: 'period' },
                { title: t('web.portal.value'), dataIndex: 'value', align: 'right', render: (v: string, r) => fmtIndicator(v, r.fmt) },
                { title: t('web.portal.peer_median'), dataIndex: 'peer_median', align: 'right', render: (v: string, r) => fmtIndicator(v, r.fmt) },
                { title: t('web.portal.peer_count'), dataIndex: 'peer_count', align: 'right' },
                { title: t('web.portal.robust_z'), dataIndex: 'robust_z', align: 'right',
                  render: (v: string | null) => <span style={Math.abs(Number(v)) > 3.5 ? { color: '#cf1322', fontWeight: 600 } : undefined}>{fmtNum(v, 2)}</span> },
              ]} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('web.portal.indicators_chart')} size="small">
            {chart && (chart.series[0].data as unknown[]).length ? <Chart option={chart} height={340} testId="portal-indicator-chart" /> : <DataState empty />}
          </Card>
        </Col>
      </Row>
      {user?.role === 'institution' ? <SelfCheck rules={rules} /> : null}
    </Space>
  );
}
