/** Where a region's stores live. Everything the platform writes goes under this one folder. */
import { resolve } from 'node:path';

export const DEFAULT_DATA_DIR = './data';

export function resolveDataDir(dir?: string): string {
  return resolve(dir ?? process.env.FUNDGUARD_DATA_DIR ?? DEFAULT_DATA_DIR);
}
