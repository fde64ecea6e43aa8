/** A background job's progress bar, polling /jobs/:id; tells the page when the job is done. */
import { useEffect, useRef } from 'react';
import { Alert, Progress, Space, Typography } from 'antd';
import { useJob, type Job } from '../hooks';
import { errorText, useI18n } from '../i18n';
import { label } from '../format';

interface Props { jobId: string | number | null; onDone?: (job: Job) => void; testId?: string }

export default function JobProgress({ jobId, onDone, testId = 'job-progress' }: Props) {
  const { t, lang } = useI18n();
  const { job, error } = useJob(jobId);
  const told = useRef<string | number | null>(null);
  useEffect(() => {
    if (job && (job.state === 'done' || job.state === 'failed') && told.current !== job.job_id) {
      told.current = job.job_id;
      onDone?.(job);
    }
  }, [job, onDone]);
  if (jobId === null) return null;
  if (error) return <Alert data-testid={`${testId}-error`} type="error" showIcon title={t('web.job.poll_failed')} description={errorText(error, lang)} />;
  const p = job?.progress;
  const percent = job?.state === 'done' ? 100 : p && p.total > 0 ? Math.floor((p.done / p.total) * 100) : 0;
  const status = job?.state === 'failed' ? 'exception' : job?.state === 'done' ? 'success' : 'active';
  return (
    <div data-testid={testId} data-state={job?.state ?? 'queued'}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t('web.job.label', { id: String(jobId), state: label(t, 'job_state', job?.state ?? 'queued') })}
          {p ? ` · ${p.done}/${p.total}` : ''}{p?.current ? ` · ${p.current}` : ''}
        </Typography.Text>
        <Progress percent={percent} status={status} />
        {job?.state === 'failed' ? (
          <Alert type="error" showIcon title={t('web.job.failed')}
            description={lang === 'zh' ? job.error?.message_zh ?? job.error?.message_en : job.error?.message_en ?? job.error?.message_zh} />
        ) : null}
      </Space>
    </div>
  );
}
