import type { Catalogue } from './index.js';

export const SERVER_MESSAGES: Catalogue = {
  'server.title': { zh: 'FundGuard 医保基金智能监管平台', en: 'FundGuard medical-insurance fund supervision' },
  'server.status.heading': { zh: '数据装载情况', en: 'What is loaded' },
  'server.status.table': { zh: '数据表', en: 'Table' },
  'server.status.rows': { zh: '记录数', en: 'Rows' },
  'server.status.void': { zh: '作废', en: 'Void' },
  'server.status.period': { zh: '时间范围', en: 'Period' },
  'server.status.imports': { zh: '最近导入批次', en: 'Recent imports' },
  'server.status.knowledge': { zh: '知识库版本', en: 'Knowledge sets' },
  'server.status.none': { zh: '（尚无）', en: '(none)' },
  'server.status.note': {
    zh: '监管工作台将在后续版本提供；当前页面显示已装载的数据。接口：/api/v1/health、/api/v1/status。',
    en: 'The workbench comes in a later version; this page shows what is loaded. API: /api/v1/health, /api/v1/status.',
  },
  'server.listening': { zh: '服务已启动：{url}', en: 'Serving on {url}' },
  'server.not_found': { zh: '未找到：{path}', en: 'Not found: {path}' },
  'server.internal': { zh: '服务器内部错误', en: 'Internal server error' },
};

export const HIS_MESSAGES: Catalogue = {
  'his.unauthorized': { zh: '缺少或无效的接口令牌（Authorization: Bearer <令牌>）', en: 'missing or invalid API token (Authorization: Bearer <token>)' },
  'his.forbidden_institution': { zh: '令牌属于机构 {token_inst}，不能代表机构 {inst} 调用', en: 'the token belongs to {token_inst} and cannot act for {inst}' },
  'his.invalid_request': { zh: '请求字段 {field} 不合法：{detail}', en: 'invalid field {field}: {detail}' },
  'his.invalid_json': { zh: '请求体不是合法的 JSON：{detail}', en: 'the request body is not valid JSON: {detail}' },
  'his.rate_limited': { zh: '调用过于频繁，请 {after} 后重试', en: 'too many requests, retry in {after}' },
  'his.check_not_found': { zh: '未找到本机构的审核记录 {check_id} 第 {finding_no} 条疑点', en: 'no finding {finding_no} of check {check_id} for this institution' },
  'his.overloaded': { zh: '实时审核服务繁忙，请稍后重试', en: 'real-time checks are overloaded, retry shortly' },
  'his.not_ready': { zh: '实时审核服务尚未就绪（规则或知识库加载中）', en: 'real-time checks are not ready yet (loading rules and knowledge)' },
};

export const AUTH_MESSAGES: Catalogue = {
  'auth.unauthenticated': { zh: '请先登录', en: 'please log in' },
  'auth.csrf': { zh: '请求缺少有效的 CSRF 令牌，请刷新页面后重试', en: 'missing or invalid CSRF token; reload the page and retry' },
  'auth.forbidden': { zh: '当前角色无权执行此操作', en: 'your role may not do this' },
  'auth.change_required': { zh: '请先修改初始密码', en: 'change your initial password first' },
  'auth.bad_login': { zh: '用户名或密码错误', en: 'wrong user name or password' },
  'auth.throttled': { zh: '登录失败次数过多，请 15 分钟后再试', en: 'too many failed logins; try again in 15 minutes' },
  'auth.bad_old_password': { zh: '原密码不正确', en: 'the current password is wrong' },
  'auth.password.too_short': { zh: '新密码至少 10 位', en: 'the new password needs at least 10 characters' },
  'auth.password.weak': { zh: '新密码须同时包含字母和数字', en: 'the new password needs letters and digits' },
  'auth.password.same': { zh: '新密码不能与原密码相同', en: 'the new password must differ from the old one' },
};

export const FINDING_MESSAGES: Catalogue = {
  'findings.other_institution': { zh: '机构用户只能查看本机构的数据', en: 'an institution user sees only its own institution' },
  'findings.not_found': { zh: '未找到该记录', en: 'not found' },
  'findings.reveal_reason': { zh: '查看个人信息须填写理由（至少 4 个字）', en: 'revealing personal data needs a reason (at least 4 characters)' },
};

export const REVIEW_MESSAGES: Catalogue = {
  'review.not_found': { zh: '未找到该疑点', en: 'no such finding' },
  'review.conflict': { zh: '该疑点已被他人处理（当前状态：{status}），请刷新后重试', en: 'someone else changed this finding (now: {status}); reload and retry' },
  'review.invalid_transition': { zh: '当前状态（{status}）下不能执行此操作', en: 'this action is not possible in the current status ({status})' },
  'review.forbidden': { zh: '当前角色不能执行此审核操作', en: 'your role may not take this review action' },
  'review.reason_required': { zh: '此操作须填写理由', en: 'this action needs a reason' },
  'review.bad_amount': { zh: '扣款金额须大于 0 且不超过疑点金额 {max} 元', en: 'the deduction must be above 0 and at most {max} yuan' },
};
