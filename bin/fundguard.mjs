#!/usr/bin/env node
// CLI entry: runs the compiled build (npm install builds it through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  console.error('FundGuard 尚未构建：请先运行 npm install（或 npm run build）。 / Not built yet: run npm install or npm run build.');
  process.exit(1);
}
await import(entry);
