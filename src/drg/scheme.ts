/**
 * A CHS-DRG style grouping scheme as data: zod schemas for its six JSON files, a loader from a
 * directory, a parser for already-read JSON (so a scheme kept in a database can be rebuilt) and
 * a content hash for versioning. Semantics: ../shared/data/chs-drg-1.1/README.md.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DRG_MESSAGES } from '../domain/messages/drg.js';

export type Condition =
  | { mainDiagIn: string }
  | { anyDiagIn: string }
  | { mainProcIn: string }
  | { anyProcIn: string }
  | { not: Condition }
  | { sexEq: string }
  | { ageYearsEq: number }
  | { ageDaysLte: number }
  | { weightGramsGt: number }
  | { weightGramsGte: number }
  | { weightGramsLt: number }
  | { procGroups: { codes: string; groupOf: string; anyOf: string[][] } }
  | { diagRegionsAtLeast: { regions: string; min: number } }
  | { always: true }
  | { hasMcc: true }
  | { hasMccOrCc: true };

export type ConditionKind = Condition extends infer C ? (C extends unknown ? keyof C : never) : never;

/** A single condition or a list of conditions that must all hold (the DRG level uses the former). */
export type When = Condition | Condition[];

// ---- text (the catalogue is read directly: registration in the index is done elsewhere) ----

function fill(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, p: string) => (p in params ? String(params[p]) : `{${p}}`));
}

/** A DRG catalogue text in one language. */
export function drgText(key: string, params: Record<string, unknown> = {}, lang: 'zh' | 'en' = 'zh'): string {
  const m = DRG_MESSAGES[key];
  if (!m) throw new Error(`unknown message key: ${key}`);
  return fill(m[lang], params);
}

export class DrgSchemeError extends Error {
  constructor(
    readonly key: string,
    readonly file: string,
    /** JSON path inside the file, e.g. `$.mdcs[3].adrgs[2].when[0]`; `$` for the whole file. */
    readonly path: string,
    readonly params: Record<string, unknown> = {},
  ) {
    const p = { file, path, ...params };
    super(`${drgText(key, p, 'zh')} | ${drgText(key, p, 'en')}`);
    this.name = 'DrgSchemeError';
  }
}

/** `$.mdcs[3]["AA1.ss"]` style path. */
export function jsonPath(parts: readonly PropertyKey[]): string {
  let s = '$';
  for (const p of parts) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) s += `.${p}`;
    else s += `[${JSON.stringify(String(p))}]`;
  }
  return s;
}

// ---- zod schemas ----

const listId = z.string().min(1);
const amount = z.number().finite().nonnegative();

const KIND_VALUE: Record<ConditionKind, z.ZodType> = {
  mainDiagIn: listId,
  anyDiagIn: listId,
  mainProcIn: listId,
  anyProcIn: listId,
  not: z.lazy(() => ConditionSchema),
  sexEq: z.string().min(1),
  ageYearsEq: z.number().int().nonnegative(),
  ageDaysLte: amount,
  weightGramsGt: amount,
  weightGramsGte: amount,
  weightGramsLt: amount,
  procGroups: z.strictObject({
    codes: listId,
    groupOf: listId,
    anyOf: z.array(z.array(z.string().min(1)).min(1)).min(1),
  }),
  diagRegionsAtLeast: z.strictObject({ regions: listId, min: z.number().int().positive() }),
  always: z.literal(true),
  hasMcc: z.literal(true),
  hasMccOrCc: z.literal(true),
};

export const CONDITION_KINDS = Object.keys(KIND_VALUE) as ConditionKind[];

type Ctx = z.core.$RefinementCtx;

function forward(ctx: Ctx, r: z.ZodSafeParseResult<unknown>, prefix: PropertyKey[]): void {
  if (r.success) return;
  for (const i of r.error.issues) {
    ctx.addIssue({ code: 'custom', message: i.message, path: [...prefix, ...i.path], params: (i as { params?: unknown }).params ?? {} });
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One condition: an object with exactly one known key. Hand-checked for clear messages. */
export const ConditionSchema: z.ZodType<Condition> = z.custom<Condition>(() => true).superRefine((value, ctx) => {
  const v: unknown = value;
  if (!isPlainObject(v) || Object.keys(v).length !== 1) {
    ctx.addIssue({ code: 'custom', message: 'a condition must be an object with exactly one key', params: { key: 'drg.scheme.notObject' } });
    return;
  }
  const kind = Object.keys(v)[0];
  if (!Object.hasOwn(KIND_VALUE, kind)) {
    ctx.addIssue({ code: 'custom', message: `unknown condition kind "${kind}"`, path: [kind], params: { key: 'drg.scheme.unknownKind', kind } });
    return;
  }
  forward(ctx, KIND_VALUE[kind as ConditionKind].safeParse(v[kind]), [kind]);
});

// An empty list holds (all of nothing): MDCP's last ADRG (PV1) is written that way.
const ConditionListSchema = z.array(ConditionSchema);

export const WhenSchema: z.ZodType<When> = z.custom<When>(() => true).superRefine((v, ctx) => {
  forward(ctx, (Array.isArray(v) ? ConditionListSchema : ConditionSchema).safeParse(v), []);
});

export const DrgSchema = z.looseObject({ code: z.string().min(1), name: z.string(), when: WhenSchema });
export const AdrgSchema = z.looseObject({ code: z.string().min(1), when: WhenSchema, drgs: z.array(DrgSchema).min(1) });
export const MdcSchema = z.looseObject({ code: z.string().min(1), when: WhenSchema, adrgs: z.array(AdrgSchema).min(1) });
export const SchemeFileSchema = z.looseObject({ version: z.string().min(1), mdcs: z.array(MdcSchema).min(1) });

const CodeArray = z.array(z.string());
const RegionMap = z.record(z.string().min(1), z.string().min(1));
/** `{listId: [codes…]}`; a list may instead be an object `{diagnosis code: body region}`. */
export const CodeListsFileSchema = z.record(
  z.string().min(1),
  z.custom<string[] | Record<string, string>>(() => true).superRefine((v, ctx) => {
    forward(ctx, (Array.isArray(v) ? CodeArray : RegionMap).safeParse(v), []);
  }),
);
/** `{diagnosis code: exclusion group id}` (mcc.json, cc.json, exclusion-groups.json). */
export const CodeGroupFileSchema = z.record(z.string().min(1), z.string().min(1));
/** `{DRG code: name}`. */
export const DrgNamesFileSchema = z.record(z.string().min(1), z.string());

export type DrgDef = z.infer<typeof DrgSchema>;
export type AdrgDef = z.infer<typeof AdrgSchema>;
export type MdcDef = z.infer<typeof MdcSchema>;
export type SchemeFile = z.infer<typeof SchemeFileSchema>;
export type CodeLists = z.infer<typeof CodeListsFileSchema>;

/** The six files, parsed and cross-checked. */
export interface DrgSchemeData {
  /** From scheme.json. */
  version: string;
  scheme: SchemeFile;
  codeLists: CodeLists;
  mcc: Record<string, string>;
  cc: Record<string, string>;
  exclusionGroups: Record<string, string>;
  drgNames: Record<string, string>;
}

/** The files' raw JSON content, before validation. */
export type DrgSchemeJson = Record<Exclude<keyof DrgSchemeData, 'version'>, unknown>;

export const DRG_SCHEME_FILES: Record<keyof DrgSchemeJson, string> = {
  scheme: 'scheme.json',
  codeLists: 'code-lists.json',
  mcc: 'mcc.json',
  cc: 'cc.json',
  exclusionGroups: 'exclusion-groups.json',
  drgNames: 'drg-names.json',
};

const FILE_SCHEMAS: Record<keyof DrgSchemeJson, z.ZodType> = {
  scheme: SchemeFileSchema,
  codeLists: CodeListsFileSchema,
  mcc: CodeGroupFileSchema,
  cc: CodeGroupFileSchema,
  exclusionGroups: CodeGroupFileSchema,
  drgNames: DrgNamesFileSchema,
};

function validateFile<T>(part: keyof DrgSchemeJson, value: unknown): T {
  const file = DRG_SCHEME_FILES[part];
  const r = FILE_SCHEMAS[part].safeParse(value);
  if (r.success) return r.data as T;
  // The first issue (in document order) is reported; it is usually the cause of the others.
  const i = r.error.issues[0];
  const path = jsonPath(i.path);
  const params = ((i as { params?: Record<string, unknown> }).params ?? {}) as Record<string, unknown>;
  if (typeof params.key === 'string' && params.key in DRG_MESSAGES) throw new DrgSchemeError(params.key, file, path, params);
  const more = r.error.issues.length > 1 ? ` (+${r.error.issues.length - 1} more)` : '';
  throw new DrgSchemeError('drg.scheme.invalid', file, path, { detail: i.message + more });
}

// ---- cross-checks the schemas cannot express ----

function conditions(w: When): Condition[] {
  return Array.isArray(w) ? w : [w];
}

function isAlways(w: When): boolean {
  const cs = conditions(w);
  return cs.every((c) => 'always' in c);
}

function crossCheck(d: DrgSchemeData): void {
  const file = DRG_SCHEME_FILES.scheme;
  const lists = d.codeLists;
  const codeList = (id: string, at: PropertyKey[]): string[] => {
    const l = Object.hasOwn(lists, id) ? lists[id] : undefined;
    if (l === undefined) throw new DrgSchemeError('drg.scheme.unknownList', file, jsonPath(at), { list: id });
    if (!Array.isArray(l)) throw new DrgSchemeError('drg.scheme.notCodeList', file, jsonPath(at), { list: id });
    return l;
  };
  const checkCond = (c: Condition, at: PropertyKey[]): void => {
    if ('mainDiagIn' in c) codeList(c.mainDiagIn, [...at, 'mainDiagIn']);
    else if ('anyDiagIn' in c) codeList(c.anyDiagIn, [...at, 'anyDiagIn']);
    else if ('mainProcIn' in c) codeList(c.mainProcIn, [...at, 'mainProcIn']);
    else if ('anyProcIn' in c) codeList(c.anyProcIn, [...at, 'anyProcIn']);
    else if ('not' in c) checkCond(c.not, [...at, 'not']);
    else if ('diagRegionsAtLeast' in c) {
      const id = c.diagRegionsAtLeast.regions;
      const at2 = [...at, 'diagRegionsAtLeast', 'regions'];
      const l = Object.hasOwn(lists, id) ? lists[id] : undefined;
      if (l === undefined) throw new DrgSchemeError('drg.scheme.unknownList', file, jsonPath(at2), { list: id });
      if (Array.isArray(l)) throw new DrgSchemeError('drg.scheme.notRegionMap', file, jsonPath(at2), { list: id });
    } else if ('procGroups' in c) {
      const g = c.procGroups;
      const at2 = [...at, 'procGroups'];
      const codes = codeList(g.codes, [...at2, 'codes']);
      const labels = codeList(g.groupOf, [...at2, 'groupOf']);
      if (codes.length !== labels.length) {
        throw new DrgSchemeError('drg.scheme.groupLengths', file, jsonPath(at2), { codes: g.codes, groupOf: g.groupOf, n: codes.length, m: labels.length });
      }
      // A code listed twice must keep one label: "the label at the same index" is otherwise ambiguous.
      const labelOf = new Map<string, string>();
      codes.forEach((code, k) => {
        const prev = labelOf.get(code);
        if (prev !== undefined && prev !== labels[k]) {
          throw new DrgSchemeError('drg.scheme.groupConflict', file, jsonPath(at2), { code, groupOf: g.groupOf, labels: `${prev}, ${labels[k]}` });
        }
        labelOf.set(code, labels[k]);
      });
      const known = new Set(labels);
      g.anyOf.forEach((alt, a) => alt.forEach((label, b) => {
        if (!known.has(label)) throw new DrgSchemeError('drg.scheme.unknownLabel', file, jsonPath([...at2, 'anyOf', a, b]), { label, groupOf: g.groupOf });
      }));
    }
  };
  const checkWhen = (w: When, at: PropertyKey[]): void => {
    if (Array.isArray(w)) w.forEach((c, k) => checkCond(c, [...at, k]));
    else checkCond(w, at);
  };
  const seen = new Map<string, string>();
  const unique = (code: string, at: PropertyKey[]): void => {
    const first = seen.get(code);
    if (first !== undefined) throw new DrgSchemeError('drg.scheme.duplicateCode', file, jsonPath(at), { code, first });
    seen.set(code, jsonPath(at));
  };
  d.scheme.mdcs.forEach((m, i) => {
    const mAt = ['mdcs', i];
    unique(m.code, [...mAt, 'code']);
    checkWhen(m.when, [...mAt, 'when']);
    m.adrgs.forEach((a, j) => {
      const aAt = [...mAt, 'adrgs', j];
      unique(a.code, [...aAt, 'code']);
      checkWhen(a.when, [...aAt, 'when']);
      a.drgs.forEach((g, k) => {
        const gAt = [...aAt, 'drgs', k];
        unique(g.code, [...gAt, 'code']);
        checkWhen(g.when, [...gAt, 'when']);
        if (!Object.hasOwn(d.drgNames, g.code)) throw new DrgSchemeError('drg.scheme.missingName', file, jsonPath([...gAt, 'code']), { drg: g.code });
      });
      const last = a.drgs[a.drgs.length - 1];
      if (!isAlways(last.when)) {
        throw new DrgSchemeError('drg.scheme.lastDrgNotAlways', file, jsonPath([...aAt, 'drgs', a.drgs.length - 1, 'when']), { adrg: a.code, drg: last.code });
      }
    });
  });
}

// ---- entry points ----

/** Validates the six files' already-parsed JSON (e.g. read back from a database). */
export function parseDrgScheme(json: DrgSchemeJson): DrgSchemeData {
  const scheme = validateFile<SchemeFile>('scheme', json.scheme);
  const data: DrgSchemeData = {
    version: scheme.version,
    scheme,
    codeLists: validateFile<CodeLists>('codeLists', json.codeLists),
    mcc: validateFile<Record<string, string>>('mcc', json.mcc),
    cc: validateFile<Record<string, string>>('cc', json.cc),
    exclusionGroups: validateFile<Record<string, string>>('exclusionGroups', json.exclusionGroups),
    drgNames: validateFile<Record<string, string>>('drgNames', json.drgNames),
  };
  crossCheck(data);
  return data;
}

/** Reads and validates the six files of a scheme directory. */
export async function loadDrgScheme(dir: string): Promise<DrgSchemeData> {
  const json = {} as DrgSchemeJson;
  for (const [part, name] of Object.entries(DRG_SCHEME_FILES) as [keyof DrgSchemeJson, string][]) {
    const path = join(dir, name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DrgSchemeError('drg.scheme.fileNotFound', path, '$');
      throw e;
    }
    try {
      json[part] = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (e) {
      throw new DrgSchemeError('drg.scheme.badJson', path, '$', { detail: (e as Error).message });
    }
  }
  try {
    return parseDrgScheme(json);
  } catch (e) {
    // Name the file by its full path, as for the read errors above.
    if (e instanceof DrgSchemeError) throw new DrgSchemeError(e.key, join(dir, e.file), e.path, e.params);
    throw e;
  }
}

/** JSON with object keys sorted at every level, arrays in order: the same content gives the same text. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      out.push('[');
      v.forEach((x, i) => { if (i) out.push(','); walk(x); });
      out.push(']');
    } else if (typeof v === 'object' && v !== null) {
      out.push('{');
      const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
      keys.forEach((k, i) => {
        if (i) out.push(',');
        out.push(JSON.stringify(k), ':');
        walk((v as Record<string, unknown>)[k]);
      });
      out.push('}');
    } else {
      out.push(JSON.stringify(v) ?? 'null');
    }
  };
  walk(value);
  return out.join('');
}

/** sha256 (hex) of the scheme's canonical serialisation: identifies a scheme version by content. */
export function drgSchemeHash(data: DrgSchemeData): string {
  const { scheme, codeLists, mcc, cc, exclusionGroups, drgNames } = data;
  return createHash('sha256').update(canonicalJson({ scheme, codeLists, mcc, cc, exclusionGroups, drgNames })).digest('hex');
}
