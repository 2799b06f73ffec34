import { reactive, ref } from 'vue';
import { ApiError } from '../api/client';

/**
 * A form's errors from the API: the message beside the field it names, or above the form when
 * it names none of the form's fields. The API decides; the form only shows its words.
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
    if (e instanceof ApiError) {
      const f = e.field as F | null;
      if (f && fields.includes(f)) byField[f] = e.fieldMessage;
      else general.value = e.message;
    } else {
      general.value = e instanceof Error ? e.message : String(e);
    }
  }

  clear();
  return { byField, general, clear, show };
}
