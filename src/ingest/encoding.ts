/**
 * Text encodings of extract files. Real extracts come as UTF-8 (with or without BOM) or as
 * GBK/GB18030 from older Windows tools. Detection: a BOM decides; otherwise a sample that is valid
 * UTF-8 is UTF-8, and anything else is read as GB18030 (a superset of GBK and GB2312).
 */
import { createReadStream, createWriteStream, openSync, readSync, closeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import iconv from 'iconv-lite';

export type TextEncoding = 'utf8' | 'gb18030';

const SAMPLE_BYTES = 4 * 1024 * 1024;

export function normaliseEncoding(name: string): TextEncoding {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (n === 'utf8' || n === 'utf8bom') return 'utf8';
  if (n === 'gbk' || n === 'gb2312' || n === 'gb18030' || n === 'cp936') return 'gb18030';
  throw new Error(`unsupported encoding: ${name} (utf8, gbk, gb18030)`);
}

export function readHead(path: string, bytes = SAMPLE_BYTES): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export function hasUtf8Bom(buf: Buffer): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

/** Whether the bytes are valid UTF-8, ignoring a multi-byte sequence cut off at the end. */
export function isValidUtf8(buf: Buffer, truncated: boolean): boolean {
  let end = buf.length;
  if (truncated) {
    // Step back over at most 3 continuation bytes to the start of the last sequence.
    let i = end - 1;
    while (i >= 0 && end - i <= 4 && (buf[i] & 0xc0) === 0x80) i--;
    if (i >= 0 && buf[i] >= 0xc0) end = i;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

export function detectEncoding(path: string): TextEncoding {
  const head = readHead(path);
  if (hasUtf8Bom(head)) return 'utf8';
  return isValidUtf8(head, head.length === SAMPLE_BYTES) ? 'utf8' : 'gb18030';
}

/** Streams a GB18030 file into a UTF-8 file (iconv-lite: measured faster here than ICU's TextDecoder). */
export async function transcodeToUtf8(src: string, dst: string, from: TextEncoding,
  onBytes?: (n: number) => void): Promise<void> {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) { onBytes?.(chunk.length); cb(null, chunk); },
  });
  await pipeline(createReadStream(src, { highWaterMark: 4 * 1024 * 1024 }), counter,
    iconv.decodeStream(from === 'gb18030' ? 'gb18030' : 'utf8'), iconv.encodeStream('utf8'), createWriteStream(dst));
}
