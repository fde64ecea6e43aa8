/** A rule's versions, and the differences between two of them. */
import { useState } from 'react';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { api } from '../api';
import { useT } from '../i18n';
import DataState from './DataState';
import { SeverityTag } from './StatusTag';

export interface RuleVersion { version: number; enabled: boolean; severity: string; params: Record<string, unknown>; created_at: string; created_by: string; note: string | null }
interface Change { field: string; before: unknown; after: unknown }

const show = (v: unknown) => (v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export default function RuleVersions({ ruleId, versions }: { ruleId: string; versions: RuleVersion[] }) {
  const t = useT();
  const [picked, setPicked] = useState<number[]>([]);
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const diff = async () => {
    const [a, b] = [...picked].sort((x, y) => x - y);
    setBusy(true);
    setError(null);
    try {
      const r = await api.get<{ changes: Change[] }>(`/rules/${encodeURIComponent(ruleId)}/diff`, { from: a, to: b });
      setChanges(r.changes);
    } catch (e) {
      setChanges(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('web.rules.versions')} data-testid="rule-versions"
      extra={<Space>
        <Typography.Text type="secondary">{t('web.rules.pick_two')}</Typography.Text>
        <Button size="small" disabled={picked.length !== 2} loading={busy} onClick={diff} data-testid="rule-diff-button">{t('web.rules.diff')}</Button>
      </Space>}>
      <Table<RuleVersion> size="small" rowKey="version" dataSource={[...versions].sort((a, b) => b.version - a.version)} pagination={{ pageSize: 10, hideOnSinglePage: true }}
        rowSelection={{ hideSelectAll: true, selectedRowKeys: picked, onChange: (k) => setPicked((k as number[]).slice(-2)) }}
        onRow={(v) => ({ 'data-testid': `rule-version-${v.version}` } as object)}
        columns={[
          { title: t('web.rules.version'), dataIndex: 'version', width: 70 },
          { title: t('web.rules.enabled'), dataIndex: 'enabled', render: (e: boolean) => (e ? <Tag color="green">{t('web.yes')}</Tag> : <Tag>{t('web.no')}</Tag>) },
          { title: t('web.col.severity'), dataIndex: 'severity', render: (s: string) => <SeverityTag severity={s} /> },
          { title: t('web.rules.params'), dataIndex: 'params', ellipsis: true, render: (p: unknown) => <Typography.Text code>{show(p)}</Typography.Text> },
          { title: t('web.rules.created'), render: (_, v) => `${v.created_at?.slice(0, 16).replace('T', ' ') ?? ''} ${v.created_by ?? ''}` },
          { title: t('web.rules.note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
        ]} />
      {error ? <DataState error={error} /> : null}
      {changes ? (
        <Table<Change> size="small" rowKey="field" dataSource={changes} pagination={false} data-testid="rule-diff" style={{ marginTop: 12 }}
          title={() => t('web.rules.diff_title', { from: Math.min(...picked), to: Math.max(...picked) })}
          locale={{ emptyText: t('web.rules.no_changes') }}
          columns={[
            { title: t('web.rules.field'), dataIndex: 'field' },
            { title: t('web.rules.before'), dataIndex: 'before', render: (v: unknown) => <Typography.Text delete type="danger">{show(v)}</Typography.Text> },
            { title: t('web.rules.after'), dataIndex: 'after', render: (v: unknown) => <Typography.Text type="success">{show(v)}</Typography.Text> },
          ]} />
      ) : null}
    </Card>
  );
}
