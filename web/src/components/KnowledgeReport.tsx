/** The knowledge import's report: totals, each file's rows, and every rejected row with its reason. */
import { Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useI18n } from '../i18n';
import ResultView from './ResultView';

interface Rejected { file: string; sheet: string | null; row: number; reasonKey: string; reason: string }
interface FileReport { file?: string; fileName?: string; kinds?: string[]; rowsRead?: number; rowsLoaded?: number; rowsSkipped?: number; rejected?: Rejected[]; ignoredSheets?: string[] }
interface Report { label?: string; setId?: number; rowsLoaded?: number; rowsRejected?: number; alreadyLoaded?: boolean; files?: FileReport[] }

/** "中文 | English" → the part for the language. */
const part = (s: string, lang: 'zh' | 'en') => { const [zh, en] = s.split(' | '); return (lang === 'zh' ? zh : en ?? zh) ?? s; };

export default function KnowledgeReport({ value }: { value: unknown }) {
  const { t, lang } = useI18n();
  const r = value as Report | null;
  if (!r || !Array.isArray(r.files)) return <ResultView value={value} testId="knowledge-report" />;
  const rejected = r.files.flatMap((f) => f.rejected ?? []);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="knowledge-report">
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} items={[
        { key: 'label', label: t('web.knowledge.label'), children: r.label ?? '—' },
        { key: 'set', label: t('web.knowledge.set_id'), children: r.setId ?? '—' },
        { key: 'loaded', label: t('web.knowledge.rows_loaded'), children: r.rowsLoaded ?? '—' },
        { key: 'rejected', label: t('web.knowledge.rows_rejected'), children: <Typography.Text type={r.rowsRejected ? 'danger' : undefined}>{r.rowsRejected ?? 0}</Typography.Text> },
        { key: 'already', label: t('web.knowledge.already_loaded'), children: r.alreadyLoaded ? t('web.yes') : t('web.no') },
      ]} />
      <Table<FileReport> size="small" rowKey={(f, i) => `${f.fileName ?? f.file}-${i}`} dataSource={r.files} pagination={false}
        columns={[
          { title: t('web.knowledge.file'), render: (_, f) => f.fileName ?? f.file },
          { title: t('web.knowledge.kinds'), dataIndex: 'kinds', render: (ks?: string[]) => (ks?.length ? ks.map((k) => <Tag key={k}>{k}</Tag>) : '—') },
          { title: t('web.knowledge.rows_read'), dataIndex: 'rowsRead', align: 'right' },
          { title: t('web.knowledge.rows_loaded'), dataIndex: 'rowsLoaded', align: 'right' },
          { title: t('web.knowledge.rows_skipped'), dataIndex: 'rowsSkipped', align: 'right' },
          { title: t('web.knowledge.rows_rejected'), render: (_, f) => f.rejected?.length ?? 0, align: 'right' },
        ]} />
      {rejected.length ? (
        <Table<Rejected> size="small" rowKey={(x, i) => `${x.file}-${x.sheet}-${x.row}-${i}`} dataSource={rejected} data-testid="knowledge-rejects"
          pagination={{ pageSize: 20, hideOnSinglePage: true }} title={() => t('web.knowledge.rejects', { n: rejected.length })}
          columns={[
            { title: t('web.knowledge.file'), dataIndex: 'file' },
            { title: t('web.knowledge.sheet'), dataIndex: 'sheet', render: (s: string | null) => s ?? '—' },
            { title: t('web.knowledge.row'), dataIndex: 'row', align: 'right' },
            { title: t('web.knowledge.reason'), dataIndex: 'reason', render: (s: string) => part(s, lang) },
          ]} />
      ) : null}
    </Space>
  );
}
