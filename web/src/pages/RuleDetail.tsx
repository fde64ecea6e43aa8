/** Rule detail [/rules/:rule_id]: parameters (form from its schema), what-if, publish, versions and diff. */
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { App, Button, Card, Col, Descriptions, Form, Input, Row, Select, Space, Switch, Typography } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../api';
import { useAuth } from '../auth';
import { useApi } from '../hooks';
import { errorText, useI18n } from '../i18n';
import { label, SEVERITIES } from '../format';
import { loadRules, type Rule } from '../rules';
import DataState from '../components/DataState';
import ParamForm, { fromFormValues, toFormValues } from '../components/ParamForm';
import RuleVersions, { type RuleVersion } from '../components/RuleVersions';
import WhatIf from '../components/WhatIf';

type RuleFull = Rule & { versions?: RuleVersion[] };
interface Values { enabled: boolean; severity: string; note?: string; params: Record<string, unknown> }

export default function RuleDetailPage() {
  const { ruleId = '' } = useParams();
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useApi<RuleFull | { rule: RuleFull }>(`/rules/${encodeURIComponent(ruleId)}`);
  const rule: RuleFull | null = data ? ('rule' in data && data.rule ? data.rule : (data as RuleFull)) : null;
  const [form] = Form.useForm<Values>();
  const canPublish = user?.role === 'supervisor' || user?.role === 'admin';

  useEffect(() => {
    if (!rule) return;
    form.setFieldsValue({ enabled: rule.enabled, severity: rule.severity, note: '', params: toFormValues(rule.param_schema, rule.params) });
  }, [rule?.rule_id, rule?.version]); // eslint-disable-line react-hooks/exhaustive-deps

  /** The draft as the API takes it, or null when the form has errors. */
  const draft = async (): Promise<Record<string, unknown> | null> => {
    if (!rule) return null;
    try {
      const v = await form.validateFields();
      return { rule_id: rule.rule_id, enabled: v.enabled, severity: v.severity, params: fromFormValues(rule.param_schema, v.params ?? {}) };
    } catch {
      return null;
    }
  };

  const publish = async () => {
    const d = await draft();
    if (!d || !rule) return;
    const note = (form.getFieldValue('note') as string | undefined)?.trim();
    if (!note) { form.setFields([{ name: 'note', errors: [t('web.rules.note_required')] }]); return; }
    try {
      await api.put(`/rules/${encodeURIComponent(rule.rule_id)}`, { version: rule.version, enabled: d.enabled, severity: d.severity, params: d.params, note });
      message.success(t('web.rules.published'));
      void loadRules(true);
      reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        modal.warning({ title: t('web.rules.conflict_title'), content: <span data-testid="rule-conflict">{errorText(e, lang)}</span> });
        reload();
      } else if (e instanceof ApiError && e.status === 400 && e.field) {
        const f = e.field.replace(/^params\./, '');
        const name = f in (rule.param_schema?.properties ?? {}) ? ['params', f] : [e.field];
        form.setFields([{ name, errors: [errorText(e, lang)] }]);
        message.error(errorText(e, lang));
      } else {
        message.error(errorText(e, lang));
      }
    }
  };

  const back = <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/rules')} data-testid="rule-back">{t('web.back')}</Button>;
  if (error || !rule) return <Space orientation="vertical" style={{ width: '100%' }}>{back}<Card><DataState loading={loading} error={error} onRetry={reload} testId="rule-error" /></Card></Space>;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="rule-detail" data-version={rule.version}>
      <Space>{back}<Typography.Title level={4} style={{ margin: 0 }}>{(lang === 'zh' ? rule.name_zh : rule.name_en) || rule.rule_id}</Typography.Title>
        <Typography.Text code>{rule.rule_id}</Typography.Text></Space>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={[
          { key: 'v', label: t('web.rules.version'), children: <span data-testid="rule-version">{rule.version}</span> },
          { key: 'cat', label: t('web.rules.category'), children: label(t, 'category', rule.category) },
          { key: 'scope', label: t('web.rules.scope'), children: label(t, 'scope', rule.scope) },
          { key: 'basis', label: t('web.detail.basis'), span: 3, children: rule.basis ?? '—' },
          { key: 'amount', label: t('web.rules.amount_rule'), span: 3, children: rule.amount_zh ?? '—' },
          { key: 'updated', label: t('web.rules.updated'), children: `${rule.updated_at?.slice(0, 19).replace('T', ' ') ?? '—'} ${rule.updated_by ?? ''}` },
        ]} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('web.rules.edit')} data-testid="rule-form-card"
            extra={canPublish ? <Button type="primary" icon={<CloudUploadOutlined />} onClick={publish} data-testid="rule-publish">{t('web.rules.publish')}</Button> : null}>
            <Form form={form} layout="vertical" data-testid="rule-form">
              <Space size="large">
                <Form.Item name="enabled" label={t('web.rules.enabled')} valuePropName="checked"><Switch data-testid="rule-form-enabled" /></Form.Item>
                <Form.Item name="severity" label={t('web.col.severity')}>
                  <Select style={{ width: 160 }} data-testid="rule-form-severity" options={SEVERITIES.map((s) => ({ value: s, label: label(t, 'severity', s) }))} />
                </Form.Item>
              </Space>
              <Typography.Title level={5}>{t('web.rules.params')}</Typography.Title>
              <ParamForm schema={rule.param_schema} prefix="params" />
              {canPublish ? (
                <Form.Item name="note" label={t('web.rules.note')}>
                  <Input.TextArea rows={2} maxLength={500} placeholder={t('web.rules.note_ph')} data-testid="rule-form-note" />
                </Form.Item>
              ) : null}
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('web.whatif.title')}>
            <Typography.Paragraph type="secondary">{t('web.whatif.hint')}</Typography.Paragraph>
            {user?.role === 'institution' ? null : <WhatIf draft={draft} />}
          </Card>
        </Col>
      </Row>
      <RuleVersions ruleId={rule.rule_id} versions={rule.versions ?? []} />
    </Space>
  );
}
