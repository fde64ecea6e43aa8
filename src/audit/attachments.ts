/**
 * Attachments (申诉材料 and the like): files kept under <data-dir>/attachments/<sha256> (one copy
 * per content) with their metadata in the operational store. Only a few document and image types
 * are accepted, checked by extension AND by the file's first bytes, so an executable renamed
 * .pdf is refused.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { OpMigration, OpQueryable, OpStore } from '../store/opstore.js';

export const ATTACHMENT_MIGRATIONS: OpMigration[] = [
  { version: 1, sql: `
    CREATE TABLE IF NOT EXISTS wb_attachment (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, size BIGINT NOT NULL, sha256 TEXT NOT NULL, content_type TEXT NOT NULL,
      uploaded_by TEXT NOT NULL, user_id INTEGER, fixmedins_code TEXT, at TIMESTAMPTZ NOT NULL DEFAULT now());
    CREATE INDEX IF NOT EXISTS wb_attachment_inst ON wb_attachment (fixmedins_code)` },
];

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

const TYPES: Record<string, { mime: string; ok: (b: Buffer) => boolean }> = {
  '.pdf': { mime: 'application/pdf', ok: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  '.jpg': { mime: 'image/jpeg', ok: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  '.jpeg': { mime: 'image/jpeg', ok: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  '.png': { mime: 'image/png', ok: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  '.zip': { mime: 'application/zip', ok: (b) => isZip(b) },
  // Office files are zip packages; the part names tell a Word file from a workbook.
  '.docx': { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ok: (b) => isZip(b) && b.includes('word/') },
  '.xlsx': { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ok: (b) => isZip(b) && b.includes('xl/') },
};

function isZip(b: Buffer): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 0x03 && b[3] === 0x04) || (b[2] === 0x05 && b[3] === 0x06));
}

export const ALLOWED_EXTENSIONS = ['pdf', 'jpg', 'png', 'docx', 'xlsx', 'zip'];

/** The content type of an acceptable file, or null when its extension or its bytes are not one of ours. */
export function detectType(name: string, bytes: Buffer): string | null {
  const t = TYPES[extname(name).toLowerCase()];
  return t && bytes.length > 0 && t.ok(bytes) ? t.mime : null;
}

/** A file name safe to store and show: the last path part, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(-200);
  return clean === '.' || clean === '..' ? '' : clean;
}

export interface AttachmentRecord {
  id: string; name: string; size: number; sha256: string; content_type: string;
  uploaded_by: string; fixmedins_code: string | null; at: string;
}

const COLS = `id, name, size::int AS size, sha256, content_type, uploaded_by, fixmedins_code, to_char(at, 'YYYY-MM-DD HH24:MI:SS') AS at`;

export function attachmentPath(dataDir: string, sha256: string): string {
  return join(dataDir, 'attachments', sha256);
}

/** Stores the bytes (once per content) and records the upload. */
export async function saveAttachment(ops: OpStore, dataDir: string, a: { name: string; bytes: Buffer; content_type: string;
  uploaded_by: string; user_id: number; fixmedins_code: string | null }): Promise<AttachmentRecord> {
  await ops.ensureSchema('workbench_attachments', ATTACHMENT_MIGRATIONS);
  const sha256 = createHash('sha256').update(a.bytes).digest('hex');
  const path = attachmentPath(dataDir, sha256);
  if (!existsSync(path)) {
    mkdirSync(join(dataDir, 'attachments'), { recursive: true });
    // Written aside and renamed, so a crash never leaves a partial file under the content's name.
    const tmp = `${path}.${randomUUID()}.part`;
    try {
      writeFileSync(tmp, a.bytes);
      renameSync(tmp, path);
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  const [row] = await ops.query<AttachmentRecord>(`INSERT INTO wb_attachment (id, name, size, sha256, content_type, uploaded_by, user_id,
    fixmedins_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLS}`,
  [randomUUID(), a.name, a.bytes.length, sha256, a.content_type, a.uploaded_by, a.user_id, a.fixmedins_code]);
  return row;
}

export async function getAttachment(ops: OpStore, id: string): Promise<AttachmentRecord | null> {
  await ops.ensureSchema('workbench_attachments', ATTACHMENT_MIGRATIONS);
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return (await ops.query<AttachmentRecord>(`SELECT ${COLS} FROM wb_attachment WHERE id = $1`, [id]))[0] ?? null;
}

/** Attachments by id, for checking what a review transition cites (inside its transaction when given one). */
export async function attachmentsByIds(q: OpQueryable, ids: string[]): Promise<Map<string, AttachmentRecord>> {
  const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (!valid.length) return new Map();
  const rows = await q.query<AttachmentRecord>(`SELECT ${COLS} FROM wb_attachment WHERE id = ANY($1::text[])`, [`{${valid.join(',')}}`]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** RFC 6266/5987 content-disposition: filename* carries the real (UTF-8) name, filename an ASCII stand-in. */
export function contentDisposition(name: string, inline = false): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'file';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encoded}; filename="${ascii}"`;
}

export async function ensureAttachmentSchema(ops: OpStore): Promise<void> {
  await ops.ensureSchema('workbench_attachments', ATTACHMENT_MIGRATIONS);
}
