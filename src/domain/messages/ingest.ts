import type { Catalogue } from './index.js';

export const INGEST_MESSAGES: Catalogue = {
};
