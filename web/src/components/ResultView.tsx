/** Shows a job's result of a shape the page does not know in detail: scalars as a list, arrays of records as tables. */
import { Descriptions, Space, Table, Typography } from 'antd';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const cell = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export default function ResultView({ value, testId = 'result-view' }: { value: unknown; testId?: string }) {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    if (value.every(isRec)) {
      const keys = [...new Set(value.flatMap((r) => Object.keys(r)))];
      return <Table size="small" data-testid={testId} rowKey={(_, i) => String(i)} dataSource={value as Rec[]} pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }} columns={keys.map((k) => ({ title: k, dataIndex: k, render: cell }))} />;
    }
    return <Typography.Text code data-testid={testId}>{value.map(cell).join(', ')}</Typography.Text>;
  }
  if (!isRec(value)) return <Typography.Text data-testid={testId}>{cell(value)}</Typography.Text>;
  const scalars = Object.entries(value).filter(([, v]) => !Array.isArray(v) && !isRec(v));
  const nested = Object.entries(value).filter(([, v]) => Array.isArray(v) || isRec(v));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={testId}>
      {scalars.length ? <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} items={scalars.map(([k, v]) => ({ key: k, label: k, children: cell(v) }))} /> : null}
      {nested.map(([k, v]) => (
        <div key={k}>
          <Typography.Text strong>{k}</Typography.Text>
          {isRec(v) && Object.values(v).every((x) => !isRec(x) && !Array.isArray(x))
            ? <Descriptions size="small" column={{ xs: 1, md: 3 }} items={Object.entries(v).map(([a, b]) => ({ key: a, label: a, children: cell(b) }))} />
            : <ResultView value={v} testId={`${testId}-${k}`} />}
        </div>
      ))}
    </Space>
  );
}
