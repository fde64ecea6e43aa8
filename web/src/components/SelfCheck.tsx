/** 机构自查: upload the institution's own extract files, follow the job, then list what the rules found. */
import { useCallback, useState } from 'react';
import { App, Button, Card, Space, Table, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { api } from '../api';
import { useApi, type Job } from '../hooks';
import { errorText, useI18n } from '../i18n';
import { ruleName, type Rule } from '../rules';
import type { Finding } from '../types';
import JobProgress from './JobProgress';
import DataState from './DataState';
import MoneyText from './MoneyText';
import { SeverityTag } from './StatusTag';
import { label } from '../format';

interface PastCheck { job_id: string | number; state: string; created_at: string; finished_at: string | null; findings: number | null; amount: string | null }

export default function SelfCheck({ rules }: { rules: Map<string, Rule> }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<string | number | null>(null);
  const [findings, setFindings] = useState<Finding[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [shownJob, setShownJob] = useState<string | number | null>(null);
  const past = useApi<{ self_checks: PastCheck[] }>('/portal/self-checks');

  const start = async () => {
    setBusy(true);
    setFindings(null);
    setError(null);
    try {
      const r = await api.upload<{ job_id: string | number }>('/portal/self-check', files.map((f) => f.originFileObj as File));
      setJobId(r.job_id);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  const show = useCallback(async (jobIdToShow: string | number) => {
    setShownJob(jobIdToShow);
    setError(null);
    try {
      const r = await api.get<{ findings: Finding[] } | Finding[]>(`/portal/self-checks/${encodeURIComponent(String(jobIdToShow))}/findings`, { page_size: 500 });
      setFindings(Array.isArray(r) ? r : r.findings ?? []);
    } catch (e) {
      setFindings(null);
      setError(e);
    }
  }, []);
  const reloadPast = past.reload;
  const done = useCallback((job: Job) => {
    reloadPast();
    if (job.state === 'done') void show(job.job_id);
  }, [show, reloadPast]);

  return (
    <Card title={t('web.selfcheck.title')} data-testid="self-check">
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('web.selfcheck.hint')}</Typography.Paragraph>
        <Upload.Dragger multiple fileList={files} beforeUpload={() => false} onChange={(i) => setFiles(i.fileList)}
          accept=".csv,.txt,.tsv,.xlsx,.parquet" data-testid="self-check-upload">
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p className="ant-upload-text">{t('web.selfcheck.drop')}</p>
        </Upload.Dragger>
        <Button type="primary" disabled={!files.length} loading={busy} onClick={start} data-testid="self-check-start">{t('web.selfcheck.start')}</Button>
        <JobProgress jobId={jobId} onDone={done} testId="self-check-job" />
        {error ? <DataState error={error} /> : null}
        {findings ? (
          <Table<Finding> size="small" rowKey={(f) => String(f.seq)} dataSource={findings} data-testid="self-check-findings"
            locale={{ emptyText: t('web.selfcheck.none') }} pagination={{ pageSize: 20, hideOnSinglePage: true }}
            title={() => t('web.selfcheck.result', { id: shownJob ?? '', n: findings.length })}
            columns={[
              { title: t('web.col.rule'), dataIndex: 'rule_id', render: (id: string) => ruleName(rules, id, lang) },
              { title: t('web.col.severity'), dataIndex: 'severity', render: (s: string) => <SeverityTag severity={s} /> },
              { title: t('web.col.occurred_at'), dataIndex: 'occurred_at' },
              { title: t('web.col.message'), dataIndex: 'message' },
              { title: t('web.col.amount'), dataIndex: 'amount', align: 'right', render: (v: string) => <MoneyText value={v} /> },
            ]} />
        ) : null}
        {past.data?.self_checks.length ? (
          <Table<PastCheck> size="small" rowKey={(r) => String(r.job_id)} dataSource={past.data.self_checks} data-testid="self-check-history"
            pagination={{ pageSize: 5, hideOnSinglePage: true }} title={() => t('web.selfcheck.history')}
            onRow={(r) => ({ onClick: () => { if (r.state === 'done') void show(r.job_id); }, style: { cursor: 'pointer' } })}
            columns={[
              { title: t('web.selfcheck.job'), dataIndex: 'job_id', width: 80 },
              { title: t('web.selfcheck.at'), dataIndex: 'created_at' },
              { title: t('web.selfcheck.state'), dataIndex: 'state', render: (st: string) => label(t, 'job_state', st) },
              { title: t('web.kpi.findings'), dataIndex: 'findings', align: 'right' },
              { title: t('web.col.amount'), dataIndex: 'amount', align: 'right', render: (v: string | null) => <MoneyText value={v} /> },
            ]} />
        ) : null}
      </Space>
    </Card>
  );
}
