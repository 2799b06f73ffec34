import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AppError } from '../common/errors';
import { TEXT_LIMITS, type Target } from './declaration-content';
import { formatTarget, isTargetLike, parseTarget, proposeNotation, targetNumber } from './target-notation';

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw new Error(`expected an AppError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected an AppError, nothing was thrown');
}
const zh = (e: AppError) => String(e.body('zh').message);
const en = (e: AppError) => String(e.body('en').message);

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
    ['≥9x(%)', 'NUMBER_EXPECTED', /^年度指标值“≥9x\(%\)”：比较符号 ≥ 后应为数值（此处为“9x”；/],
    ['≥', 'NUMBER_EXPECTED', /^年度指标值“≥”：比较符号 ≥ 后应为数值，例如 ≥95\.00\(%\)$/],
    ['>=', 'NUMBER_EXPECTED', /“>=”：比较符号 ≥ 后应为数值/],
    ['≥(%)', 'NUMBER_EXPECTED', /后应为数值（此处为“\(”/],
    ['≥abc(%)', 'NUMBER_EXPECTED', /后应为数值（此处为“abc”/],
    ['≥95.(%)', 'NUMBER_EXPECTED', /后应为数值（此处为“95\.”/],
    ['≥1,000(个)', 'NUMBER_EXPECTED', /后应为数值（此处为“1,000”/],
    ['≥-5(%)', 'NUMBER_EXPECTED', /后应为数值（此处为“-5”/],
    ['≥95', 'UNIT_MISSING', /：缺少括号中的计量单位，例如 ≥95\(%\)$/],
    ['≤10.00', 'UNIT_MISSING', /：缺少括号中的计量单位，例如 ≤10\.00\(%\)$/],
    ['≥95%', 'UNIT_EXPECTED', /：计量单位须写在括号中（此处为“%”），应写作 ≥95\(%\)$/],
    ['≥ 95 %', 'UNIT_EXPECTED', /：计量单位须写在括号中（此处为“%”），应写作 ≥95\(%\)$/],
    ['=5 个', 'UNIT_EXPECTED', /：计量单位须写在括号中（此处为“个”），应写作 =5\(个\)$/],
    ['≥95(%', 'UNCLOSED', /括号未闭合/],
    ['≥95（%', 'UNCLOSED', /括号未闭合/],
    ['≥95()', 'UNIT_EMPTY', /括号中的计量单位为空/],
    ['≥95(  )', 'UNIT_EMPTY', /括号中的计量单位为空/],
    ['≥95(a(b))', 'UNIT_PARENTHESES', /计量单位中不能再有括号/],
    ['≥95(%)以上', 'TRAILING_TEXT', /计量单位后有多余的文字“以上”/],
    ['≥95(%))', 'TRAILING_TEXT', /计量单位后有多余的文字“\)”/],
    ['<p>text</p>', 'NUMBER_EXPECTED', /比较符号 < 后应为数值/],
    [`≥${'9'.repeat(41)}(%)`, 'NUMBER_TOO_LONG', /：数值有 41 个字符，最多 40 个$/],
    [`≥95(${'个'.repeat(51)})`, 'UNIT_TOO_LONG', /：计量单位有 51 个字符，最多 50 个$/],
    ['及'.repeat(501), 'TOO_LONG', /：有 501 个字符，最多 500 个$/],
  ])('rejects %s with its code, saying in Chinese what is wrong', (input, code, message) => {
    const err = errorOf(() => parseTarget(input));
    expect(err.code).toBe(`TARGET_NOTATION_${code}`);
    expect(zh(err)).toMatch(message);
    expect(err.status).toBe(400);
  });

  it('says the same in English on request', () => {
    expect(en(errorOf(() => parseTarget('≥9x(%)')))).toBe(
      'target "≥9x(%)": expected a number after ≥ (found "9x"; write digits with an optional decimal point)',
    );
    expect(en(errorOf(() => parseTarget('≥ 95 %')))).toBe(
      'target "≥ 95 %": expected the unit in parentheses (found "%"), write ≥95(%)',
    );
  });

  it('names the field in the error when given, in the form’s words', () => {
    const err = errorOf(() => parseTarget('≥9x(%)', 'indicators[3].target'));
    expect(err.field).toBe('indicators[3].target');
    expect(zh(err)).toMatch(/^第4条三级指标的年度指标值“≥9x\(%\)”：比较符号 ≥ 后应为数值/);
    expect(en(err)).toBe(
      'indicator 4, target: target "≥9x(%)": expected a number after ≥ (found "9x"; write digits with an optional decimal point)',
    );
    // A line of the summary table: 第 N 行.
    const line = errorOf(() => parseTarget('≥9x(个)', 'line 13'));
    expect(line.field).toBe('line 13');
    expect(zh(line)).toMatch(/^第 13 行的年度指标值“≥9x\(个\)”：/);
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

  it('an arbitrary string parses, gives null, or throws an AppError, nothing else', () => {
    const comparatorPrefixed = fc
      .tuple(fc.constantFrom('≥', '≤', '=', '>', '<', '>=', '<=', '＞', '＝'), fc.string({ maxLength: 12 }))
      .map(([c, s]) => c + s);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), comparatorPrefixed), (s) => {
        let result: Target | null;
        try {
          result = parseTarget(s);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
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

describe('proposeNotation: a text that reads as a quantitative target', () => {
  it.each([
    ['95%', '≥95(%)', false],
    ['95 ％', '≥95(%)', false],
    ['不低于95%', '≥95(%)', true],
    ['不少于150个', '≥150(个)', true],
    ['≥ 95 %', '≥95(%)', true],
    ['>=95', null, true],
    ['≧95％', '≥95(%)', true],
    ['95%以上', '≥95(%)', true],
    ['5个工作日以内', '≤5(个工作日)', true],
    ['达到100%', '≥100(%)', true],
    ['不超过２小时', '≤2(小时)', true],
  ])('%s → %s', (text, proposed, comparatorGiven) => {
    expect(proposeNotation(text)).toMatchObject({ proposed, comparatorGiven });
  });

  it.each(['及时', '较上年度提升5%', '95', '150个', '100%覆盖', '24小时内响应', '', '有效提升', '1次/年'])(
    'leaves %j alone',
    (text) => expect(proposeNotation(text)).toBeNull(),
  );

  it('proposes a notation the parser reads back as quantitative', () => {
    for (const text of ['95%', '不低于95%', '≥ 95 %', '5个工作日以内']) {
      const proposed = proposeNotation(text)!.proposed!;
      expect(parseTarget(proposed)).toMatchObject({ kind: 'quantitative', display: proposed });
    }
  });
});
