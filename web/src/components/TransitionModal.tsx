/** One review action on one finding: reason, amount (partial deduction), attachments (appeal); sends the version seen. */
import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { validated } from '../hooks';
import { api, ApiError } from '../api';
import { errorText, useI18n } from '../i18n';
import { fmtMoney, label } from '../format';
import { TRANSITIONS, type ReviewAction } from '../review';
import type { Attachment, Finding } from '../types';

interface Props { finding: Finding; action: ReviewAction | null; onClose: () => void; onDone: () => void; onConflict: () => void }
interface Values { reason?: string; amount?: string | null }

export default function TransitionModal({ finding, action, onClose, onDone, onConflict }: Props) {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile<Attachment>[]>([]);
  const [busy, setBusy] = useState(false);
  const step = action ? TRANSITIONS[action] : null;

  const submit = async () => {
    if (!action || !step) return;
    const v = await validated(form);
    if (!v) return;
    if (files.some((f) => f.status === 'uploading')) { message.warning(t('web.review.wait_upload')); return; }
    const attachments = files.filter((f) => f.status === 'done' && f.response).map((f) => {
      const a = f.response as Attachment;
      return { id: a.id, name: a.name, size: a.size };
    });
    setBusy(true);
    try {
      await api.post(`/findings/${finding.run_id}/${finding.seq}/transition`, {
        action, version: finding.version, reason: v.reason?.trim() || undefined,
        amount: step.amount === 'given' && v.amount ? Number(v.amount).toFixed(2) : undefined,
        attachments: attachments.length ? attachments : undefined,
      });
      message.success(t('web.review.done', { action: label(t, 'action', action) }));
      setFiles([]);
      form.resetFields();
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        onClose();
        modal.warning({ title: t('web.review.conflict_title'), content: <span data-testid="conflict-message">{errorText(e, lang)}</span> });
        onConflict();
      } else {
        message.error(errorText(e, lang));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={action !== null} destroyOnHidden onCancel={onClose} onOk={submit} confirmLoading={busy} okText={t('web.confirm')}
      title={action ? t('web.review.modal_title', { action: label(t, 'action', action), seq: `${finding.run_id}/${finding.seq}` }) : ''}
      okButtonProps={{ danger: step?.danger, 'data-testid': 'transition-submit' }}>
      <Form form={form} layout="vertical" preserve={false} data-testid="transition-form">
        {step?.amount === 'full' ? <Typography.Paragraph>{t('web.review.amount_full', { amount: fmtMoney(finding.amount) })}</Typography.Paragraph> : null}
        {step?.amount === 'zero' ? <Typography.Paragraph>{t('web.review.amount_zero')}</Typography.Paragraph> : null}
        {step?.amount === 'given' ? (
          <Form.Item name="amount" label={t('web.review.amount', { max: fmtMoney(finding.amount) })}
            rules={[{ required: true, message: t('web.required') }, {
              validator: (_, x) => (x === null || x === undefined || (Number(x) > 0 && Number(x) <= Number(finding.amount))
                ? Promise.resolve() : Promise.reject(new Error(t('web.review.amount_range', { max: fmtMoney(finding.amount) })))),
            }]}>
            <InputNumber<string> stringMode min="0.01" max={finding.amount} precision={2} style={{ width: 200 }} data-testid="transition-amount" />
          </Form.Item>
        ) : null}
        <Form.Item name="reason" label={t('web.review.reason')}
          rules={step?.reason ? [{ required: true, whitespace: true, min: 2, message: t('web.review.reason_required') }] : []}>
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="transition-reason" />
        </Form.Item>
        {step?.attachments ? (
          <Form.Item label={t('web.review.attachments')} extra={t('web.review.attachments_hint')}>
            <Upload<Attachment> multiple fileList={files} onChange={(i) => setFiles(i.fileList)} data-testid="transition-upload"
              accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.zip"
              customRequest={async (opt) => {
                try {
                  const r = await api.upload<Attachment>('/attachments', [opt.file as File]);
                  opt.onSuccess?.(r);
                } catch (e) {
                  message.error(errorText(e, lang));
                  opt.onError?.(e as Error);
                }
              }}>
              <Button icon={<UploadOutlined />} data-testid="transition-upload-button">{t('web.review.choose_files')}</Button>
            </Upload>
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
