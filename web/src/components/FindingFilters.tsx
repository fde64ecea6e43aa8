/** The findings filters; their values live in the page's URL query (so a link or a reload keeps them). */
import { useEffect } from 'react';
import { Button, DatePicker, Form, Input, InputNumber, Select, Space, Tag } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../i18n';
import { label, SEVERITIES, STATUSES } from '../format';
import RuleSelect from './RuleSelect';

export const FILTER_KEYS = ['run_id', 'from', 'to', 'institution', 'rule_id', 'severity', 'status', 'min_amount', 'max_amount'] as const;
export type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

interface FormValues {
  period?: [Dayjs | null, Dayjs | null] | null;
  institution?: string;
  rule_id?: string;
  severity?: string;
  status?: string;
  min_amount?: string | null;
  max_amount?: string | null;
}

export function filtersOf(params: URLSearchParams): Filters {
  const f: Filters = {};
  for (const k of FILTER_KEYS) { const v = params.get(k); if (v) f[k] = v; }
  return f;
}

interface Props { value: Filters; onChange: (f: Filters) => void; institutionUser: boolean; bureau: boolean }

export default function FindingFilters({ value, onChange, institutionUser, bureau }: Props) {
  const t = useT();
  const [form] = Form.useForm<FormValues>();
  const key = JSON.stringify(value);
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue({
      period: value.from || value.to ? [value.from ? dayjs(value.from) : null, value.to ? dayjs(value.to) : null] : null,
      institution: value.institution, rule_id: value.rule_id, severity: value.severity, status: value.status,
      min_amount: value.min_amount ?? null, max_amount: value.max_amount ?? null,
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const submit = (v: FormValues) => {
    const money = (x: string | number | null | undefined) => (x === null || x === undefined || x === '' ? undefined : Number(x).toFixed(2));
    onChange({
      run_id: value.run_id,
      from: v.period?.[0]?.format('YYYY-MM-DD'), to: v.period?.[1]?.format('YYYY-MM-DD'),
      institution: institutionUser ? undefined : v.institution?.trim() || undefined,
      rule_id: v.rule_id || undefined, severity: v.severity || undefined, status: v.status || undefined,
      min_amount: money(v.min_amount), max_amount: money(v.max_amount),
    });
  };

  return (
    <Form form={form} layout="inline" onFinish={submit} data-testid="findings-filters" style={{ rowGap: 12 }}>
      {value.run_id ? (
        <Form.Item label={t('web.filter.run')}>
          <Tag closable data-testid="filter-run-tag" onClose={() => onChange({ ...value, run_id: undefined })}>#{value.run_id}</Tag>
        </Form.Item>
      ) : null}
      <Form.Item name="period" label={t('web.filter.period')}>
        <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="filter-period" />
      </Form.Item>
      {institutionUser ? null : (
        <Form.Item name="institution" label={t('web.filter.institution')}>
          <Input allowClear placeholder={t('web.filter.institution_ph')} style={{ width: 170 }} data-testid="filter-institution" />
        </Form.Item>
      )}
      <Form.Item name="rule_id" label={t('web.filter.rule')}>
        <RuleSelect enabled={bureau} />
      </Form.Item>
      <Form.Item name="severity" label={t('web.filter.severity')}>
        <Select allowClear style={{ width: 120 }} data-testid="filter-severity" placeholder={t('web.all')}
          options={SEVERITIES.map((s) => ({ value: s, label: label(t, 'severity', s) }))} />
      </Form.Item>
      <Form.Item name="status" label={t('web.filter.status')}>
        <Select allowClear style={{ width: 130 }} data-testid="filter-status" placeholder={t('web.all')}
          options={STATUSES.map((s) => ({ value: s, label: label(t, 'status', s) }))} />
      </Form.Item>
      <Form.Item label={t('web.filter.amount')}>
        <Space.Compact>
          <Form.Item name="min_amount" noStyle>
            <InputNumber<string> stringMode min="0" precision={2} placeholder={t('web.filter.min')} style={{ width: 110 }} data-testid="filter-min-amount" />
          </Form.Item>
          <Form.Item name="max_amount" noStyle>
            <InputNumber<string> stringMode min="0" precision={2} placeholder={t('web.filter.max')} style={{ width: 110 }} data-testid="filter-max-amount" />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="filter-submit">{t('web.search')}</Button>
          <Button icon={<ReloadOutlined />} data-testid="filter-reset" onClick={() => onChange({})}>{t('web.reset')}</Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
