import { describe, expect, it } from '@jest/globals';
import type { AppError } from './errors';
import { formatMoney, parseFormMoney, parseMoney } from './money';

describe('money', () => {
  it('parses decimal strings to exact fen and formats them back', () => {
    expect(parseMoney('154280000.00', 'funds.total')).toBe(15428000000n);
    expect(formatMoney(parseMoney('0.1', 'x'))).toBe('0.10');
    expect(formatMoney(parseFormMoney('1,974,145,646.72', 'x'))).toBe('1974145646.72');
  });
  it('rejects over-precise, negative and numeric amounts naming the field', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as AppError).body('zh');
      }
      return null;
    };
    expect(refusal(() => parseMoney('12.345', 'funds.total'))).toMatchObject({
      code: 'FIELD_MONEY',
      field: 'funds.total',
      statusCode: 400,
    });
    expect(refusal(() => parseMoney('-1.00', 'funds.other'))).toMatchObject({
      code: 'FIELD_MONEY_NEGATIVE',
      field: 'funds.other',
    });
    expect(refusal(() => parseMoney(12.5, 'funds.carryover'))).toMatchObject({
      code: 'FIELD_MONEY',
      field: 'funds.carryover',
    });
    expect(String(refusal(() => parseMoney(12.5, 'x'))!.message)).toMatch(
      /^「x」：金额须为最多两位小数的数字文本/,
    );
  });
});
