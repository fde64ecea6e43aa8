/** Starts `fundguard start` (from the sources) on a data dir and resolves once it serves. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

export interface Started { url: string; stop: () => Promise<void>; log: () => string }

export function startDemo(dataDir: string, persons: number, timeoutMs = 180_000): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--data-dir', dataDir, 'start', '--port', '0', '--persons', String(persons)],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } });
    let err = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no start within ${timeoutMs / 1000} s:\n${err}`)); }, timeoutMs);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /服务已启动：(http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], log: () => err,
          stop: () => new Promise((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}:\n${err}`)); });
  });
}
