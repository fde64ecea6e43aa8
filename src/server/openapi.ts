/** The OpenAPI document of the HIS endpoints, generated from the same zod schemas that validate requests. */
import { z } from 'zod';
import { PrecheckSchema, SettlementCheckSchema } from '../audit/precheck/request.js';
import { AckSchema } from './his-routes.js';
import { DrgGroupRequestSchema, DrgGroupResponseSchema } from './drg-his-routes.js';

const ErrorSchema = z.object({ error: z.object({ code: z.string(), message_zh: z.string(), message_en: z.string(), field: z.string().nullable() }) });

const FindingSchema = z.object({
  finding_no: z.number().int(), rule_id: z.string(), rule_version: z.number().int(),
  severity: z.enum(['violation', 'suspect_high', 'suspect']), fixmedins_code: z.string(), fixmedins_name: z.string().nullable(),
  psn_no: z.string(), mdtrt_id: z.string().nullable(), setl_id: z.string().nullable(), bkkp_sn: z.array(z.string()),
  amount: z.string().describe('元，两位小数 / yuan, 2 decimals'), occurred_at: z.string(), message: z.string(),
  evidence: z.record(z.string(), z.unknown()), knowledge_ref: z.string().nullable(), basis: z.string(),
  current: z.boolean(), decision: z.enum(['pass', 'warn', 'block']),
});
const ResultSchema = z.object({
  check_id: z.string().uuid(), decision: z.enum(['pass', 'warn', 'block']), findings: z.array(FindingSchema),
  lines: z.array(z.object({ bkkp_sn: z.string(), decision: z.enum(['pass', 'warn', 'block']) })),
  withdrawn: z.array(FindingSchema),
  unknown_codes: z.array(z.object({ field: z.string(), code: z.string(), reason: z.string() })),
  rules_evaluated: z.number().int(), duration_ms: z.number(),
});

const json = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' });

function op(summary: string, body: z.ZodType, ok: z.ZodType) {
  const err = { content: { 'application/json': { schema: json(ErrorSchema, 'output') } } };
  return {
    summary, security: [{ bearer: [] }],
    requestBody: { required: true, content: { 'application/json': { schema: json(body, 'input') } } },
    responses: {
      200: { description: 'OK', content: { 'application/json': { schema: json(ok, 'output') } } },
      400: { description: '请求不合法 / invalid request', ...err }, 401: { description: '令牌无效 / invalid token', ...err },
      403: { description: '非本机构 / not this institution', ...err }, 429: { description: '限流 / rate limited', ...err },
    },
  };
}

export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'FundGuard HIS API（事前提醒、事中审核）', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'npx fundguard token create <fixmedins_code>' } } },
    paths: {
      '/api/v1/precheck': { post: op('事前提醒：医嘱/处方保存前审核新开明细 / check new order lines', PrecheckSchema, ResultSchema) },
      '/api/v1/settlement-check': { post: op('事中审核：结算前审核整张结算单 / check a settlement before the fund pays', SettlementCheckSchema, ResultSchema) },
      '/api/v1/precheck/ack': { post: op('记录医生继续执行的理由 / record the doctor\'s reason to proceed', AckSchema,
        z.object({ check_id: z.string(), finding_no: z.number().int(), recorded: z.boolean() })) },
      '/api/v1/drg/group': { post: { ...op('DRG 预分组：按 HIS 编码的诊断与手术预先分组 / pre-group one discharge', DrgGroupRequestSchema,
        DrgGroupResponseSchema), description: '未装载分组方案时返回 503 / 503 while no DRG scheme is loaded' } },
    },
  };
}
