/** What every workbench route module gets: the stores, the session guard and the warehouse's one-at-a-time queue. */
import type { OpStore } from '../store/opstore.js';
import type { Warehouse } from '../store/warehouse.js';
import type { Guard } from './auth/routes.js';

export interface RouteDeps {
  ops: OpStore;
  wh: Warehouse;
  guard: Guard;
  /** Every warehouse query goes through this: the process has one DuckDB connection. */
  serial: <T>(fn: () => Promise<T>) => Promise<T>;
  dataDir: string;
}
