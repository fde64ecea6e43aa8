/** The person of a finding, masked; 「查看完整信息」 (auditor, supervisor) asks a reason and shows the unmasked data. */
import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Modal, Tag } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { validated } from '../hooks';
import { api } from '../api';
import { errorText, useI18n } from '../i18n';
import type { Person } from '../types';

export default function PersonCard({ psnNo, person, canReveal }: { psnNo: string; person: Person | null; canReveal: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [revealed, setRevealed] = useState<Person | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  if (!psnNo) return null;
  const shown = revealed ? { ...person, ...revealed } : person;

  const reveal = async () => {
    const v = await validated(form);
    if (!v) return;
    setBusy(true);
    try {
      const r = await api.post<{ person: Person }>(`/persons/${encodeURIComponent(psnNo)}/reveal`, { reason: v.reason.trim() });
      setRevealed(r.person);
      setOpen(false);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  const gender = shown?.gend === '1' ? t('web.person.male') : shown?.gend === '2' ? t('web.person.female') : shown?.gend ?? '—';
  return (
    <Card size="small" title={t('web.person.title')} data-testid="person-card"
      extra={revealed ? <Tag color="red" data-testid="person-revealed">{t('web.person.revealed')}</Tag>
        : canReveal ? <Button size="small" icon={<EyeOutlined />} onClick={() => { form.resetFields(); setOpen(true); }} data-testid="reveal-button">{t('web.person.reveal')}</Button> : null}>
      <Descriptions size="small" column={1} items={[
        { key: 'psn_no', label: t('web.person.psn_no'), children: psnNo },
        { key: 'name', label: t('web.person.name'), children: <span data-testid="person-name">{shown?.psn_name ?? '—'}</span> },
        { key: 'certno', label: t('web.person.certno'), children: <span data-testid="person-certno">{shown?.certno ?? '—'}</span> },
        { key: 'tel', label: t('web.person.tel'), children: shown?.tel ?? '—' },
        { key: 'gend', label: t('web.person.gender'), children: gender },
        { key: 'brdy', label: t('web.person.birthday'), children: shown?.brdy ?? '—' },
      ]} />
      <Modal open={open} title={t('web.person.reveal_title')} onCancel={() => setOpen(false)} onOk={reveal} confirmLoading={busy}
        okText={t('web.confirm')} destroyOnHidden okButtonProps={{ 'data-testid': 'reveal-submit' }}>
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('web.person.reveal_reason')} extra={t('web.person.reveal_logged')}
            rules={[{ required: true, whitespace: true, min: 4, message: t('web.person.reveal_min') }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="reveal-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
