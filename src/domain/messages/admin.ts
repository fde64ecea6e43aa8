/** Messages of the rules, knowledge, audit task, sample, attachment and token APIs. */
import type { Catalogue } from './index.js';

export const ADMIN_MESSAGES: Catalogue = {
};
