// The server for the precheck benchmark, in its own process; prints "ready <url>" when listening.
import { Warehouse } from '../src/store/warehouse.js';
import { openOpStore } from '../src/store/opstore.js';
import { buildApp } from '../src/server/app.js';

const [dataDir] = process.argv.slice(2);
const wh = await Warehouse.open(dataDir);
const ops = await openOpStore({ dataDir });
const app = await buildApp({ wh, ops, dataDir, version: 'bench', ratePerSecond: 100_000 });
const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`ready ${url}`);
process.on('SIGTERM', () => { void app.close().then(async () => { await ops.close(); wh.close(); process.exit(0); }); });
