import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { InputError } from '../common/input-error';
import { TEXT_LIMITS, type Target } from './declaration-content';
import { formatTarget, isTargetLike, parseTarget, targetNumber } from './target-notation';

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw new Error(`expected an InputError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected an InputError, nothing was thrown');
}

describe('parseTarget', () => {
  it('parses the quantitative notation keeping the number as written', () => {
    expect(parseTarget('≥95.00(%)')).toEqual({
      display: '≥95.00(%)',
      kind: 'quantitative',
      comparator: '≥',
      value: '95.00',
      unit: '%',
      text: null,
      direction: 'higher',
    });
    expect(parseTarget('≥95(%)')).toMatchObject({ display: '≥95(%)', value: '95' });
    expect(parseTarget('=1.00(次/周)')).toMatchObject({
      display: '=1.00(次/周)',
      comparator: '=',
      value: '1.00',
      unit: '次/周',
      direction: 'exact',
    });
    expect(parseTarget('≤15.00(%)')).toMatchObject({ comparator: '≤', direction: 'lower' });
    expect(parseTarget('<3(天)')).toMatchObject({ comparator: '<', direction: 'lower', display: '<3(天)' });
    expect(parseTarget('>0(个)')).toMatchObject({ comparator: '>', direction: 'higher', display: '>0(个)' });
    expect(parseTarget('=0.00(起)')).toMatchObject({ comparator: '=', value: '0.00', unit: '起' });
  });

  it('normalises ASCII >= and <=, full-width comparators and parentheses, and spaces', () => {
    expect(parseTarget('>=95(%)')?.display).toBe('≥95(%)');
    expect(parseTarget('<=10.00(%)')).toMatchObject({
      display: '≤10.00(%)',
      comparator: '≤',
      direction: 'lower',
    });
    expect(parseTarget('≥90.00（%）')?.display).toBe('≥90.00(%)');
    expect(parseTarget('  >= 95.00 ( % )  ')).toMatchObject({
      display: '≥95.00(%)',
      unit: '%',
      value: '95.00',
    });
    expect(parseTarget('＞＝3（次）')?.display).toBe('≥3(次)');
    expect(parseTarget('＝100（%）')?.display).toBe('=100(%)');
    expect(parseTarget('＜5(天)')?.display).toBe('<5(天)');
    expect(parseTarget('≦5(天)')?.display).toBe('≤5(天)');
    // The unit's inner text is never converted.
    expect(parseTarget('≥10000.00(万条)')?.unit).toBe('万条');
    expect(parseTarget('≥1(万 m³)')).toMatchObject({ unit: '万 m³', display: '≥1(万 m³)' });
  });

  it('returns null for an empty or blank target', () => {
    expect(parseTarget('')).toBeNull();
    expect(parseTarget('   \t ')).toBeNull();
    expect(parseTarget('\u3000')).toBeNull();
  });

  it('takes any other text as a qualitative target, trimmed', () => {
    expect(parseTarget(' 较上年度有所提升 ')).toEqual({
      display: '较上年度有所提升',
      kind: 'qualitative',
      comparator: null,
      value: null,
      unit: null,
      text: '较上年度有所提升',
      direction: null,
    });
    expect(parseTarget('及时')?.kind).toBe('qualitative');
    expect(parseTarget('响应时间符合服务水平协议的要求')?.text).toBe('响应时间符合服务水平协议的要求');
    expect(parseTarget('95%')?.kind).toBe('qualitative');
  });

  it.each([
    ['≥9x(%)', /target "≥9x\(%\)": expected a number after ≥ \(found "9x"/],
    ['≥', /target "≥": expected a number after ≥/],
    ['>=', /target ">=": expected a number after ≥/],
    ['≥(%)', /expected a number after ≥ \(found "\("/],
    ['≥abc(%)', /expected a number after ≥ \(found "abc"/],
    ['≥95.(%)', /expected a number after ≥ \(found "95\."/],
    ['≥1,000(个)', /expected a number after ≥ \(found "1,000"/],
    ['≥-5(%)', /expected a number after ≥ \(found "-5"/],
    ['≥95', /missing the unit in parentheses after ≥95, e\.g\. ≥95\(%\)/],
    ['≤10.00', /missing the unit in parentheses after ≤10\.00/],
    ['≥95%', /expected the unit in parentheses after ≥95 \(found "%"\)/],
    ['=5 个', /expected the unit in parentheses after =5 \(found "个"\)/],
    ['≥95(%', /unclosed parenthesis/],
    ['≥95（%', /unclosed parenthesis/],
    ['≥95()', /the unit in parentheses is empty/],
    ['≥95(  )', /the unit in parentheses is empty/],
    ['≥95(a(b))', /a unit cannot contain parentheses/],
    ['≥95(%)以上', /unexpected text "以上" after the unit/],
    ['≥95(%))', /unexpected text "\)" after the unit/],
    ['<p>text</p>', /expected a number after </],
    [`≥${'9'.repeat(41)}(%)`, /the number has 41 characters; at most 40 are accepted/],
    [`≥95(${'个'.repeat(51)})`, /the unit has 51 characters; at most 50 are accepted/],
    ['及'.repeat(501), /is 501 characters long; at most 500 are accepted/],
  ])('rejects %s naming what is wrong', (input, message) => {
    const err = errorOf(() => parseTarget(input));
    expect(err.message).toMatch(message);
    expect(err.status).toBe(400);
  });

  it('names the field in the error when given', () => {
    const err = errorOf(() => parseTarget('≥9x(%)', 'indicators[3].target'));
    expect(err.message).toBe(
      'indicators[3].target: target "≥9x(%)": expected a number after ≥ (found "9x"; write digits with an optional decimal point)',
    );
    expect(err.field).toBe('indicators[3].target');
  });

  it('round-trips every target notation of the fixture kinds exactly as written', () => {
    for (const written of [
      '≥95.00(%)',
      '=0.00(起)',
      '≤15.00(%)',
      '=1.00(次/周)',
      '≥95(%)',
      '≥10000.00(万条)',
      '及时',
    ]) {
      const t = parseTarget(written)!;
      expect(t.display).toBe(written);
      expect(formatTarget(t)).toBe(written);
    }
  });
});

describe('formatTarget, targetNumber, isTargetLike', () => {
  it('formats quantitative and qualitative targets', () => {
    expect(
      formatTarget({
        display: 'x',
        kind: 'quantitative',
        comparator: '≤',
        value: '10.5',
        unit: '天',
        text: null,
        direction: 'lower',
      }),
    ).toBe('≤10.5(天)');
    expect(formatTarget(parseTarget('有效提升')!)).toBe('有效提升');
  });

  it('targetNumber gives the value string as written, null for qualitative or no target', () => {
    expect(targetNumber(parseTarget('≥95.00(%)'))).toBe('95.00');
    expect(targetNumber(parseTarget('≥95(%)'))).toBe('95');
    expect(targetNumber(parseTarget('及时'))).toBeNull();
    expect(targetNumber(null)).toBeNull();
  });

  it('isTargetLike recognises a cell starting with a comparator, valid or not', () => {
    for (const s of ['≥95.00(%)', ' =0.00(起)', '>=9', '<= 3(天)', '≥9x(%)', '＞3(个)', '≦1(次)']) {
      expect(isTargetLike(s)).toBe(true);
    }
    for (const s of ['及时', '', '  ', '95(%)', '服务热线20秒内人工接通率', '(2026 年度)']) {
      expect(isTargetLike(s)).toBe(false);
    }
  });
});

const comparatorArb = fc.constantFrom<NonNullable<Target['comparator']>>('≥', '≤', '=', '>', '<');
const numberArb = fc
  .tuple(fc.stringMatching(/^[0-9]{1,8}$/), fc.option(fc.stringMatching(/^[0-9]{1,4}$/), { nil: undefined }))
  .map(([i, f]) => (f === undefined ? i : `${i}.${f}`));
// A unit: no parentheses, no surrounding whitespace, not empty.
const unitArb = fc
  .string({ minLength: 1, maxLength: 8, unit: 'grapheme' })
  .map((s) => s.replace(/[()（）]/g, '').trim())
  .filter((s) => s.length > 0 && s.length <= TEXT_LIMITS.targetUnit);
const quantitativeArb: fc.Arbitrary<Target> = fc
  .tuple(comparatorArb, numberArb, fc.oneof(unitArb, fc.constantFrom('%', '起', '次/周', '万条', '个')))
  .map(([comparator, value, unit]) => ({
    display: `${comparator}${value}(${unit})`,
    kind: 'quantitative' as const,
    comparator,
    value,
    unit,
    text: null,
    direction: comparator === '≥' || comparator === '>' ? 'higher' : comparator === '=' ? 'exact' : 'lower',
  }));
const qualitativeArb: fc.Arbitrary<Target> = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' }),
    fc.constantFrom('及时', '有效提升', '通过'),
  )
  .map((s) => s.trim())
  .filter((s) => s.length > 0 && !isTargetLike(s))
  .map((text) => ({
    display: text,
    kind: 'qualitative' as const,
    comparator: null,
    value: null,
    unit: null,
    text,
    direction: null,
  }));

describe('target notation properties', () => {
  it('parse(format(t)) deep-equals t', () => {
    fc.assert(
      fc.property(fc.oneof(quantitativeArb, qualitativeArb), (t) => {
        expect(parseTarget(formatTarget(t))).toEqual(t);
      }),
      { numRuns: 500 },
    );
  });

  it('an arbitrary string parses, gives null, or throws an InputError, nothing else', () => {
    const comparatorPrefixed = fc
      .tuple(fc.constantFrom('≥', '≤', '=', '>', '<', '>=', '<=', '＞', '＝'), fc.string({ maxLength: 12 }))
      .map(([c, s]) => c + s);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), comparatorPrefixed), (s) => {
        let result: Target | null;
        try {
          result = parseTarget(s);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          expect(isTargetLike(s) || s.trim().length > TEXT_LIMITS.target).toBe(true);
          return;
        }
        if (result === null) expect(s.trim()).toBe('');
        else if (result.kind === 'quantitative') expect(parseTarget(result.display)).toEqual(result);
        else expect(isTargetLike(s)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
