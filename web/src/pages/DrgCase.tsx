/** 分组说明 [/drg/cases/:setlId]: why a case gets its DRG: the record, the MDC/ADRG/DRG path with the list that matched, CC/MCC counted and excluded. */
import { useParams } from 'react-router-dom';
import { Card, Collapse, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useApi } from '../hooks';
import { useI18n } from '../i18n';
import DataState from '../components/DataState';
import MoneyText from '../components/MoneyText';
import { fenToYuan } from '../format';

interface Text { zh: string; en: string }
interface Match { list: string; code: string; position: number; label?: string }
interface Cond { kind: string; holds: boolean; text: Text; matches: Match[]; inner?: Cond }
interface DrgTrace { code: string; name: string; holds: boolean; conditions: Cond[] }
interface AdrgTrace { code: string; holds: boolean; conditions: Cond[]; drgs?: DrgTrace[] }
interface MdcTrace { code: string; entered: boolean; conditions: Cond[]; adrgs: AdrgTrace[] }
interface Complication { code: string; position: number; level: 'MCC' | 'CC'; exclusion_group: string }
interface Explained {
  settlement: { setl_id: string; mdtrt_id: string | null; fixmedins_code: string | null; dscg_date: string | null; medfee_fen: string; fund_paid_fen: string; los_days: number };
  record: { sex: string | null; age_years: number | null; age_days: number | null; birth_weight_g: number | null; diagnoses: string[]; procedures: string[] };
  scheme: { set_id: number; version: string };
  stored: { run_id: number; status: string; drg: string; scheme_version: string } | null;
  explanation: { result: { status: string; drg: string; adrg: string | null; mdc: string | null }; drg_name: string | null; message: Text;
    mdcs: MdcTrace[]; complications: { main_exclusion_group: string | null; counted: Complication[]; excluded: Complication[] } };
}

const fenYuan = fenToYuan;

export default function DrgCasePage() {
  const { setlId = '' } = useParams();
  const { t, lang } = useI18n();
  const { data, error, loading, reload } = useApi<Explained>(`/drg/cases/${encodeURIComponent(setlId)}`);
  const txt = (x: Text) => (lang === 'zh' ? x.zh : x.en);
  const cond = (c: Cond, i: number) => (
    <li key={i}>
      <Tag color={c.holds ? 'green' : 'default'}>{c.holds ? t('web.drg.case.holds') : t('web.drg.case.fails')}</Tag>{txt(c.text)}
      {c.matches.length ? <Typography.Text type="secondary">（{c.matches.map((m) => t('web.drg.case.matched', { list: m.list, code: m.code })).join('；')}）</Typography.Text> : null}
    </li>);
  if (error || !data) return <Card title={t('web.drg.case_title', { setl_id: setlId })}><DataState loading={loading} error={error} onRetry={reload} /></Card>;
  const e = data.explanation;
  const comp = (rows: Complication[], testId: string) => (
    <Table<Complication> size="small" rowKey="code" pagination={false} dataSource={rows} data-testid={testId}
      columns={[{ title: 'ICD-10', dataIndex: 'code' }, { title: 'MCC/CC', dataIndex: 'level' }, { title: '#', dataIndex: 'position' },
        { title: 'group', dataIndex: 'exclusion_group' }]} />);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="drg-case-page">
      <Card title={t('web.drg.case_title', { setl_id: setlId })}>
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label={t('web.drg.case.result')} span={3}>
            <span data-testid="drg-case-drg"><Typography.Text strong>{e.result.drg}</Typography.Text> {e.drg_name ?? ''}</span>
            <Typography.Paragraph style={{ margin: '4px 0 0' }} data-testid="drg-case-message">{txt(e.message)}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label="MDC / ADRG">{e.result.mdc ?? '—'} / {e.result.adrg ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('web.drg.col.institution')}>{data.settlement.fixmedins_code}</Descriptions.Item>
          <Descriptions.Item label={t('web.drg.col.dscg_date')}>{data.settlement.dscg_date}</Descriptions.Item>
          <Descriptions.Item label={t('web.drg.col.cost')}><MoneyText value={fenYuan(data.settlement.medfee_fen)} /></Descriptions.Item>
          <Descriptions.Item label={t('web.drg.col.fund')}><MoneyText value={fenYuan(data.settlement.fund_paid_fen)} /></Descriptions.Item>
          <Descriptions.Item label={t('web.drg.scheme')}>{data.scheme.version}</Descriptions.Item>
          {data.stored ? <Descriptions.Item label="" span={3}>{t('web.drg.case.stored', { run: data.stored.run_id, drg: data.stored.drg, version: data.stored.scheme_version })}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <Card title={t('web.drg.case.record')} size="small" data-testid="drg-case-record">
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('web.drg.case.sex')}>{data.record.sex ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('web.drg.case.age')}>{data.record.age_years ?? '—'}{data.record.age_days ? ` (${data.record.age_days} d)` : ''}</Descriptions.Item>
          <Descriptions.Item label={t('web.drg.case.weight')}>{data.record.birth_weight_g ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('web.drg.case.diagnoses')} span={3}>{data.record.diagnoses.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('web.drg.case.procedures')} span={3}>{data.record.procedures.join('、') || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('web.drg.case.complications')} size="small">
        <Typography.Text strong>{t('web.drg.case.counted')}</Typography.Text>
        {comp(e.complications.counted, 'drg-case-counted')}
        <Typography.Text strong>{t('web.drg.case.excluded', { group: e.complications.main_exclusion_group ?? '—' })}</Typography.Text>
        {comp(e.complications.excluded, 'drg-case-excluded')}
      </Card>
      <Card title={t('web.drg.case.trace')} size="small">
        <Collapse size="small" data-testid="drg-case-trace" defaultActiveKey={e.mdcs.filter((m) => m.entered).map((m) => m.code)}
          items={e.mdcs.map((m) => ({ key: m.code, label: <span>{m.code} <Tag color={m.entered ? 'blue' : 'default'}>{m.entered ? t('web.drg.case.entered') : t('web.drg.case.not_entered')}</Tag></span>,
            children: (
              <div>
                <ul>{m.conditions.map(cond)}</ul>
                {m.adrgs.map((a) => (
                  <div key={a.code} style={{ marginLeft: 16 }}>
                    <Typography.Text strong={a.holds}>{a.code}</Typography.Text>
                    <ul>{a.conditions.map(cond)}</ul>
                    {a.drgs?.map((d) => <div key={d.code} style={{ marginLeft: 16 }}><Typography.Text strong={d.holds}>{d.code} {d.name}</Typography.Text><ul>{d.conditions.map(cond)}</ul></div>)}
                  </div>))}
              </div>) }))} />
      </Card>
    </Space>
  );
}
