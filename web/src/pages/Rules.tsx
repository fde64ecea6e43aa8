/** 规则管理 [/rules]: the rule set, with enabling/disabling for those who may publish. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Card, Input, Space, Switch, Table, Tag, Typography } from 'antd';
import { api } from '../api';
import { useAuth } from '../auth';
import { useApi } from '../hooks';
import { errorText, useI18n } from '../i18n';
import { label } from '../format';
import { loadRules, type Rule } from '../rules';
import DataState from '../components/DataState';
import { SeverityTag } from '../components/StatusTag';

export default function RulesPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const { data, error, loading, reload } = useApi<{ ruleset_version: number | string; rules: Rule[] }>('/rules');
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const canPublish = user?.role === 'supervisor' || user?.role === 'admin';

  const toggle = async (r: Rule, enabled: boolean) => {
    setBusy(r.rule_id);
    try {
      await api.put(`/rules/${encodeURIComponent(r.rule_id)}`, { version: r.version, enabled, note: t(enabled ? 'web.rules.note_enable' : 'web.rules.note_disable') });
      message.success(t('web.rules.published'));
      void loadRules(true);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(null);
      reload();
    }
  };

  const rows = (data?.rules ?? []).filter((r) => !q || `${r.rule_id} ${r.name_zh} ${r.name_en}`.toLowerCase().includes(q.toLowerCase()));
  return (
    <Card data-testid="rules-page"
      title={<Space>{t('web.menu.rules')}{data ? <Tag data-testid="ruleset-version">{t('web.rules.ruleset_version', { v: data.ruleset_version })}</Tag> : null}</Space>}
      extra={<Input.Search allowClear placeholder={t('web.rules.search')} onSearch={setQ} onChange={(e) => setQ(e.target.value)} style={{ width: 240 }} data-testid="rules-search" />}>
      {error ? <DataState error={error} onRetry={reload} testId="rules-error" /> : (
        <Table<Rule> rowKey="rule_id" size="middle" loading={loading} dataSource={rows} data-testid="rules-table"
          pagination={{ pageSize: 50, hideOnSinglePage: true }} locale={{ emptyText: t('web.no_data') }}
          onRow={(r) => ({ 'data-testid': `rule-row-${r.rule_id}` } as object)}
          columns={[
            { title: t('web.rules.rule'), dataIndex: 'rule_id', render: (id: string, r) => (
              <Link to={`/rules/${encodeURIComponent(id)}`} data-testid={`rule-link-${id}`}>{(lang === 'zh' ? r.name_zh : r.name_en) || id}</Link>) },
            { title: t('web.rules.id'), dataIndex: 'rule_id', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
            { title: t('web.rules.category'), dataIndex: 'category', render: (c: string) => label(t, 'category', c) },
            { title: t('web.rules.scope'), dataIndex: 'scope', render: (c: string) => label(t, 'scope', c) },
            { title: t('web.col.severity'), dataIndex: 'severity', render: (s: string) => <SeverityTag severity={s} /> },
            { title: t('web.rules.enabled'), dataIndex: 'enabled', render: (en: boolean, r) => (
              <Switch checked={en} disabled={!canPublish} loading={busy === r.rule_id} onChange={(v) => toggle(r, v)} data-testid={`rule-enabled-${r.rule_id}`} />) },
            { title: t('web.rules.version'), dataIndex: 'version', align: 'right' },
            { title: t('web.rules.updated'), render: (_, r) => (r.updated_at ? `${r.updated_at.slice(0, 16).replace('T', ' ')} ${r.updated_by ?? ''}` : '—') },
          ]} />
      )}
    </Card>
  );
}
