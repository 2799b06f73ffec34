import { reactive, ref } from 'vue';
import { ApiError } from '../api/client';

/**
 * A form's errors from the API: each problem beside the field it names, the others above the
 * form. The API decides; the form only shows its words. `fields` are the API's field paths the
 * form shows (`projectName`, `funds.total`, `indicators[2].target`), so a refusal naming
 * `funds.total` lands under that input.
 */
export function useFormErrors<F extends string>(fields: readonly F[]) {
  const byField = reactive({}) as Record<F, string>;
  const general = ref('');

  function clear(): void {
    for (const f of fields) byField[f] = '';
    general.value = '';
  }

  function show(e: unknown): void {
    clear();
    if (!(e instanceof ApiError)) {
      general.value = e instanceof Error ? e.message : String(e);
      return;
    }
    const others: string[] = [];
    for (const p of e.problems) {
      const f = p.field as F | null;
      if (f && fields.includes(f) && !byField[f]) byField[f] = withoutLabel(p.message);
      else others.push(p.message);
    }
    general.value = others.join('；');
  }

  clear();
  return { byField, general, clear, show };
}

/** 「项目名称：不能超过 200 个字符」 beside the 项目名称 input reads 「不能超过 200 个字符」. */
function withoutLabel(message: string): string {
  const m = /^[^：:]{1,40}[：:]\s*(.+)$/s.exec(message);
  return m ? m[1] : message;
}
