/**
 * writeScaleFeeFile: a large fee_list_d CSV for benchmarks (10M–100M lines) with every required
 * column, streamed in bounded memory. Lines come in visits of a few to a few dozen lines with
 * exact amounts; GBK output through iconv-lite when asked.
 */
import { CATALOG, type Item } from './catalog.js';
import { CsvSink, csvField } from './csv-out.js';
import { dayOf, fmtTs } from './dates.js';
import { demoColumns } from './emit.js';
import { fmtFen, fmtP4, lineFen, pctOf } from './money.js';
import { Rng } from './rng.js';
import { DemoOptionError, demoText } from './text.js';

export interface ScaleOptions {
  lines: number;
  seed?: number;
  encoding?: 'utf8' | 'gbk';
  onProgress?: (msg: string) => void;
}

interface Template {
  item: Item;
  p4: number;
  /** Pre-quoted text cells of the item. */
  name: string;
  code: string;
  medinsCode: string;
  drug: boolean;
  prd: number;
  spec: string;
}

function templates(): Template[] {
  return CATALOG.filter((i) => !i.tags.has('unused')).map((i) => ({
    item: i, p4: i.listType === '201' ? i.maxByClass[1] : i.p4, name: csvField(i.name), code: i.code,
    medinsCode: i.listType === '201' ? i.code.slice(3) : `M${i.code.slice(-8)}`, drug: !!i.drug || i.listType === '102',
    prd: i.drug ? i.drug.daysPerPack : 1, spec: csvField(i.drug?.spec ?? ''),
  }));
}

const START = dayOf('2023-01-01');

export async function writeScaleFeeFile(path: string, opts: ScaleOptions): Promise<{ lines: number; bytes: number }> {
  const total = opts.lines;
  if (!Number.isInteger(total) || total < 0) throw new DemoOptionError('demo.error.lines', { value: total });
  const rng = Rng.derive(opts.seed ?? 1, 'scale');
  const cols = demoColumns('fee_list_d');
  const sink = new CsvSink(path, cols, opts.encoding ?? 'utf8');
  const tpl = templates();
  const pos = new Map(cols.map((c, i) => [c, i]));
  const at = (c: string) => {
    const i = pos.get(c);
    if (i === undefined) throw new Error(`column ${c} missing`);
    return i;
  };
  const ix = {
    bkkp: at('bkkp_sn'), mdtrt: at('mdtrt_id'), time: at('fee_ocur_time'), setl: at('setl_id'), inst: at('fixmedins_code'),
    psn: at('psn_no'), med: at('med_type'), cnt: at('cnt'), pric: at('pric'), amt: at('det_item_fee_sumamt'),
    lim: at('pric_uplmt_amt'), prop: at('selfpay_prop'), ful: at('fulamt_ownpay_amt'), over: at('overlmt_selfpay'),
    pre: at('preselfpay_amt'), inscp: at('inscp_amt'), lv: at('chrgitm_lv'), code: at('hilist_code'),
    name: at('hilist_name'), lt: at('list_type'), mlc: at('med_list_codg'), mic: at('medins_list_codg'),
    min: at('medins_list_name'), type: at('med_chrgitm_type'), spec: at('spec'), dept: at('bilg_dept_codg'),
    deptn: at('bilg_dept_name'), dr: at('bilg_dr_code'), drn: at('bilg_dr_name'), sin: at('sin_dos_dscr'),
    frq: at('used_frqu_dscr'), prd: at('prd_days'), way: at('medc_way_dscr'), lmt: at('lmt_used_flag'),
    appr: at('hosp_appr_flag'), dise: at('dise_codg'), init: at('init_feedetl_sn'), vali: at('vali_flag'),
  };
  const row = new Array<string>(cols.length).fill('');
  const medTypes = ['11', '11', '11', '14', '41', '21'];
  const dxs = ['J06.900', 'I10.x00x002', 'E11.900', 'K29.700', 'J18.900', 'M54.500'];
  let written = 0;
  let visit = 0;
  const report = Math.max(1, Math.floor(total / 20));
  while (written < total) {
    visit++;
    const n = Math.min(total - written, rng.int(2, 30));
    const day = START + rng.int(0, 364);
    const mdtrt = `1${String(visit).padStart(18, '0')}`;
    row[ix.mdtrt] = mdtrt;
    row[ix.setl] = `2${String(visit).padStart(18, '0')}`;
    row[ix.inst] = `H3399${String(rng.int(2, 60)).padStart(2, '0')}${String(rng.int(1, 999)).padStart(5, '0')}`;
    row[ix.psn] = `339902${String(rng.int(1, 9_999_999)).padStart(14, '0')}`;
    row[ix.med] = rng.pick(medTypes);
    row[ix.dise] = rng.pick(dxs);
    row[ix.dept] = 'A03';
    row[ix.deptn] = '内科';
    row[ix.dr] = `D339902${String(rng.int(1, 2000)).padStart(5, '0')}`;
    row[ix.drn] = '医师';
    const sec0 = 8 * 3600 + rng.int(0, 9 * 3600);
    for (let k = 0; k < n; k++) {
      const t = rng.pick(tpl);
      const it = t.item;
      const cnt = it.listType === '102' ? rng.int(5, 30) * 7 : rng.int(1, 3);
      const fee = lineFen(cnt, t.p4);
      const ful = it.lv === '03' ? fee : 0;
      const pre = it.lv === '02' ? pctOf(fee, it.selfPct) : 0;
      written++;
      row[ix.bkkp] = String(written).padStart(14, '0');
      row[ix.time] = fmtTs(day, sec0 + k * 7);
      row[ix.cnt] = String(cnt);
      row[ix.pric] = fmtP4(t.p4);
      row[ix.amt] = fmtFen(fee);
      row[ix.lim] = row[ix.pric];
      row[ix.prop] = it.lv === '03' ? '1' : it.lv === '02' ? (it.selfPct / 100).toFixed(2) : '0';
      row[ix.ful] = fmtFen(ful);
      row[ix.over] = '0.00';
      row[ix.pre] = fmtFen(pre);
      row[ix.inscp] = fmtFen(fee - ful);
      row[ix.lv] = it.lv;
      row[ix.code] = t.code;
      row[ix.name] = t.name;
      row[ix.lt] = it.listType;
      row[ix.mlc] = t.code;
      row[ix.mic] = t.medinsCode;
      row[ix.min] = t.name;
      row[ix.type] = it.chrgType;
      row[ix.spec] = t.spec;
      row[ix.sin] = it.drug ? `${it.drug.doseUnits}${it.drug.unitWord}` : '';
      row[ix.frq] = it.drug?.freq ?? '';
      row[ix.prd] = t.drug ? String(t.prd * (it.drug ? cnt : 1)) : '';
      row[ix.way] = it.drug?.route ?? '';
      row[ix.lmt] = '0';
      row[ix.appr] = '0';
      row[ix.init] = '';
      row[ix.vali] = '1';
      sink.rowPlain(row);
      if (written % report === 0) opts.onProgress?.(demoText('demo.scale.progress', { done: written, total }));
    }
    if (visit % 2000 === 0) await sink.pressure();
  }
  await sink.close();
  return { lines: written, bytes: sink.bytes };
}
