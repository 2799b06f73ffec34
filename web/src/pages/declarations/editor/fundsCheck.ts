import Decimal from 'decimal.js';
import type { FundKey } from './formModel';

/**
 * The sum checks of the funds block, live as the user types (domain §3: FUNDS_ANNUAL_SUM,
 * FUNDS_TOTAL_BELOW_ANNUAL, FUNDS_TOTAL_MISSING), in exact decimals: an amount is a string of
 * yuan with at most two decimals and never passes through a JavaScript float. The API's
 * findings stay the judgement; this only shows the arithmetic while typing.
 */
const MONEY = /^\d{1,15}(\.\d{1,2})?$/;

export interface FundsCheck {
  /** Amounts that are not money (the field names). */
  malformed: FundKey[];
  /** currentAppropriation + carryover + other, formatted with two decimals; null when nothing is filled. */
  sum: string | null;
  /** annualRequest − sum, two decimals; null when either side is missing. */
  difference: string | null;
  sumMatches: boolean | null;
  totalMissing: boolean;
  totalBelow: boolean | null;
}

export function checkFunds(f: Record<FundKey, string>): FundsCheck {
  const malformed: FundKey[] = [];
  const value = (k: FundKey): Decimal | null => {
    const s = f[k].trim();
    if (s === '') return null;
    if (!MONEY.test(s)) {
      malformed.push(k);
      return null;
    }
    return new Decimal(s);
  };
  const total = value('total');
  const annual = value('annualRequest');
  const parts = (['currentAppropriation', 'carryover', 'other'] as const).map(value);
  const filled = parts.filter((p): p is Decimal => p !== null);
  const sum = filled.length ? filled.reduce((a, b) => a.plus(b), new Decimal(0)) : null;
  const difference = sum && annual ? annual.minus(sum) : null;
  return {
    malformed,
    sum: sum ? sum.toFixed(2) : null,
    difference: difference ? difference.abs().toFixed(2) : null,
    sumMatches: difference ? difference.isZero() : null,
    totalMissing: f.total.trim() === '',
    totalBelow: total && annual ? total.lessThan(annual) : null,
  };
}
