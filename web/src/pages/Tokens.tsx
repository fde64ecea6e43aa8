/** 接口令牌 [/tokens] (admin): the HIS tokens; a new token's secret is shown once. */
import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../api';
import { useApi, validated } from '../hooks';
import { errorText, useI18n } from '../i18n';
import DataState from '../components/DataState';

interface Token { id: string | number; fixmedins_code: string; label: string; created_at: string; last_used_at: string | null; revoked_at: string | null }
const ts = (v: string | null) => (v ? v.slice(0, 19).replace('T', ' ') : '—');

export default function TokensPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useApi<{ tokens: Token[] }>('/tokens');
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<{ fixmedins_code: string; label: string }>();

  const create = async () => {
    const v = await validated(form);
    if (!v) return;
    setBusy(true);
    try {
      const r = await api.post<{ id: string | number; token: string }>('/tokens', { fixmedins_code: v.fixmedins_code.trim(), label: v.label.trim() });
      setCreating(false);
      setSecret(r.token);
      reload();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (tk: Token) => {
    try { await api.del(`/tokens/${encodeURIComponent(String(tk.id))}`); message.success(t('web.tokens.revoked')); reload(); }
    catch (e) { message.error(errorText(e, lang)); }
  };
  const copy = async () => {
    if (!secret) return;
    try { await navigator.clipboard.writeText(secret); message.success(t('web.tokens.copied')); }
    catch { message.warning(t('web.tokens.copy_failed')); }
  };

  return (
    <Card title={t('web.menu.tokens')} data-testid="tokens-page"
      extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setCreating(true); }} data-testid="token-create">{t('web.tokens.create')}</Button>}>
      {error ? <DataState error={error} onRetry={reload} testId="tokens-error" /> : (
        <Table<Token> size="middle" rowKey={(r) => String(r.id)} loading={loading} dataSource={data?.tokens ?? []} data-testid="tokens-table"
          pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: t('web.no_data') }}
          onRow={(r) => ({ 'data-testid': `token-row-${r.id}` } as object)}
          columns={[
            { title: 'ID', dataIndex: 'id', width: 80 },
            { title: t('web.portal.code'), dataIndex: 'fixmedins_code' },
            { title: t('web.tokens.label'), dataIndex: 'label' },
            { title: t('web.tokens.created'), dataIndex: 'created_at', render: ts },
            { title: t('web.tokens.last_used'), dataIndex: 'last_used_at', render: ts },
            { title: t('web.col.status'), dataIndex: 'revoked_at', render: (v: string | null) => (v ? <Tag>{t('web.tokens.revoked_at', { at: ts(v) })}</Tag> : <Tag color="green">{t('web.tokens.active')}</Tag>) },
            { title: '', width: 100, render: (_, r) => (r.revoked_at ? null : (
              <Popconfirm title={t('web.tokens.revoke_confirm', { label: r.label })} onConfirm={() => revoke(r)} okText={t('web.confirm')} cancelText={t('web.cancel')}
                okButtonProps={{ danger: true, 'data-testid': 'token-revoke-confirm' }}>
                <Button danger size="small" data-testid={`token-revoke-${r.id}`}>{t('web.tokens.revoke')}</Button>
              </Popconfirm>)) },
          ]} />
      )}
      <Modal open={creating} title={t('web.tokens.create')} onCancel={() => setCreating(false)} onOk={create} confirmLoading={busy} destroyOnHidden
        okText={t('web.confirm')} okButtonProps={{ 'data-testid': 'token-create-submit' }}>
        <Form form={form} layout="vertical">
          <Form.Item name="fixmedins_code" label={t('web.portal.code')} rules={[{ required: true, whitespace: true, message: t('web.required') }]}>
            <Input placeholder="H33990200013" data-testid="token-institution" />
          </Form.Item>
          <Form.Item name="label" label={t('web.tokens.label')} rules={[{ required: true, whitespace: true, message: t('web.required') }]}>
            <Input maxLength={100} data-testid="token-label" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={secret !== null} title={t('web.tokens.secret_title')} closable={false} maskClosable={false} data-testid="token-secret-modal"
        footer={<Button type="primary" onClick={() => setSecret(null)} data-testid="token-secret-close">{t('web.tokens.secret_saved')}</Button>}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="warning">{t('web.tokens.secret_once')}</Typography.Text>
          <Space.Compact style={{ width: '100%' }}>
            <Input readOnly value={secret ?? ''} data-testid="token-secret" style={{ fontFamily: 'monospace' }} />
            <Button icon={<CopyOutlined />} onClick={copy} data-testid="token-copy">{t('web.tokens.copy')}</Button>
          </Space.Compact>
        </Space>
      </Modal>
    </Card>
  );
}
