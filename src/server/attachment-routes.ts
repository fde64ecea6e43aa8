/**
 * Attachments: upload one file (≤ 10 MB; pdf, jpg, png, docx, xlsx, zip, checked by extension and
 * content) and fetch it back. A file is served to its uploader's institution and to the bureau's
 * roles; to another institution it does not exist (404).
 */
import type { FastifyInstance } from 'fastify';
import { createReadStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { ALLOWED_EXTENSIONS, ATTACHMENT_MAX_BYTES, attachmentPath, contentDisposition, detectType, getAttachment,
  saveAttachment } from '../audit/attachments.js';
import { logAccess } from './auth/store.js';
import { fail } from './errors.js';
import { saveUploads, uploadFail, UploadError } from './admin-util.js';
import type { RouteDeps } from './route-deps.js';

export function registerAttachmentRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { ops } = deps;

  app.post('/api/v1/attachments', async (req, reply) => {
    const user = await deps.guard(req, reply);
    if (!user) return reply;
    let up: Awaited<ReturnType<typeof saveUploads>>;
    try {
      up = await saveUploads(req, deps.dataDir, { maxFiles: 1, maxFileBytes: ATTACHMENT_MAX_BYTES }, 'attachment');
    } catch (e) {
      if (e instanceof UploadError) return uploadFail(reply, e);
      throw e;
    }
    try {
      const f = up.files[0];
      const bytes = readFileSync(f.path);
      const type = detectType(f.name, bytes);
      if (!type) return fail(reply, 400, 'unsupported_file', 'admin.attachment.bad_type', { file: f.name, allowed: ALLOWED_EXTENSIONS.join(', ') }, f.name);
      const rec = await saveAttachment(ops, deps.dataDir, { name: f.name, bytes, content_type: type, uploaded_by: user.username,
        user_id: user.user_id, fixmedins_code: user.fixmedins_code });
      await logAccess(ops, { user, action: 'upload', object: `attachment ${rec.id}`, detail: { name: rec.name, size: rec.size, sha256: rec.sha256 }, ip: req.ip });
      return { id: rec.id, name: rec.name, size: Number(rec.size), sha256: rec.sha256, content_type: rec.content_type, at: rec.at };
    } finally {
      rmSync(up.dir, { recursive: true, force: true });
    }
  });

  app.get('/api/v1/attachments/:id', async (req, reply) => {
    const user = await deps.guard(req, reply);
    if (!user) return reply;
    const { id } = req.params as { id: string };
    const rec = await getAttachment(ops, id);
    const visible = rec && (user.role !== 'institution' || rec.fixmedins_code === user.fixmedins_code);
    const path = rec ? attachmentPath(deps.dataDir, rec.sha256) : '';
    if (!rec || !visible || !existsSync(path)) return fail(reply, 404, 'not_found', 'admin.attachment.not_found', { id });
    await logAccess(ops, { user, action: 'view', object: `attachment ${rec.id}`, detail: { name: rec.name }, ip: req.ip });
    reply.header('content-type', rec.content_type);
    reply.header('content-length', String(rec.size));
    reply.header('content-disposition', contentDisposition(rec.name));
    reply.header('x-content-type-options', 'nosniff');
    return reply.send(createReadStream(path));
  });
}
