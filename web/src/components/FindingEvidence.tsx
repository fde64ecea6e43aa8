/** A finding's evidence: the fee lines, the visit, and the person's other visits on a timeline. */
import { Card, Collapse, Descriptions, Table, Tag, Timeline, Typography } from 'antd';
import { useT } from '../i18n';
import { fmtNum } from '../format';
import type { FeeLine, Finding, Visit } from '../types';
import MoneyText from './MoneyText';

const num = (v: unknown) => (v === null || v === undefined ? '—' : fmtNum(String(v), 2));

export function FeeLines({ lines }: { lines: FeeLine[] }) {
  const t = useT();
  return (
    <Card size="small" title={t('web.detail.lines', { n: lines.length })} data-testid="evidence-lines">
      <Table<FeeLine> size="small" rowKey={(r) => String(r.bkkp_sn)} dataSource={lines} pagination={lines.length > 20 ? { pageSize: 20 } : false}
        scroll={{ x: 1100 }} locale={{ emptyText: t('web.no_data') }}
        columns={[
          { title: t('web.line.bkkp_sn'), dataIndex: 'bkkp_sn', width: 180 },
          { title: t('web.line.time'), dataIndex: 'fee_ocur_time', width: 150 },
          { title: t('web.line.code'), dataIndex: 'hilist_code', width: 160 },
          { title: t('web.line.name'), dataIndex: 'hilist_name', width: 200, ellipsis: true },
          { title: t('web.line.cnt'), dataIndex: 'cnt', align: 'right', width: 80, render: num },
          { title: t('web.line.price'), dataIndex: 'pric', align: 'right', width: 100, render: (v) => <MoneyText value={v as string} /> },
          { title: t('web.line.total'), dataIndex: 'det_item_fee_sumamt', align: 'right', width: 110, render: (v) => <MoneyText value={v as string} /> },
          { title: t('web.line.ownpay'), dataIndex: 'fulamt_ownpay_amt', align: 'right', width: 100, render: (v) => <MoneyText value={v as string} /> },
          { title: t('web.line.dept'), dataIndex: 'bilg_dept_name', width: 100 },
          { title: t('web.line.doctor'), dataIndex: 'bilg_dr_name', width: 90 },
        ]} />
    </Card>
  );
}

export function VisitCard({ visit }: { visit: Visit | null }) {
  const t = useT();
  if (!visit) return null;
  return (
    <Card size="small" title={t('web.detail.visit')} data-testid="evidence-visit">
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={[
        { key: 'id', label: t('web.visit.mdtrt_id'), children: visit.mdtrt_id },
        { key: 'type', label: t('web.visit.med_type'), children: visit.med_type ?? '—' },
        { key: 'inst', label: t('web.col.institution'), children: visit.fixmedins_name ?? visit.fixmedins_code },
        { key: 'begin', label: t('web.visit.begin'), children: visit.begntime ?? '—' },
        { key: 'end', label: t('web.visit.end'), children: visit.endtime ?? '—' },
        { key: 'days', label: t('web.visit.days'), children: num(visit.ipt_days) },
        { key: 'dept', label: t('web.visit.dept'), children: visit.adm_dept_name ?? '—' },
        { key: 'diag', label: t('web.visit.diag'), children: visit.dscg_maindiag_code ? `${visit.dscg_maindiag_code} ${visit.dscg_maindiag_name ?? ''}` : '—' },
      ]} />
    </Card>
  );
}

export function RelatedVisits({ visits, current }: { visits: Visit[]; current: string | null }) {
  const t = useT();
  return (
    <Card size="small" title={t('web.detail.related', { n: visits.length })} data-testid="related-visits">
      {visits.length ? (
        <Timeline items={visits.map((v) => ({
          key: v.mdtrt_id,
          color: v.mdtrt_id === current ? 'red' : 'blue',
          title: <span style={{ whiteSpace: 'nowrap' }}>{v.begntime?.slice(0, 16) ?? '—'}</span>,
          content: (
            <div data-testid={`related-visit-${v.mdtrt_id}`}>
              <Typography.Text strong>{v.fixmedins_name ?? v.fixmedins_code}</Typography.Text>
              {v.mdtrt_id === current ? <Tag color="red" style={{ marginLeft: 8 }}>{t('web.detail.this_visit')}</Tag> : null}
              <div><Typography.Text type="secondary">
                {t('web.visit.med_type')} {v.med_type ?? '—'} · {v.begntime ?? '—'} → {v.endtime ?? '—'} · {v.dscg_maindiag_code ?? ''}
              </Typography.Text></div>
            </div>
          ),
        }))} />
      ) : <Typography.Text type="secondary">{t('web.no_data')}</Typography.Text>}
    </Card>
  );
}

export function EvidenceJson({ finding }: { finding: Finding }) {
  const t = useT();
  if (!finding.evidence) return null;
  return (
    <Collapse size="small" data-testid="evidence-json" items={[{ key: 'e', label: t('web.detail.evidence_raw'),
      children: <pre style={{ margin: 0, maxHeight: 360, overflow: 'auto', fontSize: 12 }}>{JSON.stringify(finding.evidence, null, 2)}</pre> }]} />
  );
}
