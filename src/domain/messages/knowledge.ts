import type { Catalogue } from './index.js';

export const KNOWLEDGE_MESSAGES: Catalogue = {
};
