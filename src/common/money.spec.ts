import { describe, expect, it } from '@jest/globals';
import { formatMoney, parseFormMoney, parseMoney } from './money';

describe('money', () => {
  it('parses decimal strings to exact fen and formats them back', () => {
    expect(parseMoney('154280000.00', 'funds.total')).toBe(15428000000n);
    expect(formatMoney(parseMoney('0.1', 'x'))).toBe('0.10');
    expect(formatMoney(parseFormMoney('1,974,145,646.72', 'x'))).toBe('1974145646.72');
  });
  it('rejects over-precise, negative and numeric amounts naming the field', () => {
    expect(() => parseMoney('12.345', 'funds.total')).toThrow(/funds\.total.*at most 2 decimals/);
    expect(() => parseMoney('-1.00', 'funds.other')).toThrow(/funds\.other: an amount cannot be negative/);
    expect(() => parseMoney(12.5, 'funds.carryover')).toThrow(
      /funds\.carryover: money must be a decimal string/,
    );
  });
});
