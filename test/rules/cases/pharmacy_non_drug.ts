import type { CaseTable } from '../harness.js';

// 复方甘草片-shaped national drug code; a consumable code (C…).
const DRUG = 'XR05DAF012A001010100166';
const GAUZE = 'C0301010520000000000000000';

export const table: CaseTable = {
  rule_id: 'pharmacy_non_drug',
  cases: [
    {
      name: 'a face mask settled at a pharmacy under a drug code is flagged with the line\'s fund amount',
      build: (r) => {
        const v = r.visit({ psn: 'P1', inst: 'P1', med_type: '41', begin: '2023-03-01' });
        v.line({ code: DRUG, name: '复方甘草片', time: '2023-03-01' });
        const b = v.line({ code: DRUG, name: '复方甘草片', cnt: 2, pric: '59.90', ownpay: '19.80', time: '2023-03-01',
          extra: { medins_list_name: '玻尿酸补水面膜（化妆品）' } });
        return [{ psn_no: 'P1', bkkp_sn: [b], amount: '100.00', occurred_at: '2023-03-01',
          message: '定点药店结算明细【玻尿酸补水面膜（化妆品）】（按医保目录【复方甘草片】结算）名称含非药品关键词“化妆品、面膜”' }];
      },
    },
    {
      name: 'the same line at a hospital outpatient visit, or paid in full by the person, is not flagged',
      build: (r) => {
        r.visit({ psn: 'P2', inst: 'H1', med_type: '11', begin: '2023-03-01' })
          .line({ code: DRUG, name: '复方甘草片', time: '2023-03-01', extra: { medins_list_name: '补水面膜' } });
        r.visit({ psn: 'P2', inst: 'P1', med_type: '41', begin: '2023-03-02' })
          .line({ code: DRUG, name: '洗发水', pric: '35', ownpay: '35', time: '2023-03-02' });
        return [];
      },
    },
    {
      name: 'lines outside the drug and consumable categories are flagged; drugs, herbs and consumables are not',
      build: (r) => {
        const v = r.visit({ psn: 'P3', inst: 'P2', med_type: '41', begin: '2023-04-01' });
        const svc = v.line({ code: '001203000020000', name: '理疗服务', pric: '30', time: '2023-04-01' });
        const other = v.line({ code: DRUG, name: '复方甘草片', med_chrgitm_type: '14', pric: '12', time: '2023-04-01' });
        v.line({ code: DRUG, name: '复方甘草片', time: '2023-04-01' });
        v.line({ code: GAUZE, name: '医用脱脂纱布', time: '2023-04-01' });
        v.line({ code: 'T001700010', name: '党参', list_type: '102', med_chrgitm_type: '10', time: '2023-04-01' });
        return [
          { bkkp_sn: [svc], amount: '30.00', message: '目录类别201不属于药品或医用耗材' },
          { bkkp_sn: [other], amount: '12.00', message: '收费项目类别14不属于药品或卫生材料' },
        ];
      },
    },
    {
      name: 'a partly returned line is flagged for the net amount; fully returned, refunded and void lines are not',
      build: (r) => {
        const v = r.visit({ psn: 'P4', inst: 'P1', med_type: '41', begin: '2023-05-01' });
        const b = v.line({ code: DRUG, name: '蛋白粉', cnt: 3, pric: '88', time: '2023-05-01' });
        v.line({ code: DRUG, name: '蛋白粉', cnt: 1, pric: '88', time: '2023-05-01', returnOf: b });
        const c = v.line({ code: DRUG, name: '牙膏', cnt: 1, pric: '20', time: '2023-05-01' });
        v.line({ code: DRUG, name: '牙膏', cnt: 1, pric: '20', time: '2023-05-01', returnOf: c });
        v.line({ code: DRUG, name: '保健食品', time: '2023-05-01', vali_flag: '0' });
        const w = r.visit({ psn: 'P4', inst: 'P1', med_type: '41', begin: '2023-05-02' });
        w.line({ code: DRUG, name: '燕窝', pric: '300', time: '2023-05-02' });
        r.refund(w);
        return [{ bkkp_sn: [b], amount: '176.00', message: '“蛋白粉”' }];
      },
    },
    {
      name: 'configured keywords replace the defaults',
      params: { keywords: ['按摩椅'] },
      build: (r) => {
        const v = r.visit({ psn: 'P5', inst: 'P1', med_type: '41', begin: '2023-06-01' });
        v.line({ code: DRUG, name: '补水面膜', time: '2023-06-01' });
        const b = v.line({ code: DRUG, name: '复方甘草片', pric: '15', time: '2023-06-01', extra: { medins_list_name: '家用按摩椅' } });
        return [{ bkkp_sn: [b], amount: '15.00', message: '“按摩椅”' }];
      },
    },
  ],
};
