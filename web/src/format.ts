/**
 * Formatting for people, never arithmetic: money is a decimal string from the API and stays a
 * string (no JavaScript float ever holds an amount); the console only groups its digits.
 */
export function formatMoney(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m) return value;
  const grouped = m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${m[1]}${grouped}.${(m[3] ?? '').padEnd(2, '0')}`;
}

/** `2026-11-30T08:15:00.000Z` → `2026-11-30 16:15` in Beijing time, as the agency reads it. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const bj = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${bj.slice(0, 10)} ${bj.slice(11, 16)}`;
}
