import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';

/** The year a page opens on: ?year= (four digits, 2000–2100), else the current year. */
export function yearFrom(value: unknown): number {
  const y = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : NaN;
  return y >= 2000 && y <= 2100 ? y : new Date().getFullYear();
}

/**
 * A page's year, kept in the URL (?year=), so the choice survives a reload, can be shared, and
 * back returns to the last year. The picker offers the next year (being declared) and five back
 * (closed and evaluated years), and the URL's year when it is outside them.
 */
export function useYearQuery() {
  const route = useRoute();
  const router = useRouter();
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 6 }, (_, i) => thisYear + 1 - i);
  const year = computed(() => yearFrom(route.query.year));
  const yearOptions = computed(() =>
    years.includes(year.value) ? years : [...years, year.value].sort((a, b) => b - a),
  );
  function chooseYear(y: number): void {
    void router.push({ query: { ...route.query, year: String(y) } });
  }
  return { year, yearOptions, chooseYear };
}
