import { ref } from 'vue';
import { api, unwrap, type Schemas } from '../api/client';

type Reference = Schemas['ReferenceView'];
type EnumValue = { value: string; zh: string; en: string };

/**
 * The API's vocabulary (`GET /api/reference`): every enumeration with its words, every finding
 * code with its severity, every error code. Loaded once per page load and shared; the console
 * never keeps its own copy of a label the API knows (states, roles, levels, lights, grades …).
 */
const reference = ref<Reference | null>(null);
let loading: Promise<Reference> | null = null;

export function useReference() {
  async function load(): Promise<Reference> {
    if (reference.value) return reference.value;
    loading ??= unwrap(api.GET('/api/reference')).then((r) => (reference.value = r as Reference));
    return loading;
  }

  /** The values of an enumeration (`state`, `role`, `level1` …), in the API's order. */
  function values(name: string): EnumValue[] {
    const all = reference.value?.enumerations as Record<string, EnumValue[]> | undefined;
    return all?.[name] ?? [];
  }

  /** A code's word (`internalReview` → 单位内部审核); the code itself until the reference is loaded. */
  function label(name: string, value: string | null | undefined): string {
    if (value === null || value === undefined) return '';
    return values(name).find((v) => v.value === value)?.zh ?? value;
  }

  return { reference, load, values, label };
}
