/**
 * Rules, knowledge sets, audit tasks and jobs, samples, attachments, HIS tokens and the
 * institutions' self-check, DRG: the workbench's administration API, one module per area.
 */
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteDeps } from './route-deps.js';
import { loadRuleKinds } from '../rules/registry.js';
import { JobQueue } from '../audit/jobs.js';
import { ATTACHMENT_MAX_BYTES } from '../audit/attachments.js';
import { registerRuleRoutes } from './rules-routes.js';
import { registerJobRoutes } from './job-routes.js';
import { registerKnowledgeRoutes } from './knowledge-routes.js';
import { registerAttachmentRoutes } from './attachment-routes.js';
import { registerTokenRoutes } from './token-routes.js';
import { registerSelfCheckRoutes } from './self-check-routes.js';
import { registerDrgRoutes } from './drg-routes.js';

/** Upload folders and scratch warehouses left by a process that stopped mid-job (none can be in use at start). */
function removeStaleWork(dataDir: string): void {
  const tmp = join(dataDir, 'tmp');
  let names: string[] = [];
  try { names = readdirSync(tmp); } catch { return; }
  for (const n of names) {
    if (/^(knowledge|attachment|self-check-upload|self-check)-/.test(n)) rmSync(join(tmp, n), { recursive: true, force: true });
  }
}

export async function registerAdminRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  // Registered once for every upload route; each route sets its own file count and size (see saveUploads).
  await app.register(multipart, { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 20, parts: 100 }, throwFileSizeLimit: true });
  removeStaleWork(deps.dataDir);
  const jobs = await JobQueue.open(deps.ops);
  app.addHook('onClose', async () => { await jobs.close(); });
  const kinds = await loadRuleKinds();
  registerRuleRoutes(app, deps, kinds, jobs);
  registerJobRoutes(app, deps, kinds, jobs);
  registerKnowledgeRoutes(app, deps, jobs);
  registerAttachmentRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerSelfCheckRoutes(app, deps, kinds, jobs);
  registerDrgRoutes(app, deps, jobs);
}
