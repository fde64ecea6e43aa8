/** 知识库 [/knowledge]: the imported knowledge sets, and importing new official files (a job with its report). */
import { useCallback, useState } from 'react';
import { App, Button, Card, Space, Table, Tag, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api } from '../api';
import { useAuth } from '../auth';
import { useApi, type Job } from '../hooks';
import { errorText, useI18n } from '../i18n';
import DataState from '../components/DataState';
import JobProgress from '../components/JobProgress';
import KnowledgeReport from '../components/KnowledgeReport';

interface KnowledgeSet { set_id: string | number; label: string; imported_at: string; row_counts: Record<string, number> | null; effective_kinds: string[] | null }

export default function KnowledgePage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const { data, error, loading, reload } = useApi<{ sets: KnowledgeSet[] }>('/knowledge/sets');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [jobId, setJobId] = useState<string | number | null>(null);
  const [report, setReport] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const canImport = user?.role === 'supervisor' || user?.role === 'admin';

  const start = async () => {
    setBusy(true);
    setReport(null);
    try {
      const r = await api.upload<{ job_id: string | number }>('/knowledge/import', files.map((f) => f.originFileObj as File));
      setJobId(r.job_id);
      setFiles([]);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const done = useCallback((job: Job) => { if (job.state === 'done') { setReport(job.result ?? {}); reload(); } }, [reload]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="knowledge-page">
      <Card title={t('web.knowledge.sets')}>
        {error ? <DataState error={error} onRetry={reload} testId="knowledge-error" /> : (
          <Table<KnowledgeSet> size="middle" rowKey={(s) => String(s.set_id)} loading={loading} dataSource={data?.sets ?? []} data-testid="knowledge-sets"
            pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: t('web.no_data') }}
            columns={[
              { title: t('web.knowledge.set_id'), dataIndex: 'set_id', width: 90 },
              { title: t('web.knowledge.label'), dataIndex: 'label' },
              { title: t('web.knowledge.imported_at'), dataIndex: 'imported_at', width: 180, render: (v: string) => v?.slice(0, 19).replace('T', ' ') },
              { title: t('web.knowledge.rows'), dataIndex: 'row_counts', render: (rc: KnowledgeSet['row_counts']) => (rc ? (
                <Space size={[4, 4]} wrap>{Object.entries(rc).map(([k, n]) => <Tag key={k}>{k}: {n}</Tag>)}</Space>) : '—') },
              { title: t('web.knowledge.effective'), dataIndex: 'effective_kinds', render: (ks: string[] | null) => (ks?.length ? (
                <Space size={[4, 4]} wrap>{ks.map((k) => <Tag color="green" key={k}>{k}</Tag>)}</Space>) : '—') },
            ]} />
        )}
      </Card>
      {canImport ? (
        <Card title={t('web.knowledge.import')} data-testid="knowledge-import">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('web.knowledge.import_hint')}</Typography.Paragraph>
            <Upload multiple fileList={files} beforeUpload={() => false} onChange={(i) => setFiles(i.fileList)} data-testid="knowledge-upload">
              <Button icon={<UploadOutlined />}>{t('web.choose_files')}</Button>
            </Upload>
            <Button type="primary" disabled={!files.length} loading={busy} onClick={start} data-testid="knowledge-import-start">{t('web.knowledge.start')}</Button>
            <JobProgress jobId={jobId} onDone={done} testId="knowledge-job" />
            {report !== null ? <Card size="small" title={t('web.knowledge.report')}><KnowledgeReport value={report} /></Card> : null}
          </Space>
        </Card>
      ) : null}
    </Space>
  );
}
