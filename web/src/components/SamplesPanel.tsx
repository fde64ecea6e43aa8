/** 复审抽样: draw a sample of a month's inpatient settlements (rate, seed) and list the samples drawn. */
import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../api';
import { useApi } from '../hooks';
import { errorText, useI18n } from '../i18n';
import DataState from './DataState';

interface Draw { draw_id: number; period: string; rate: number | string; seed: string; created_at?: string; created_by?: string; settlements?: number; sampled?: number }
interface Drawn extends Draw { per_institution: { fixmedins_code: string; settlements?: number; sampled: number }[]; items: { fixmedins_code: string; setl_id: string; mdtrt_id: string; psn_no: string }[] }
interface Values { month: Dayjs; rate: number; seed: string }

export default function SamplesPanel({ canDraw }: { canDraw: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useApi<{ samples: Draw[] } | Draw[]>('/samples');
  const [form] = Form.useForm<Values>();
  const [drawn, setDrawn] = useState<Drawn | null>(null);
  const [busy, setBusy] = useState(false);
  const samples = Array.isArray(data) ? data : data?.samples ?? [];

  const draw = async (v: Values) => {
    setBusy(true);
    try {
      const r = await api.post<Drawn | { sample: Drawn }>('/samples', { period: v.month.format('YYYY-MM'), rate: Number((v.rate / 100).toFixed(4)), seed: v.seed });
      setDrawn('sample' in r ? r.sample : r);
      reload();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  const open = async (id: number) => {
    try { setDrawn(await api.get<Drawn>(`/samples/${id}`)); }
    catch (e) { message.error(errorText(e, lang)); }
  };

  return (
    <Card title={t('web.samples.title')} data-testid="samples-panel">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {canDraw ? (
          <Form form={form} layout="inline" onFinish={draw} initialValues={{ rate: 5, seed: String(Date.now() % 100000) }} data-testid="sample-form">
            <Form.Item name="month" label={t('web.samples.month')} rules={[{ required: true, message: t('web.required') }]}>
              <DatePicker picker="month" data-testid="sample-month" />
            </Form.Item>
            <Form.Item name="rate" label={t('web.samples.rate')} rules={[{ required: true, message: t('web.required') }]}>
              <InputNumber min={0.1} max={100} step={1} suffix="%" style={{ width: 110 }} data-testid="sample-rate" />
            </Form.Item>
            <Form.Item name="seed" label={t('web.samples.seed')} rules={[{ required: true, message: t('web.required') }]}>
              <Input style={{ width: 140 }} data-testid="sample-seed" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="sample-draw">{t('web.samples.draw')}</Button>
          </Form>
        ) : null}
        {drawn ? (
          <Card size="small" type="inner" data-testid="sample-drawn"
            title={t('web.samples.drawn', { id: drawn.draw_id, period: drawn.period, n: drawn.items?.length ?? drawn.sampled ?? 0 })}>
            <Table size="small" rowKey="fixmedins_code" dataSource={drawn.per_institution ?? []} pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: t('web.col.institution'), dataIndex: 'fixmedins_code' },
                { title: t('web.samples.settlements'), dataIndex: 'settlements', align: 'right', render: (n?: number) => n ?? '—' },
                { title: t('web.samples.sampled'), dataIndex: 'sampled', align: 'right' },
              ]} />
            <Typography.Text type="secondary">{(drawn.items ?? []).slice(0, 20).map((i) => i.setl_id).join(', ')}{(drawn.items?.length ?? 0) > 20 ? ' …' : ''}</Typography.Text>
          </Card>
        ) : null}
        {error ? <DataState error={error} onRetry={reload} testId="samples-error" /> : (
          <Table<Draw> size="small" rowKey="draw_id" loading={loading} dataSource={samples} data-testid="samples-table"
            onRow={(d) => ({ onClick: () => open(d.draw_id), style: { cursor: 'pointer' }, 'data-testid': `sample-row-${d.draw_id}` } as object)}
            pagination={{ pageSize: 10, hideOnSinglePage: true }} locale={{ emptyText: t('web.no_data') }}
            columns={[
              { title: '#', dataIndex: 'draw_id', width: 60 },
              { title: t('web.samples.month'), dataIndex: 'period' },
              { title: t('web.samples.rate'), dataIndex: 'rate', align: 'right', render: (r: number | string) => `${(Number(r) * 100).toFixed(2)}%` },
              { title: t('web.samples.seed'), dataIndex: 'seed' },
              { title: t('web.samples.settlements'), dataIndex: 'settlements', align: 'right' },
              { title: t('web.samples.sampled'), dataIndex: 'sampled', align: 'right' },
              { title: t('web.runs.by'), render: (_, d) => `${d.created_by ?? ''} ${d.created_at?.slice(0, 16).replace('T', ' ') ?? ''}` },
            ]} />
        )}
      </Space>
    </Card>
  );
}
