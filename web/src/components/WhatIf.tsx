/** 模拟运行: runs the current rules and the draft over a period (a job) and compares them per rule. */
import { useCallback, useState } from 'react';
import { App, Button, DatePicker, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { ExperimentOutlined } from '@ant-design/icons';
import { api } from '../api';
import type { Job } from '../hooks';
import { errorText, useI18n } from '../i18n';
import { ruleName, useRuleMap } from '../rules';
import JobProgress from './JobProgress';
import MoneyText from './MoneyText';

export interface WhatIfRow {
  rule_id: string; base_findings: number; draft_findings: number; added: number; removed: number;
  added_amount: string; removed_amount: string; net_amount: string; base_amount?: string; draft_amount?: string;
}

/** The job's result: the rows themselves or under `rules`/`rows`. */
function rowsOf(result: unknown): WhatIfRow[] {
  if (Array.isArray(result)) return result as WhatIfRow[];
  const r = result as { rules?: WhatIfRow[]; rows?: WhatIfRow[]; per_rule?: WhatIfRow[] } | null;
  return r?.rules ?? r?.rows ?? r?.per_rule ?? [];
}

interface Props { draft: () => Promise<Record<string, unknown> | null> }

export default function WhatIf({ draft }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const rules = useRuleMap();
  const [period, setPeriod] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [jobId, setJobId] = useState<string | number | null>(null);
  const [rows, setRows] = useState<WhatIfRow[] | null>(null);
  const [busy, setBusy] = useState(false);

  const start = async () => {
    const change = await draft();
    if (!change) return;
    setBusy(true);
    setRows(null);
    try {
      const r = await api.post<{ job_id: string | number }>('/rules/what-if', {
        changes: [change], from: period?.[0]?.format('YYYY-MM-DD'), to: period?.[1]?.format('YYYY-MM-DD'),
      });
      setJobId(r.job_id);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const done = useCallback((job: Job) => { if (job.state === 'done') setRows(rowsOf(job.result)); }, []);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="what-if">
      <Space wrap>
        <Typography.Text>{t('web.whatif.period')}</Typography.Text>
        <DatePicker.RangePicker allowEmpty={[true, true]} value={period} onChange={(v) => setPeriod(v)} data-testid="what-if-period" />
        <Button icon={<ExperimentOutlined />} loading={busy} onClick={start} data-testid="what-if-start">{t('web.whatif.run')}</Button>
      </Space>
      <JobProgress jobId={jobId} onDone={done} testId="what-if-job" />
      {rows ? (
        <Table<WhatIfRow> size="small" rowKey="rule_id" dataSource={rows} pagination={false} data-testid="what-if-result"
          locale={{ emptyText: t('web.no_data') }}
          columns={[
            { title: t('web.col.rule'), dataIndex: 'rule_id', render: (id: string) => ruleName(rules, id, lang) },
            { title: t('web.whatif.before'), dataIndex: 'base_findings', align: 'right' },
            { title: t('web.whatif.after'), dataIndex: 'draft_findings', align: 'right',
              render: (n: number, r) => <span style={{ fontWeight: n !== r.base_findings ? 600 : undefined }}>{n}</span> },
            { title: t('web.whatif.added'), dataIndex: 'added', align: 'right', render: (n: number) => <Typography.Text type={n ? 'danger' : undefined}>+{n}</Typography.Text> },
            { title: t('web.whatif.removed'), dataIndex: 'removed', align: 'right', render: (n: number) => <Typography.Text type={n ? 'success' : undefined}>-{n}</Typography.Text> },
            { title: t('web.whatif.added_amount'), dataIndex: 'added_amount', align: 'right', render: (v: string) => <MoneyText value={v} /> },
            { title: t('web.whatif.removed_amount'), dataIndex: 'removed_amount', align: 'right', render: (v: string) => <MoneyText value={v} /> },
            { title: t('web.whatif.net_amount'), dataIndex: 'net_amount', align: 'right', render: (v: string) => <MoneyText value={v} strong /> },
          ]} />
      ) : null}
    </Space>
  );
}
