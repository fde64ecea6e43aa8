/** Helpers shared by the rules, jobs, knowledge, attachment, token and self-check routes. */
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fail } from './errors.js';
import type { Role } from './auth/store.js';
import { cleanFileName } from '../audit/attachments.js';

export const BUREAU: Role[] = ['admin', 'supervisor', 'auditor'];


export { parseOr400 } from './errors.js';

export const positiveId = (s: string): number | null => (/^\d{1,9}$/.test(s) && Number(s) > 0 ? Number(s) : null);

export interface Upload { name: string; path: string; size: number }
export interface UploadLimits { maxFiles: number; maxFileBytes: number }

export class UploadError extends Error {
  constructor(readonly status: number, readonly code: string, readonly key: string, readonly vars: Record<string, unknown>, readonly field: string | null) {
    super(key);
  }
}

/**
 * Saves every file part of a multipart request into a new folder under `<dataDir>/tmp`, under its
 * own (cleaned) name. Throws UploadError (nothing kept) for too many or too large files, a name
 * given twice, or a request that is not multipart. Other form fields are returned as text.
 */
export async function saveUploads(req: FastifyRequest, dataDir: string, limits: UploadLimits, prefix: string):
  Promise<{ dir: string; files: Upload[]; fields: Record<string, string> }> {
  if (!req.isMultipart()) throw new UploadError(400, 'not_multipart', 'admin.upload.not_multipart', {}, '(body)');
  const dir = join(dataDir, 'tmp', `${prefix}-${randomUUID()}`);
  mkdirSync(dir, { recursive: true });
  const files: Upload[] = [];
  const fields: Record<string, string> = {};
  try {
    // One more than allowed, so that "too many" is told apart from "just enough".
    for await (const part of req.parts({ limits: { files: limits.maxFiles + 1, fileSize: limits.maxFileBytes, fields: 20, fieldSize: 10_000 } })) {
      if (part.type === 'field') { fields[part.fieldname] = String(part.value); continue; }
      const name = cleanFileName(part.filename ?? '');
      if (files.length >= limits.maxFiles) {
        part.file.resume();
        throw new UploadError(400, 'too_many_files', 'admin.upload.too_many_files', { max: limits.maxFiles }, '(body)');
      }
      if (!name) { part.file.resume(); throw new UploadError(400, 'bad_file_name', 'admin.upload.bad_name', { file: part.filename ?? '' }, part.fieldname); }
      if (files.some((f) => f.name === name)) { part.file.resume(); throw new UploadError(400, 'duplicate_file', 'admin.upload.duplicate', { file: name }, name); }
      const path = join(dir, name);
      try {
        await pipeline(part.file, createWriteStream(path));
      } catch (e) {
        if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' || part.file.truncated) {
          throw new UploadError(413, 'file_too_large', 'admin.upload.too_large', { file: name, mb: Math.round(limits.maxFileBytes / 1048576) }, name);
        }
        throw e;
      }
      if (part.file.truncated) {
        throw new UploadError(413, 'file_too_large', 'admin.upload.too_large', { file: name, mb: Math.round(limits.maxFileBytes / 1048576) }, name);
      }
      files.push({ name, path, size: part.file.bytesRead });
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    if (e instanceof UploadError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') throw new UploadError(400, 'too_many_files', 'admin.upload.too_many_files', { max: limits.maxFiles }, '(body)');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new UploadError(400, 'not_multipart', 'admin.upload.not_multipart', {}, '(body)');
    throw e;
  }
  if (!files.length) {
    rmSync(dir, { recursive: true, force: true });
    throw new UploadError(400, 'no_files', 'admin.upload.no_files', {}, '(body)');
  }
  return { dir, files, fields };
}

export function uploadFail(reply: FastifyReply, e: UploadError) {
  return fail(reply, e.status, e.code, e.key, e.vars, e.field);
}
