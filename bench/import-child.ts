// One import in its own process; prints {seconds, loaded, rss_mib} as the last line.
import { Warehouse } from '../src/store/warehouse.js';
import { importPath } from '../src/ingest/importer.js';
import { peakRssMiB } from './machine.js';

const [dataDir, src] = process.argv.slice(2);
const wh = await Warehouse.open(dataDir);
const t0 = performance.now();
const s = await importPath(wh, dataDir, src);
const seconds = (performance.now() - t0) / 1000;
wh.close();
console.log(JSON.stringify({ seconds, loaded: s.rows_loaded, rejected: s.rows_rejected, rss_mib: peakRssMiB() }));
