/** ECharts options of the 指挥中心 charts (pure functions of the dashboard's data). */
import type { EChartsCoreOption } from 'echarts/core';
import type { T } from '../i18n';
import { fmtMoney, label } from '../format';

export interface Dashboard {
  run_id: number | null;
  period: { from: string; to: string } | null;
  totals: { fund_paid: string; at_stake: string; findings: number; institutions_flagged: number; settlements: number; overdue: number };
  by_month: { month: string; from: string; to: string; fund_paid: string; at_stake: string; findings: number }[];
  by_rule: { rule_id: string; name_zh: string; name_en: string; findings: number; amount: string }[];
  by_severity: { severity: string; findings: number; amount: string }[];
  by_status: { status: string; findings: number; amount: string; overdue: number }[];
  top_institutions: { fixmedins_code: string; fixmedins_name: string; findings: number; amount: string; fund_paid: string }[];
  review_progress: { status: string; total: number; overdue: number; due_in_3_days: number }[];
  outliers: { fixmedins_code: string; fixmedins_name: string; indicator: string; indicator_name_zh: string; indicator_name_en?: string; fmt?: string | null; period: string;
    value: string; peer_median: string; robust_z: string; run_id: number; seq: number }[];
}

const STATUS_HEX: Record<string, string> = {
  pending_first: '#1677ff', pending_second: '#2f54eb', awaiting_appeal: '#fa8c16', appealed: '#722ed1',
  concluded: '#13c2c2', deducted: '#52c41a', dismissed: '#bfbfbf',
};
const SEVERITY_HEX: Record<string, string> = { violation: '#f5222d', suspect_high: '#fa541c', suspect: '#faad14' };
const money = (v: unknown) => fmtMoney(typeof v === 'number' ? v : String(v));

export function monthOption(d: Dashboard, t: T): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: money },
    legend: { top: 0, data: [t('web.kpi.fund_paid'), t('web.kpi.at_stake')] },
    grid: { left: 80, right: 80, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: d.by_month.map((m) => m.month) },
    yAxis: [{ type: 'value', name: t('web.chart.fund_paid_axis') }, { type: 'value', name: t('web.chart.at_stake_axis'), splitLine: { show: false } }],
    series: [
      { name: t('web.kpi.fund_paid'), type: 'bar', data: d.by_month.map((m) => Number(m.fund_paid)), itemStyle: { color: '#69b1ff' } },
      { name: t('web.kpi.at_stake'), type: 'line', yAxisIndex: 1, smooth: true, data: d.by_month.map((m) => Number(m.at_stake)), itemStyle: { color: '#f5222d' } },
    ],
  };
}

export function ruleOption(d: Dashboard, t: T, lang: 'zh' | 'en'): EChartsCoreOption {
  const rows = [...d.by_rule].sort((a, b) => a.findings - b.findings).slice(-15);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 150, right: 30, top: 10, bottom: 30 },
    xAxis: { type: 'value', name: t('web.chart.findings_axis') },
    yAxis: { type: 'category', data: rows.map((r) => (lang === 'zh' ? r.name_zh : r.name_en) || r.rule_id), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [{ type: 'bar', name: t('web.kpi.findings'), data: rows.map((r) => ({ value: r.findings, rule_id: r.rule_id })), itemStyle: { color: '#1677ff' } }],
  };
}
/** The rule of the i-th bar of ruleOption. */
export const ruleAt = (d: Dashboard, i: number) => [...d.by_rule].sort((a, b) => a.findings - b.findings).slice(-15)[i]?.rule_id;

export function severityOption(d: Dashboard, t: T): EChartsCoreOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['40%', '68%'], center: ['50%', '45%'],
      data: d.by_severity.map((s) => ({ name: label(t, 'severity', s.severity), value: s.findings, itemStyle: { color: SEVERITY_HEX[s.severity] } })) }],
  };
}

export function statusOption(d: Dashboard, t: T): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [t('web.kpi.findings'), t('web.overdue')] },
    grid: { left: 50, right: 20, top: 40, bottom: 50 },
    xAxis: { type: 'category', data: d.by_status.map((s) => label(t, 'status', s.status)), axisLabel: { interval: 0, width: 80, overflow: 'break', fontSize: 11 } },
    yAxis: { type: 'value' },
    series: [
      { type: 'bar', name: t('web.kpi.findings'), data: d.by_status.map((s) => ({ value: s.findings, itemStyle: { color: STATUS_HEX[s.status] } })) },
      { type: 'bar', name: t('web.overdue'), data: d.by_status.map((s) => s.overdue), itemStyle: { color: '#cf1322' } },
    ],
  };
}
