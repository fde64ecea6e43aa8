/** The demo region generator and the benchmark fee-file writer. */
export { generateDemoRegion, DEMO_DEFAULTS } from './region.js';
export { writeScaleFeeFile, type ScaleOptions } from './scale.js';
export type { DemoOptions, DemoSummary, Manifest, ManifestCase, ManifestDrg, ManifestDrgCase } from './types.js';
export { AGREEMENT_STATUS, DOCTOR_STATUS, FIXMEDINS_TYPE } from './providers.js';
export { demoColumns } from './emit.js';
export { demoRuleParams } from './rule-params.js';
export { DEMO_DRG_DIR, DEMO_DRG_VERSION, demoDrgScheme, demoDrgSamples, writeDemoDrgScheme } from './drg-scheme.js';
