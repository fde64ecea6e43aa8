/** Rules, knowledge sets, audit tasks and jobs, samples, attachments, HIS tokens (filled in by the workbench API). */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './route-deps.js';

export async function registerAdminRoutes(_app: FastifyInstance, _deps: RouteDeps): Promise<void> {
  // routes of /api/v1/rules*, /api/v1/knowledge*, /api/v1/audit-runs*, /api/v1/jobs*, /api/v1/samples*, /api/v1/attachments*, /api/v1/tokens*
}
