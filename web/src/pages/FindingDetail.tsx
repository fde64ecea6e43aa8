/** Finding detail [/findings/:run_id/:seq]: what, why, evidence, person, history, and the review actions. */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Col, Descriptions, Row, Space, Typography } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import { useApi } from '../hooks';
import { useI18n } from '../i18n';
import { label } from '../format';
import { actionsFor, TRANSITIONS, type ReviewAction } from '../review';
import { ruleName, useRuleMap } from '../rules';
import type { FindingDetail } from '../types';
import DataState from '../components/DataState';
import MoneyText from '../components/MoneyText';
import { SeverityTag, StatusTag } from '../components/StatusTag';
import TransitionModal from '../components/TransitionModal';
import PersonCard from '../components/PersonCard';
import FindingHistory from '../components/FindingHistory';
import { EvidenceJson, FeeLines, RelatedVisits, VisitCard } from '../components/FindingEvidence';

export default function FindingDetailPage() {
  const { runId, seq } = useParams();
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const valid = /^\d+$/.test(runId ?? '') && /^\d+$/.test(seq ?? '');
  const { data, error, loading, reload } = useApi<FindingDetail>(valid ? `/findings/${runId}/${seq}` : null);
  const rules = useRuleMap(!!user);
  const [action, setAction] = useState<ReviewAction | null>(null);
  if (!user) return null;

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/findings'))} data-testid="detail-back">
      {t('web.back')}
    </Button>
  );
  if (!valid || error || (!data && !loading)) {
    return <Space orientation="vertical" style={{ width: '100%' }}>{back}<Card><DataState error={error ?? new Error(t('web.not_found'))} onRetry={reload} testId="detail-error" /></Card></Space>;
  }
  if (!data) return <DataState loading />;
  const f = data.finding;
  const actions = actionsFor(user.role, f.status);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="finding-detail" data-status={f.status} data-version={f.version}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space>{back}<Typography.Title level={4} style={{ margin: 0 }}>{t('web.detail.title', { run: f.run_id, seq: f.seq })}</Typography.Title></Space>
        <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} data-testid="detail-reload">{t('web.refresh')}</Button>
      </Space>
      <Card data-testid="finding-summary"
        title={<Space><span>{ruleName(rules, f.rule_id, lang)}</span><SeverityTag severity={f.severity} /><StatusTag status={f.status} overdue={f.overdue} /></Space>}
        extra={<Space wrap data-testid="detail-actions">
          {actions.length ? actions.map((a) => (
            <Button key={a} type={TRANSITIONS[a].danger ? 'default' : 'primary'} danger={TRANSITIONS[a].danger} onClick={() => setAction(a)} data-testid={`action-${a}`}>
              {label(t, 'action', a)}
            </Button>
          )) : <Typography.Text type="secondary">{t('web.detail.no_actions')}</Typography.Text>}
        </Space>}>
        <Typography.Paragraph style={{ fontSize: 15 }} data-testid="finding-message">{f.message}</Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered items={[
          { key: 'rule', label: t('web.col.rule'), children: `${ruleName(rules, f.rule_id, lang)} (${f.rule_id} v${f.rule_version})` },
          { key: 'amount', label: t('web.col.amount'), children: <span data-testid="finding-amount"><MoneyText value={f.amount} strong /></span> },
          { key: 'deducted', label: t('web.detail.deducted'), children: <MoneyText value={f.deducted_amount} /> },
          { key: 'inst', label: t('web.col.institution'), children: `${f.fixmedins_name ?? ''} (${f.fixmedins_code})` },
          { key: 'occurred', label: t('web.col.occurred_at'), children: f.occurred_at },
          { key: 'due', label: t('web.col.due_at'), children: <span style={f.overdue ? { color: '#cf1322' } : undefined}>{f.due_at ?? '—'}</span> },
          { key: 'setl', label: t('web.detail.setl_id'), children: f.setl_id ?? '—' },
          { key: 'mdtrt', label: t('web.visit.mdtrt_id'), children: f.mdtrt_id ?? '—' },
          { key: 'version', label: t('web.detail.version'), children: f.version },
          { key: 'kref', label: t('web.detail.knowledge_ref'), span: 3, children: <span data-testid="finding-knowledge-ref">{f.knowledge_ref ?? '—'}</span> },
          { key: 'basis', label: t('web.detail.basis'), span: 3, children: <span data-testid="finding-basis">{f.basis ?? '—'}</span> },
        ]} />
      </Card>
      {data.lines.length ? <FeeLines lines={data.lines} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <VisitCard visit={data.visit} />
            <EvidenceJson finding={f} />
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <PersonCard psnNo={f.psn_no} person={data.person} canReveal={user.role === 'auditor' || user.role === 'supervisor'} />
            <RelatedVisits visits={data.related_visits} current={f.mdtrt_id} />
          </Space>
        </Col>
      </Row>
      <FindingHistory history={data.history} />
      <TransitionModal finding={f} action={action} onClose={() => setAction(null)}
        onDone={() => { setAction(null); reload(); }} onConflict={() => { setAction(null); reload(); }} />
    </Space>
  );
}
