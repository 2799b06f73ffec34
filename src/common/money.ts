import { CommonErrors } from './common.messages';

/**
 * Money is exact: the API speaks decimal strings with up to two decimals ("154280000.00"),
 * storage holds integer fen (bigint), and arithmetic is done on BigInt. Never a JS float.
 */
export type Fen = bigint;

const MONEY = /^(-)?(\d{1,15})(?:\.(\d{1,2}))?$/;

/** Parses a money string to fen. `field` names the field in the error message. */
export function parseMoney(value: unknown, field: string, opts: { allowNegative?: boolean } = {}): Fen {
  if (typeof value !== 'string') {
    throw CommonErrors.FIELD_MONEY({}, { field });
  }
  const m = MONEY.exec(value.trim());
  if (!m) {
    throw CommonErrors.FIELD_MONEY({}, { field });
  }
  if (m[1] && !opts.allowNegative) throw CommonErrors.FIELD_MONEY_NEGATIVE({}, { field });
  const fen = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** Parses the form's own writing of an amount: "154,280,000.00" (thousands separators allowed). */
export function parseFormMoney(text: string, field: string): Fen {
  return parseMoney(text.replace(/[,，\s]/g, ''), field);
}

export function formatMoney(fen: Fen): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const yuan = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${yuan}.${cents}`;
}

/** TypeORM column transformer: bigint fen in the database, bigint in the entity. */
export const fenTransformer = {
  to: (v: Fen | null | undefined) => (v === null || v === undefined ? v : v.toString()),
  from: (v: string | number | bigint | null) => (v === null || v === undefined ? null : BigInt(v)),
};
