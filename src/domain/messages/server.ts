import type { Catalogue } from './index.js';

export const SERVER_MESSAGES: Catalogue = {
};
