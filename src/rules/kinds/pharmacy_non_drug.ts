import { z } from 'zod';
import type { SqlParam } from '../../store/warehouse.js';
import { defineRule } from '../types.js';
import { lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { dec, lineEvidence, lineFinding } from '../realtime/helpers.js';
import type { RtFindingRow } from '../realtime/data.js';

const present = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

export const messages = {
  message: {
    zh: '定点药店结算明细【{name}】（按医保目录【{hilist_name}】结算）{reason}，疑似将非药品串换为药品/医用耗材刷卡结算',
    en: 'pharmacy line [{name}] (settled as [{hilist_name}]) {reason_en}: suspected non-drug goods settled as a drug or device',
  },
};

/** Words naming goods that are never drugs or covered devices (化妆品, 生活用品, 保健食品 …). */
const KEYWORDS = ['化妆品', '护肤', '面膜', '洗面奶', '洗发', '护发', '沐浴', '牙膏', '牙刷', '洗衣', '纸巾', '卫生巾',
  '尿不湿', '生活用品', '日用品', '保健食品', '保健品', '蛋白粉', '燕窝', '奶粉', '食用油', '大米', '饮料'];

const params = z.object({
  /** Matched in the pharmacy's own item name, the catalogue name and the product name. */
  keywords: z.array(z.string().min(1)).default(KEYWORDS),
  /** 目录类别 a pharmacy may settle: drugs (西药中成药, 饮片, 自制剂) and medical consumables. */
  allowed_list_types: z.array(z.string()).default(['101', '102', '103', '301']),
  /** 医疗收费项目类别 a pharmacy may settle: 卫生材料费, 西药费, 中药饮片费, 中成药费. */
  allowed_chrgitm_types: z.array(z.string()).default(['08', '09', '10', '11']),
}).strict();

/**
 * 药店串换非药品: a pharmacy (med_type 41) line with money for the fund whose names carry a
 * non-drug keyword, or whose catalogue category (list_type, med_chrgitm_type when filled) is not
 * a drug or consumable. Lines the person paid in full (fund_amt = 0) are ordinary retail, not a claim.
 */
export const rule = defineRule({
  meta: {
    id: 'pharmacy_non_drug', name_zh: '药店串换非药品', name_en: 'Non-drug goods settled at a pharmacy',
    category: 'management', scope: 'line', perPerson: true, severity: 'suspect_high', params, knowledge: null,
    amount_zh: '违规明细的 det_item_fee_sumamt − fulamt_ownpay_amt', basis: '《医疗保障基金使用监督管理条例》第十五条、第三十八条',
  },
  batch: (p) => {
    const P: SqlParam[] = [];
    const q = (v: SqlParam) => (P.push(v), '?');
    const list = (xs: string[]) => `from_json(${q(JSON.stringify(xs))}, '["VARCHAR"]')`;
    // The keywords are searched once per distinct name text (a pharmacy sells few distinct goods), not per line.
    const sql = `WITH cfg AS (SELECT ${list(p.keywords)} AS words),
      kw AS (
        SELECT t.txt, list_filter(cfg.words, w -> contains(t.txt, w)) AS hits
        FROM (SELECT DISTINCT concat_ws('|', f.medins_list_name, f.hilist_name, f.prodname) AS txt FROM a_fee f
          WHERE (f.visit_med_type = '41' OR f.med_type = '41') AND f.fund_amt > 0) t, cfg
        WHERE len(list_filter(cfg.words, w -> contains(t.txt, w))) > 0),
      l AS (
        SELECT f.*, coalesce(kw.hits, CAST([] AS VARCHAR[])) AS hits,
          NOT list_contains(${list(p.allowed_list_types)}, coalesce(f.list_type, '')) AS bad_list,
          nullif(f.med_chrgitm_type, '') IS NOT NULL AND NOT list_contains(${list(p.allowed_chrgitm_types)}, f.med_chrgitm_type) AS bad_chrg
        FROM a_fee f LEFT JOIN kw ON kw.txt = concat_ws('|', f.medins_list_name, f.hilist_name, f.prodname)
        WHERE (f.visit_med_type = '41' OR f.med_type = '41') AND f.fund_amt > 0)
      SELECT ${lineFindingSql('l')},
        json_object('name', coalesce(nullif(l.medins_list_name, ''), l.hilist_name), 'hilist_name', l.hilist_name,
          'reason', concat_ws('；',
            CASE WHEN len(l.hits) > 0 THEN '名称含非药品关键词“' || array_to_string(l.hits, '、') || '”' END,
            CASE WHEN l.bad_list THEN '目录类别' || coalesce(l.list_type, '空') || '不属于药品或医用耗材' END,
            CASE WHEN l.bad_chrg THEN '收费项目类别' || l.med_chrgitm_type || '不属于药品或卫生材料' END),
          'reason_en', concat_ws('; ',
            CASE WHEN len(l.hits) > 0 THEN 'its name contains ' || array_to_string(l.hits, ', ') END,
            CASE WHEN l.bad_list THEN 'list_type ' || coalesce(l.list_type, 'empty') || ' is not a drug or consumable' END,
            CASE WHEN l.bad_chrg THEN 'med_chrgitm_type ' || l.med_chrgitm_type || ' is not a drug or material' END)) AS facts,
        json_object('medins_list_name', l.medins_list_name, 'prodname', l.prodname, 'keywords', l.hits,
          'list_type', l.list_type, 'med_chrgitm_type', l.med_chrgitm_type, ${lineEvidenceSql('l')}) AS evidence,
        ${q('params.keywords / allowed_list_types / allowed_chrgitm_types')} AS knowledge_ref
      FROM l WHERE len(l.hits) > 0 OR l.bad_list OR l.bad_chrg`;
    return { sql, params: P };
  },
  realtime: (p, d) => {
    const out: RtFindingRow[] = [];
    for (const f of d.a_fee) {
      if ((f.visit_med_type !== '41' && f.med_type !== '41') || !dec(f.fund_amt).gt(0)) continue;
      // concat_ws skips NULLs; empty names stay in.
      const names = [f.medins_list_name, f.hilist_name, f.prodname].filter(present).join('|');
      const hits = p.keywords.filter((w) => names.includes(w));
      const badList = !p.allowed_list_types.includes(f.list_type ?? '');
      const badChrg = present(f.med_chrgitm_type) && f.med_chrgitm_type !== '' && !p.allowed_chrgitm_types.includes(f.med_chrgitm_type);
      if (hits.length === 0 && !badList && !badChrg) continue;
      out.push({
        ...lineFinding(f),
        facts: {
          name: present(f.medins_list_name) && f.medins_list_name !== '' ? f.medins_list_name : f.hilist_name ?? null,
          hilist_name: f.hilist_name ?? null,
          reason: [hits.length > 0 ? `名称含非药品关键词“${hits.join('、')}”` : null,
            badList ? `目录类别${f.list_type ?? '空'}不属于药品或医用耗材` : null,
            badChrg ? `收费项目类别${f.med_chrgitm_type}不属于药品或卫生材料` : null].filter(present).join('；'),
          reason_en: [hits.length > 0 ? `its name contains ${hits.join(', ')}` : null,
            badList ? `list_type ${f.list_type ?? 'empty'} is not a drug or consumable` : null,
            badChrg ? `med_chrgitm_type ${f.med_chrgitm_type} is not a drug or material` : null].filter(present).join('; '),
        },
        evidence: { medins_list_name: f.medins_list_name ?? null, prodname: f.prodname ?? null, keywords: hits,
          list_type: f.list_type ?? null, med_chrgitm_type: f.med_chrgitm_type ?? null, ...lineEvidence(f) },
        knowledge_ref: 'params.keywords / allowed_list_types / allowed_chrgitm_types',
      });
    }
    return out;
  },
});
