/**
 * The fields of a rule's parameters, generated from its JSON schema: number, integer, boolean,
 * string, enum and array of strings get their own control; anything else is edited as JSON.
 */
import { Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import { useT } from '../i18n';
import type { JsonSchema } from '../rules';

/** The schema without a nullable wrapper (anyOf [X, null]). */
function plain(s: JsonSchema): JsonSchema {
  if (s.anyOf) {
    const other = s.anyOf.filter((x) => x.type !== 'null');
    if (other.length === 1) return { ...other[0], description: s.description ?? other[0].description, default: s.default ?? other[0].default };
  }
  return s;
}

const typeOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type);

export type FieldKind = 'enum' | 'boolean' | 'integer' | 'number' | 'string' | 'string_array' | 'json';

export function kindOf(raw: JsonSchema): FieldKind {
  const s = plain(raw);
  if (s.enum) return 'enum';
  const ty = typeOf(s);
  if (ty === 'boolean') return 'boolean';
  if (ty === 'integer') return 'integer';
  if (ty === 'number') return 'number';
  if (ty === 'string') return 'string';
  if (ty === 'array' && s.items && (typeOf(plain(s.items)) === 'string' || plain(s.items).enum)) return 'string_array';
  return 'json';
}

/** Form values from stored params (JSON fields become text). */
export function toFormValues(schema: JsonSchema | undefined, params: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(schema?.properties ?? {})) {
    const v = params?.[k] ?? plain(s).default;
    out[k] = kindOf(s) === 'json' ? (v === undefined ? '' : JSON.stringify(v, null, 2)) : v;
  }
  return out;
}

/** Params from form values (JSON text parsed; empty optional fields left out). */
export function fromFormValues(schema: JsonSchema | undefined, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(schema?.properties ?? {})) {
    const v = values[k];
    if (v === undefined || v === null || v === '') continue;
    const kind = kindOf(s);
    if (kind === 'json') out[k] = JSON.parse(String(v));
    else if (kind === 'number' || kind === 'integer') out[k] = Number(v);
    else out[k] = v;
  }
  return out;
}

export default function ParamForm({ schema, disabled, prefix }: { schema: JsonSchema | undefined; disabled?: boolean; prefix?: string }) {
  const t = useT();
  const props = Object.entries(schema?.properties ?? {});
  if (!props.length) return <Typography.Text type="secondary" data-testid="param-form-empty">{t('web.rules.no_params')}</Typography.Text>;
  const required = new Set(schema?.required ?? []);
  return (
    <div data-testid="param-form">
      {props.map(([key, raw]) => {
        const s = plain(raw);
        const kind = kindOf(raw);
        const rules = [{ required: required.has(key) && s.default === undefined, message: t('web.required') }];
        const common = { name: prefix ? [prefix, key] : key, label: <span>{s.title ?? key}</span>, extra: s.description, rules };
        const min = s.minimum ?? s.exclusiveMinimum;
        const max = s.maximum ?? s.exclusiveMaximum;
        const testId = `param-${key}`;
        switch (kind) {
          case 'enum':
            return <Form.Item key={key} {...common}><Select disabled={disabled} data-testid={testId} style={{ maxWidth: 320 }}
              options={(s.enum ?? []).map((e) => ({ value: e, label: String(e) }))} /></Form.Item>;
          case 'boolean':
            return <Form.Item key={key} {...common} valuePropName="checked"><Switch disabled={disabled} data-testid={testId} /></Form.Item>;
          case 'integer':
          case 'number':
            return <Form.Item key={key} {...common}><InputNumber disabled={disabled} data-testid={testId} min={min} max={max}
              precision={kind === 'integer' ? 0 : undefined} style={{ width: 200 }} /></Form.Item>;
          case 'string':
            return <Form.Item key={key} {...common}><Input disabled={disabled} data-testid={testId} style={{ maxWidth: 420 }} /></Form.Item>;
          case 'string_array': {
            const items = plain(s.items ?? {});
            return <Form.Item key={key} {...common}><Select disabled={disabled} data-testid={testId} mode={items.enum ? 'multiple' : 'tags'}
              tokenSeparators={[',', '，', ' ']} options={(items.enum ?? []).map((e) => ({ value: e, label: String(e) }))} /></Form.Item>;
          }
          default:
            return <Form.Item key={key} {...common} rules={[...rules, { validator: (_, v) => {
              try { if (v) JSON.parse(String(v)); return Promise.resolve(); } catch { return Promise.reject(new Error(t('web.rules.bad_json'))); }
            } }]}><Input.TextArea disabled={disabled} data-testid={testId} rows={4} style={{ fontFamily: 'monospace' }} /></Form.Item>;
        }
      })}
    </div>
  );
}
