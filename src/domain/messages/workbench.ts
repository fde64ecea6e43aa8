/** Messages of the dashboard, institution portal and deduction notice APIs. */
import type { Catalogue } from './index.js';

export const WORKBENCH_MESSAGES: Catalogue = {
};
