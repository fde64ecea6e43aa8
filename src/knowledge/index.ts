/**
 * Knowledge module: the national two-libraries batches and ICD dictionaries as versioned sets.
 * Rules read the kn_effective_* views (see schema.ts) after ensureKnowledgeSchema.
 */
export { importKnowledge } from './import.js';
export { ensureKnowledgeSchema, listKnowledgeSets } from './store.js';
export { KN_TABLES, KN_TABLE_NAMES, KNOWLEDGE_MIGRATIONS, effectiveView, type KnTable } from './schema.js';
export {
  KNOWLEDGE_KINDS, KnowledgeImportError, type KnowledgeFileReport, type KnowledgeImportOptions,
  type KnowledgeImportReport, type KnowledgeKind, type KnowledgeSetInfo, type RejectedRow, type SheetReport,
} from './types.js';
