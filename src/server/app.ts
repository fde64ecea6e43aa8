/**
 * The HTTP server. For now it answers health and status (what is loaded) and shows a plain status
 * page; the API and workbench of later versions are added here as routes over the same stores.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Warehouse } from '../store/warehouse.js';
import type { OpStore } from '../store/opstore.js';
import { importHistory, tableStatus } from '../ingest/status.js';
import { listKnowledgeSets } from '../knowledge/index.js';
import { msg } from '../domain/messages/index.js';
import { statusPage } from './status-page.js';
import { openCheckService } from '../audit/precheck/index.js';
import { registerHisRoutes } from './his-routes.js';
import { registerDrgHisRoutes } from './drg-his-routes.js';
import { openApiDocument } from './openapi.js';
import { registerAuthRoutes } from './auth/routes.js';
import { registerFindingRoutes } from './findings-routes.js';
import { registerDashboardRoutes } from './dashboard-routes.js';
import { registerAdminRoutes } from './admin-routes.js';
import { registerWebStatic, webRoot } from './web-static.js';

export interface ServerDeps {
  wh: Warehouse;
  ops: OpStore;
  dataDir: string;
  version: string;
}

export async function regionStatus(wh: Warehouse) {
  return {
    tables: await tableStatus(wh),
    imports: await importHistory(wh, 10),
    knowledge_sets: (await listKnowledgeSets(wh)).map((k) => ({ set_id: k.setId, label: k.label, imported_at: k.importedAt,
      row_counts: k.rowCounts, effective_kinds: k.effectiveKinds })),
  };
}

/** One DuckDB connection serves the process: queries on it are taken one at a time. */
function serialiser(): <T>(fn: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.then(fn);
    queue = p.catch(() => undefined);
    return p;
  };
}

/** The whole server: status pages, the HIS endpoints with their check service, the OpenAPI document. */
export async function buildApp(deps: ServerDeps & { ratePerSecond?: number; maxEventLoopDelay?: number; maxQueuedChecks?: number }):
  Promise<FastifyInstance> {
  const serial = serialiser();
  const web = webRoot() !== null;
  const app = buildServer(deps, serial, !web);
  const service = await openCheckService(deps.wh, deps.ops, deps.dataDir, serial);
  await registerHisRoutes(app, { ops: deps.ops, recorder: service.recorder, check: () => service.runner(),
    ratePerSecond: deps.ratePerSecond ?? (Number(process.env.FUNDGUARD_HIS_RATE_LIMIT) || undefined),
    maxEventLoopDelay: deps.maxEventLoopDelay ?? (process.env.FUNDGUARD_MAX_EVENT_LOOP_DELAY === undefined ? undefined
      : Number(process.env.FUNDGUARD_MAX_EVENT_LOOP_DELAY)),
    maxQueuedChecks: deps.maxQueuedChecks ?? (Number(process.env.FUNDGUARD_MAX_QUEUED_CHECKS) || undefined) });
  await registerDrgHisRoutes(app, { wh: deps.wh, ops: deps.ops, serial, recorder: service.recorder });
  app.get('/api/docs', async () => openApiDocument(deps.version));
  const guard = await registerAuthRoutes(app, deps.ops);
  registerFindingRoutes(app, { ops: deps.ops, wh: deps.wh, guard, serial });
  const routeDeps = { ops: deps.ops, wh: deps.wh, guard, serial, dataDir: deps.dataDir };
  registerDashboardRoutes(app, routeDeps);
  await registerAdminRoutes(app, routeDeps);
  // 访问日志 (admin): who viewed, revealed or exported what.
  app.get('/api/v1/access-log', async (req, reply) => {
    if (!(await guard(req, reply, ['admin']))) return reply;
    const q = req.query as { limit?: string };
    const limit = Math.min(Math.max(Number(q.limit) || 200, 1), 5000);
    return { entries: await deps.ops.query(`SELECT id, at::text AS at, username, role, action, object, detail, ip FROM access_log
      ORDER BY id DESC LIMIT $1`, [limit]) };
  });
  // The workbench's pages at / when built (the plain status page is at /status either way).
  if (web) await registerWebStatic(app);
  app.addHook('onClose', async () => { await service.close(); });
  // The embedded store has no autovacuum: its planner statistics are refreshed at start and every few
  // minutes while reviews accumulate (a server's autovacuum does this by itself).
  if (deps.ops.kind === 'pglite') {
    // Only the tables the pages filter and join: analysing everything blocks the event loop for ~0.2 s.
    const refresh = () => deps.ops.analyze(['audit_run', 'audit_finding', 'finding_review', 'review_transition', 'app_session', 'app_user'])
      .then(() => undefined, () => undefined);
    await refresh();
    const timer = setInterval(refresh, 5 * 60_000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
  return app;
}

/** Health, status and the plain status page (at /status, and at / too unless the workbench takes /). */
export function buildServer(deps: ServerDeps, serial = serialiser(), statusAtRoot = true): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  const started = Date.now();

  app.get('/api/v1/health', async () => ({
    status: 'ok', version: deps.version, uptime_s: Math.round((Date.now() - started) / 1000),
    warehouse: { engine: 'duckdb' }, opstore: { engine: deps.ops.kind === 'pglite' ? 'pglite' : 'postgresql' },
  }));

  app.get('/api/v1/status', async () => serial(() => regionStatus(deps.wh)));

  const statusRoute = async (_req: unknown, reply: FastifyReply) => {
    const status = await serial(() => regionStatus(deps.wh));
    reply.type('text/html; charset=utf-8');
    return statusPage(status, deps.version);
  };
  app.get('/status', statusRoute);
  if (statusAtRoot) app.get('/', statusRoute);


  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: { code: 'not_found', message_zh: msg('server.not_found', { path: req.url }, 'zh'),
      message_en: msg('server.not_found', { path: req.url }, 'en') } });
  });
  app.setErrorHandler((e, _req, reply) => {
    const err = e as Error & { statusCode?: number; code?: string; error?: { code: string } };
    const code = err.statusCode ?? 500;
    // Errors built in our own shape (e.g. the rate limiter's) go out as they are.
    if (err.error && typeof err.error.code === 'string') return reply.code(code).send({ error: err.error });
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (code === 400 && e instanceof SyntaxError)) {
      return reply.code(400).send({ error: { code: 'invalid_json', message_zh: msg('his.invalid_json', { detail: err.message }, 'zh'),
        message_en: msg('his.invalid_json', { detail: err.message }, 'en'), field: '(body)' } });
    }
    reply.code(code).send({ error: { code: code === 500 ? 'internal' : 'bad_request',
      message_zh: code === 500 ? msg('server.internal', {}, 'zh') : err.message, message_en: code === 500 ? msg('server.internal', {}, 'en') : err.message } });
  });
  return app;
}
