/** Choosing a rule by name (from /rules); a plain id box when the rule list is not available. */
import { Input, Select } from 'antd';
import { useI18n } from '../i18n';
import { ruleName, useRuleMap } from '../rules';

interface Props { value?: string; onChange?: (v: string | undefined) => void; enabled?: boolean; multiple?: boolean; testId?: string }

export default function RuleSelect({ value, onChange, enabled = true, testId = 'filter-rule' }: Props) {
  const { t, lang } = useI18n();
  const rules = useRuleMap(enabled);
  if (!rules.size) {
    return <Input allowClear value={value} placeholder={t('web.filter.rule_id')} data-testid={testId}
      onChange={(e) => onChange?.(e.target.value.trim() || undefined)} style={{ width: 200 }} />;
  }
  return (
    <Select allowClear showSearch={{ optionFilterProp: 'label' }} value={value} onChange={(v) => onChange?.(v ?? undefined)} style={{ width: 220 }}
      placeholder={t('web.filter.rule')} data-testid={testId}
      options={[...rules.values()].map((r) => ({ value: r.rule_id, label: `${ruleName(rules, r.rule_id, lang)} (${r.rule_id})` }))} />
  );
}
