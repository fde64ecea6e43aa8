/** 指挥中心 dashboard, institution portal and deduction notices (filled in by the workbench API). */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './route-deps.js';

export function registerDashboardRoutes(_app: FastifyInstance, _deps: RouteDeps): void {
  // routes of /api/v1/dashboard, /api/v1/portal/*, /api/v1/deductions*
}
