/** 稽核任务 [/audit-runs]: past runs (each opens its findings), starting a run (a job), and review samples. */
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Card, DatePicker, Form, Select, Space, Table } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api } from '../api';
import { useAuth } from '../auth';
import { useApi, type Job } from '../hooks';
import { errorText, useI18n } from '../i18n';
import { ruleName, useRuleMap } from '../rules';
import DataState from '../components/DataState';
import JobProgress from '../components/JobProgress';
import MoneyText from '../components/MoneyText';
import SamplesPanel from '../components/SamplesPanel';

interface Run { run_id: number; kind: string; period_from: string; period_to: string; started_at: string; finished_at: string | null; by: string | null;
  ruleset_version: number | string | null; findings: number; amount: string }
interface Values { period?: [Dayjs | null, Dayjs | null] | null; rules?: string[]; institutions?: string[] }

const ts = (v: string | null | undefined) => (v ? v.slice(0, 19).replace('T', ' ') : '—');

export default function AuditRunsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useApi<{ runs: Run[] }>('/audit-runs');
  const rules = useRuleMap();
  const [form] = Form.useForm<Values>();
  const [jobId, setJobId] = useState<string | number | null>(null);
  const [busy, setBusy] = useState(false);

  const start = async (v: Values) => {
    setBusy(true);
    try {
      const r = await api.post<{ job_id: string | number }>('/audit-runs', {
        from: v.period?.[0]?.format('YYYY-MM-DD'), to: v.period?.[1]?.format('YYYY-MM-DD'),
        rules: v.rules?.length ? v.rules : undefined, institutions: v.institutions?.length ? v.institutions : undefined,
      });
      setJobId(r.job_id);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const done = useCallback((job: Job) => {
    if (job.state === 'done') message.success(t('web.runs.done'));
    reload();
  }, [reload, message, t]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="audit-runs-page">
      <Card title={t('web.runs.start')} data-testid="run-start-card">
        <Form form={form} layout="inline" onFinish={start} style={{ rowGap: 12 }} data-testid="run-form">
          <Form.Item name="period" label={t('web.filter.period')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="run-period" />
          </Form.Item>
          <Form.Item name="rules" label={t('web.runs.rules')}>
            <Select mode="multiple" allowClear style={{ minWidth: 280 }} placeholder={t('web.runs.all_rules')} data-testid="run-rules" maxTagCount="responsive"
              showSearch={{ optionFilterProp: 'label' }} options={[...rules.values()].map((r) => ({ value: r.rule_id, label: ruleName(rules, r.rule_id, lang) }))} />
          </Form.Item>
          <Form.Item name="institutions" label={t('web.runs.institutions')}>
            <Select mode="tags" allowClear style={{ minWidth: 220 }} placeholder={t('web.runs.all_institutions')} tokenSeparators={[',', ' ']} data-testid="run-institutions" />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} loading={busy} data-testid="run-submit">{t('web.runs.submit')}</Button>
        </Form>
        <div style={{ marginTop: 16 }}><JobProgress jobId={jobId} onDone={done} testId="run-job" /></div>
      </Card>
      <Card title={t('web.runs.title')}>
        {error ? <DataState error={error} onRetry={reload} testId="audit-runs-error" /> : (
          <Table<Run> size="middle" rowKey="run_id" loading={loading} dataSource={data?.runs ?? []} data-testid="audit-runs-table"
            pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: t('web.no_data') }}
            onRow={(r) => ({ onClick: () => navigate(`/findings?run_id=${r.run_id}`), style: { cursor: 'pointer' }, 'data-testid': `run-row-${r.run_id}` } as object)}
            columns={[
              { title: '#', dataIndex: 'run_id', width: 60 },
              { title: t('web.runs.kind'), dataIndex: 'kind', width: 90 },
              { title: t('web.runs.period'), render: (_, r) => `${r.period_from ?? '—'} ~ ${r.period_to ?? '—'}` },
              { title: t('web.kpi.findings'), dataIndex: 'findings', align: 'right' },
              { title: t('web.col.amount'), dataIndex: 'amount', align: 'right', render: (v: string) => <MoneyText value={v} /> },
              { title: t('web.runs.ruleset'), dataIndex: 'ruleset_version', align: 'right', render: (v) => v ?? '—' },
              { title: t('web.runs.by'), dataIndex: 'by', render: (v: string | null) => v ?? '—' },
              { title: t('web.runs.started'), dataIndex: 'started_at', render: ts },
              { title: t('web.runs.finished'), dataIndex: 'finished_at', render: ts },
            ]} />
        )}
      </Card>
      <SamplesPanel canDraw={user?.role === 'supervisor' || user?.role === 'auditor'} />
    </Space>
  );
}
