/** DRG 结算 [/drg/settlements]: start a 病组点数法 settlement or shadow run (a job) with its parameters; past runs, one run's figures, its Excel report. */
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined, PlayCircleOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api } from '../api';
import { useAuth } from '../auth';
import { useApi, type Job } from '../hooks';
import { errorText, useI18n } from '../i18n';
import DataState from '../components/DataState';
import JobProgress from '../components/JobProgress';
import MoneyText from '../components/MoneyText';
import { fenToYuan } from '../format';

interface RunRow { run_id: number; kind: string; period_from: string; period_to: string; cases?: number; budget_fen?: string; point_value_fen?: string; created_at: string }
interface InstRow { fixmedins_code: string; fixmedins_name: string | null; coefficient: string; cases: number; high_cost_cases: number; low_cost_cases: number;
  points: string; drg_payment_fen: string; already_paid_fen: string; balance_fen: string }
interface RunDetail extends RunRow { params: Record<string, unknown>; total_points?: string; rounding_remainder_fen?: string; institutions: InstRow[] }
interface Values { kind: 'settle' | 'shadow'; period?: [Dayjs | null, Dayjs | null] | null; budget?: number | null; growth?: number | null; coefficients?: string }

const yuan = fenToYuan;

/** "H1=1.05" lines into {H1: '1.05'}; null when a line is malformed. */
function coefficients(text: string | undefined): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const line of (text ?? '').split(/\n|,|;/).map((l) => l.trim()).filter(Boolean)) {
    const m = /^([0-9A-Za-z_-]{1,64})\s*[=:：]\s*(\d+(\.\d+)?)$/.exec(line);
    if (!m) return null;
    out[m[1]] = m[2];
  }
  return out;
}

export default function DrgSettlementsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const selected = params.get('run');
  const runs = useApi<{ runs: RunRow[] }>('/drg/settlements');
  const detail = useApi<RunDetail>(selected ? `/drg/settlements/${selected}` : null);
  const [form] = Form.useForm<Values>();
  const [jobId, setJobId] = useState<string | number | null>(null);
  const [busy, setBusy] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const canStart = user?.role === 'supervisor' || user?.role === 'admin';
  const bureau = user?.role !== 'institution';

  const start = async (v: Values) => {
    const coef = coefficients(v.coefficients);
    if (!coef) { message.error(t('web.drg.settle.bad_coefficients')); return; }
    if (!v.period?.[0] || !v.period?.[1]) return;
    setBusy(true);
    try {
      const p: Record<string, unknown> = { institution_coefficients: coef };
      if (v.budget !== null && v.budget !== undefined) p.last_year_budget_fen = Math.round(v.budget * 100);
      if (v.growth !== null && v.growth !== undefined) p.growth_cap = String(v.growth);
      const r = await api.post<{ job_id: string | number }>('/drg/settlements', { kind: v.kind, from: v.period[0].format('YYYY-MM-DD'),
        to: v.period[1].format('YYYY-MM-DD'), params: p });
      setJobId(r.job_id);
    } catch (e) { message.error(errorText(e, lang)); } finally { setBusy(false); }
  };
  const done = useCallback((job: Job) => {
    if (job.state === 'done') {
      message.success(t('web.drg.settle.done'));
      const id = (job.result as { run_id?: number } | null)?.run_id;
      if (id) setParams(new URLSearchParams({ run: String(id) }));
    }
    runs.reload();
  }, [runs, message, t, setParams]);
  const download = async () => {
    setDownloading(true);
    try { await api.download(`/drg/settlements/${selected}/report.xlsx`, {}, `drg-settlement-${selected}.xlsx`); }
    catch (e) { message.error(errorText(e, lang)); } finally { setDownloading(false); }
  };
  const d = detail.data;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="drg-settlements-page">
      {canStart ? (
        <Card title={t('web.drg.settle.start')} size="small">
          <Form form={form} layout="vertical" onFinish={start} initialValues={{ kind: 'settle', growth: 0.065 }} data-testid="drg-settle-form">
            <Space wrap align="start">
              <Form.Item name="kind" label={t('web.drg.settle.kind')}>
                <Select style={{ width: 140 }} options={['settle', 'shadow'].map((k) => ({ value: k, label: t(`web.drg.settle.kind.${k}`) }))} data-testid="drg-settle-kind" />
              </Form.Item>
              <div data-testid="drg-settle-period">
                <Form.Item name="period" label={t('web.filter.period')} rules={[{ required: true }]}>
                  <DatePicker.RangePicker />
                </Form.Item>
              </div>
              <Form.Item name="budget" label={t('web.drg.settle.budget')} extra={t('web.drg.settle.budget_hint')}>
                <InputNumber min={0} precision={2} style={{ width: 200 }} data-testid="drg-settle-budget" />
              </Form.Item>
              <Form.Item name="growth" label={t('web.drg.settle.growth')}>
                <InputNumber min={-0.99} max={1} step={0.005} style={{ width: 120 }} data-testid="drg-settle-growth" />
              </Form.Item>
              <Form.Item name="coefficients" label={t('web.drg.settle.coefficients')}>
                <Input.TextArea rows={2} style={{ width: 280 }} placeholder="H33010000001=1.05" data-testid="drg-settle-coefficients" />
              </Form.Item>
            </Space>
            <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} loading={busy} data-testid="drg-settle-submit">{t('web.drg.settle.submit')}</Button>
          </Form>
          <div style={{ marginTop: 12 }}><JobProgress jobId={jobId} onDone={done} testId="drg-settle-job" /></div>
        </Card>) : null}
      <Card title={t('web.drg.settle.runs')} size="small">
        {runs.error ? <DataState error={runs.error} onRetry={runs.reload} /> : (
          <Table<RunRow> size="small" rowKey="run_id" loading={runs.loading} dataSource={runs.data?.runs ?? []} data-testid="drg-settle-runs" pagination={{ pageSize: 10 }}
            onRow={(r) => ({ onClick: () => setParams(new URLSearchParams({ run: String(r.run_id) })), style: { cursor: 'pointer' }, 'data-testid': `drg-settle-run-${r.run_id}` } as never)}
            columns={[
              { title: '#', dataIndex: 'run_id', width: 70 },
              { title: t('web.drg.settle.kind'), dataIndex: 'kind', width: 110, render: (k: string) => t(`web.drg.settle.kind.${k}`) },
              { title: t('web.filter.period'), key: 'p', render: (_: unknown, r) => `${r.period_from} ~ ${r.period_to}` },
              ...(bureau ? [{ title: t('web.drg.settle.budget_total'), dataIndex: 'budget_fen', align: 'right' as const, render: (v: string) => <MoneyText value={yuan(v)} /> }] : []),
              { title: '', dataIndex: 'created_at', width: 180 },
            ]} />)}
      </Card>
      {selected ? (
        <Card title={t('web.drg.settle.run', { id: selected })} size="small" data-testid="drg-settle-detail"
          extra={bureau ? <Button icon={<DownloadOutlined />} loading={downloading} onClick={download} data-testid="drg-settle-report">{t('web.drg.settle.report')}</Button> : null}>
          {detail.error || !d ? <DataState loading={detail.loading} error={detail.error} onRetry={detail.reload} /> : (
            <>
              <Descriptions size="small" column={4} bordered>
                <Descriptions.Item label={t('web.filter.period')}>{d.period_from} ~ {d.period_to}</Descriptions.Item>
                <Descriptions.Item label={t('web.drg.settle.point_value')}><span data-testid="drg-settle-point-value">{yuan(d.point_value_fen ?? null) ?? '—'}</span></Descriptions.Item>
                {bureau ? <Descriptions.Item label={t('web.drg.settle.budget_total')}><MoneyText value={yuan(d.budget_fen)} /></Descriptions.Item> : null}
                {bureau ? <Descriptions.Item label={t('web.drg.settle.remainder')}>{d.rounding_remainder_fen}</Descriptions.Item> : null}
              </Descriptions>
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('web.drg.settle.params')}：<code>{JSON.stringify(d.params)}</code></Typography.Paragraph>
              <Table<InstRow> size="small" rowKey="fixmedins_code" dataSource={d.institutions} data-testid="drg-settle-institutions" pagination={{ pageSize: 20 }}
                columns={[
                  { title: t('web.drg.col.institution'), dataIndex: 'fixmedins_code', render: (c: string, r) => `${r.fixmedins_name ?? ''}（${c}）` },
                  { title: t('web.drg.settle.col.coefficient'), dataIndex: 'coefficient', align: 'right' },
                  { title: t('web.drg.col.cases'), dataIndex: 'cases', align: 'right' },
                  { title: t('web.drg.settle.col.high_low'), key: 'hl', align: 'right', render: (_: unknown, r) => `${r.high_cost_cases} / ${r.low_cost_cases}` },
                  { title: t('web.drg.settle.col.points'), dataIndex: 'points', align: 'right' },
                  { title: t('web.drg.settle.col.payment'), dataIndex: 'drg_payment_fen', align: 'right', render: (v: string) => <MoneyText value={yuan(v)} /> },
                  { title: t('web.drg.settle.col.paid'), dataIndex: 'already_paid_fen', align: 'right', render: (v: string) => <MoneyText value={yuan(v)} /> },
                  { title: t('web.drg.settle.col.balance'), dataIndex: 'balance_fen', align: 'right', sorter: (a, b) => Number(a.balance_fen) - Number(b.balance_fen),
                    render: (v: string) => <Typography.Text type={Number(v) < 0 ? 'danger' : 'success'}><MoneyText value={yuan(v)} /></Typography.Text> },
                ]} />
            </>)}
        </Card>) : null}
    </Space>
  );
}
