/** Bulk review actions on the selected findings, and what happened to each one (conflicts included). */
import { useState } from 'react';
import { App, Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { validated } from '../hooks';
import { api } from '../api';
import type { Role } from '../auth';
import { errorText, useI18n } from '../i18n';
import { label } from '../format';
import { bulkActionsFor, TRANSITIONS, type ReviewAction } from '../review';
import type { Finding } from '../types';
import { StatusTag } from './StatusTag';

interface Result { run_id: number; seq: number; ok: boolean; state?: { status: string }; error?: string }

interface Props { role: Role; selected: Finding[]; onDone: () => void }

export default function BulkActions({ role, selected, onDone }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [action, setAction] = useState<ReviewAction | null>(null);
  const [results, setResults] = useState<Result[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason?: string }>();
  const actions = bulkActionsFor(role);
  if (!actions.length) return null;

  const run = async () => {
    if (!action) return;
    const v = await validated(form);
    if (!v) return;
    setBusy(true);
    try {
      const r = await api.post<{ results: Result[] }>('/findings/transitions', {
        action, reason: v.reason?.trim() || undefined,
        items: selected.map((f) => ({ run_id: f.run_id, seq: f.seq, version: f.version })),
      });
      setAction(null);
      setResults(r.results);
      onDone();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  const ok = results?.filter((r) => r.ok).length ?? 0;
  return (
    <>
      <Space wrap data-testid="bulk-actions">
        <Typography.Text type="secondary">{t('web.bulk.selected', { n: selected.length })}</Typography.Text>
        {actions.map((a) => {
          const eligible = selected.filter((f) => (TRANSITIONS[a].from as string[]).includes(f.status)).length;
          return (
            <Button key={a} danger={TRANSITIONS[a].danger} disabled={!selected.length} data-testid={`bulk-${a}`}
              onClick={() => { form.resetFields(); setAction(a); }}>
              {label(t, 'action', a)}{selected.length ? ` (${eligible}/${selected.length})` : ''}
            </Button>
          );
        })}
      </Space>
      <Modal open={action !== null} title={action ? t('web.bulk.title', { action: label(t, 'action', action), n: selected.length }) : ''}
        onCancel={() => setAction(null)} onOk={run} confirmLoading={busy} destroyOnHidden okText={t('web.confirm')}
        okButtonProps={{ 'data-testid': 'bulk-submit' }}>
        <Form form={form} layout="vertical">
          <Typography.Paragraph type="secondary">{t('web.bulk.hint')}</Typography.Paragraph>
          <Form.Item name="reason" label={t('web.review.reason')}
            rules={action && TRANSITIONS[action].reason ? [{ required: true, min: 2, message: t('web.review.reason_required') }] : []}>
            <Input.TextArea rows={3} maxLength={2000} showCount data-testid="bulk-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={results !== null} title={t('web.bulk.results_title')} onCancel={() => setResults(null)} width={720}
        footer={<Button type="primary" onClick={() => setResults(null)} data-testid="bulk-results-close">{t('web.close')}</Button>}>
        <div data-testid="bulk-results">
          <Typography.Paragraph>
            {t('web.bulk.summary', { ok, failed: (results?.length ?? 0) - ok })}
          </Typography.Paragraph>
          <Table<Result> size="small" rowKey={(r) => `${r.run_id}-${r.seq}`} dataSource={results ?? []} pagination={{ pageSize: 10, hideOnSinglePage: true }}
            rowClassName={(r) => (r.ok ? '' : 'row-failed')}
            onRow={(r) => ({ 'data-testid': `bulk-result-${r.run_id}-${r.seq}`, 'data-ok': String(r.ok), 'data-error': r.error ?? '' } as object)}
            columns={[
              { title: t('web.col.finding'), render: (_, r) => <Link to={`/findings/${r.run_id}/${r.seq}`}>{r.run_id}/{r.seq}</Link> },
              { title: t('web.col.result'), render: (_, r) => (r.ok
                ? <Space><CheckCircleTwoTone twoToneColor="#52c41a" />{t('web.bulk.ok')}</Space>
                : <Space><CloseCircleTwoTone twoToneColor="#ff4d4f" />
                  <Tag color={r.error === 'conflict' ? 'red' : 'orange'}>{label(t, 'review_error', r.error)}</Tag></Space>) },
              { title: t('web.col.new_status'), render: (_, r) => (r.state ? <StatusTag status={r.state.status} /> : '—') },
            ]} />
        </div>
      </Modal>
    </>
  );
}
