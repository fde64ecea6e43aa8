// Runs every test/**/*.test.ts with node's test runner (TypeScript through tsx).
// Node 20's --test does not expand globs or pick up .ts files, hence this small launcher.
// The browser tests need the built pages: they are rebuilt first when a page source is newer than the build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, suffix) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p, suffix));
    else if (!suffix || name.endsWith(suffix)) out.push(p);
  }
  return out;
}

function webIsStale() {
  const built = 'dist/web/index.html';
  if (!existsSync(built)) return true;
  const t = statSync(built).mtimeMs;
  return [...find('web', ''), 'src/domain/messages/web.ts'].some((f) => statSync(f).mtimeMs > t);
}

const filter = process.argv.slice(2);
let files = find('test', '.test.ts');
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.some((f) => f.includes('e2e')) && webIsStale()) {
  const b = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
