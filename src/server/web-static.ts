/**
 * Serves the built workbench (dist/web) at /: its files, and index.html for every other page path so
 * that the pages' own routes survive a reload. API paths keep their JSON 404.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** dist/web beside the compiled server (dist/server) or, when running from src with tsx, under dist/. */
export function webRoot(): string | null {
  for (const rel of ['../web', '../../dist/web']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${p}/index.html`)) return p;
  }
  return null;
}

/** Returns whether the workbench was found (a server built without it still serves the API and /status). */
export async function registerWebStatic(app: FastifyInstance): Promise<boolean> {
  const root = webRoot();
  if (!root) return false;
  const index = readFileSync(`${root}/index.html`, 'utf8');
  // The bundles' names carry their hash; index.html (served below, never cached) names the current ones.
  await app.register(fastifyStatic, { root, prefix: '/', index: false, wildcard: false, maxAge: '1h',
    allowedPath: (path) => path !== '/index.html' });
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index));
  app.get('/*', async (req, reply) => {
    const path = req.url.split('?')[0];
    if (path.startsWith('/api/') || path.startsWith('/assets/')) return reply.callNotFound();
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
  });
  return true;
}
