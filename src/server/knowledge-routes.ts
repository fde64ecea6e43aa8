/**
 * 知识库: the knowledge sets, and importing official batch files / ICD dictionaries uploaded
 * through the workbench. The upload is kept in a temp folder under the data dir until its import
 * job has run; the job's result is the import report.
 */
import type { FastifyInstance } from 'fastify';
import { rmSync } from 'node:fs';
import { extname, sep } from 'node:path';
import { importKnowledge, listKnowledgeSets, type KnowledgeImportReport } from '../knowledge/index.js';
import type { JobQueue } from '../audit/jobs.js';
import { logAccess } from './auth/store.js';
import { fail } from './errors.js';
import { BUREAU, saveUploads, uploadFail, UploadError } from './admin-util.js';
import type { RouteDeps } from './route-deps.js';

export const KNOWLEDGE_UPLOAD = { maxFiles: 20, maxFileBytes: 50 * 1024 * 1024 };
const KNOWLEDGE_EXTENSIONS = ['.xlsx', '.csv', '.json', '.txt'];

/** The report without the server's temp paths: files are named as the user sent them. */
function publicReport(r: KnowledgeImportReport): KnowledgeImportReport {
  return { ...r, files: r.files.map((f) => ({ ...f, file: f.fileName, pairedWith: f.pairedWith?.map((p) => p.split(/[\\/]/).pop() ?? p) })) };
}

export function registerKnowledgeRoutes(app: FastifyInstance, deps: RouteDeps, jobs: JobQueue): void {
  const { ops } = deps;

  app.get('/api/v1/knowledge/sets', async (req, reply) => {
    const user = await deps.guard(req, reply, BUREAU);
    if (!user) return reply;
    const sets = await deps.serial(() => listKnowledgeSets(deps.wh));
    await logAccess(ops, { user, action: 'view', object: 'knowledge-sets', ip: req.ip });
    return { sets: sets.map((k) => ({ set_id: k.setId, label: k.label, imported_at: k.importedAt, row_counts: k.rowCounts,
      effective_kinds: k.effectiveKinds, files: k.files.map((f) => ({ file_name: f.fileName, sha256: f.sha256, kinds: f.kinds, rows_loaded: f.rowsLoaded })) })) };
  });

  app.post('/api/v1/knowledge/import', async (req, reply) => {
    const user = await deps.guard(req, reply, ['supervisor', 'admin']);
    if (!user) return reply;
    let up: Awaited<ReturnType<typeof saveUploads>>;
    try {
      up = await saveUploads(req, deps.dataDir, KNOWLEDGE_UPLOAD, 'knowledge');
    } catch (e) {
      if (e instanceof UploadError) return uploadFail(reply, e);
      throw e;
    }
    const bad = up.files.find((f) => !KNOWLEDGE_EXTENSIONS.includes(extname(f.name).toLowerCase()));
    if (bad) {
      rmSync(up.dir, { recursive: true, force: true });
      return fail(reply, 400, 'unsupported_file', 'admin.knowledge.bad_type', { file: bad.name, allowed: KNOWLEDGE_EXTENSIONS.join(', ') }, bad.name);
    }
    const label = up.fields.label?.trim().slice(0, 200) || undefined;
    const files = up.files.map((f) => ({ name: f.name, size: f.size }));
    const jobId = await jobs.submit('knowledge_import', user, { files, label: label ?? null }, async (ctx) => {
      try {
        ctx.progress(0, 1, files.map((f) => f.name).join(', '));
        // One step: the import writes the knowledge tables in one transaction on the shared connection.
        const report = await deps.serial(() => importKnowledge(deps.wh, up.files.map((f) => f.path), { label }));
        ctx.progress(1, 1, null);
        return publicReport(report);
      } catch (e) {
        // Name the file as the user sent it, not by the server's temp path.
        if (e instanceof Error) e.message = e.message.split(`${up.dir}${sep}`).join('');
        throw e;
      } finally {
        rmSync(up.dir, { recursive: true, force: true });
      }
    });
    await logAccess(ops, { user, action: 'knowledge_import', object: `job ${jobId}`, detail: { files, label }, ip: req.ip });
    return { job_id: jobId };
  });
}
