import { allEnumerations, valueLabel, type Lang } from '../common/i18n';
import { stateLabel } from '../lifecycle/declaration.machine';

/**
 * A declaration's state as a person reads it on a printed form: 编制中, 绩效监控 · 填报中 —
 * never the code (`monitoring.reporting`). The workflow module registers the states as the
 * enumeration `state` (issue 13); until it has, the machine's own labels are used. Kept apart
 * from the workbook writers so the parse worker, which loads those, does not load the machine.
 */
export function stateWords(state: string, lang: Lang = 'zh'): string {
  const registered = allEnumerations().state?.some((e) => e.value === state);
  if (registered) return valueLabel(state, lang, 'state');
  return lang === 'zh' ? stateLabel(state) : state;
}
