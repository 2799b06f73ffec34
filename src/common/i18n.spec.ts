import { describe, expect, it } from '@jest/globals';
import { IsIn, IsInt, IsString, MaxLength, validateSync } from 'class-validator';
import { CommonErrors } from './common.messages';
import { AppError, defineErrors, type L } from './errors';
import { defineEnumeration, defineFieldLabels, fieldLabel, fromLabel, langFromHeader } from './i18n';
import { IsIntegerKey, Omittable, problem, validationProblems } from './validation';

defineFieldLabels({
  projectName: { zh: '项目名称', en: 'project name' },
  'funds.total': { zh: '项目资金总额', en: 'total funds' },
  indicators: { zh: '三级指标', en: 'indicators' },
  'indicators[]': { zh: '三级指标', en: 'indicator' },
  target: { zh: '指标值', en: 'target' },
});
defineEnumeration('specKind', { spec_a: { zh: '甲', en: 'a' }, spec_b: { zh: '乙', en: 'b' } });

describe('the language of a request', () => {
  it.each([
    [undefined, 'zh'],
    ['', 'zh'],
    ['zh-CN,zh;q=0.9', 'zh'],
    ['en', 'en'],
    ['en-US,en;q=0.9,zh;q=0.8', 'en'],
    ['zh;q=0.5, en;q=0.9', 'en'],
    ['fr, de', 'zh'],
    ['*', 'zh'],
    ['en;q=0', 'zh'],
  ])('%j → %s', (header, lang) => expect(langFromHeader(header)).toBe(lang));
});

describe('field labels', () => {
  it('name fields in the form’s terms, list items by their position', () => {
    expect(fieldLabel('projectName', 'zh')).toBe('项目名称');
    expect(fieldLabel('funds.total', 'zh')).toBe('项目资金总额');
    expect(fieldLabel('indicators[2].target', 'zh')).toBe('第3条三级指标的指标值');
    expect(fieldLabel('indicators[2].target', 'en')).toBe('indicator 3, target');
    expect(fieldLabel('somethingElse', 'zh')).toBe('「somethingElse」');
    expect(fieldLabel('somethingElse', 'en')).toBe('somethingElse');
  });
});

describe('errors from a catalogue', () => {
  const Errors = defineErrors('spec', {
    SPEC_TOO_BIG: {
      status: 413,
      zh: (p: L<{ max: number }>) => `${p.label}：太大（上限 ${p.max}）`,
      en: (p: L<{ max: number }>) => `${p.label}: too big (limit ${p.max})`,
    },
  });

  it('render in the language asked for, with the code, the field and the extra fields', () => {
    const e = Errors.SPEC_TOO_BIG({ max: 5 }, { field: 'projectName', currentVersion: 3 });
    expect(e).toBeInstanceOf(AppError);
    expect(e.body('zh')).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      code: 'SPEC_TOO_BIG',
      message: '项目名称：太大（上限 5）',
      field: 'projectName',
      currentVersion: 3,
    });
    expect(e.body('en').message).toBe('project name: too big (limit 5)');
    expect(e.message).toBe('project name: too big (limit 5)');
  });

  it('refuse a code defined twice', () => {
    expect(() =>
      defineErrors('other', { SPEC_TOO_BIG: { status: 400, zh: () => 'x', en: () => 'x' } }),
    ).toThrow(/SPEC_TOO_BIG is defined by spec and other/);
  });

  it('cross a worker thread as plain data and come back the same', () => {
    const e = CommonErrors.FIELD_TOO_LONG({ max: 200 }, { field: 'projectName' });
    const back = AppError.fromTransfer(structuredClone(e.toTransfer()));
    expect(back.body('zh')).toEqual(e.body('zh'));
  });
});

class Sample {
  @IsString()
  @MaxLength(10)
  projectName: string;

  @IsIntegerKey('version')
  version: number;

  @Omittable()
  @IsIn(['spec_a', 'spec_b'])
  kind?: string;

  @IsInt(problem('FIELD_RANGE', { min: 2000, max: 2100 }))
  year: number;
}

function problemsOf(value: Record<string, unknown>) {
  return validationProblems(
    validateSync(Object.assign(new Sample(), value), { whitelist: true, forbidNonWhitelisted: true }),
  );
}

describe('validation problems', () => {
  it('report one problem per field, the most basic first', () => {
    const problems = problemsOf({ projectName: 12, year: 2026 });
    expect(problems).toEqual([
      { code: 'FIELD_TEXT', field: 'projectName' },
      { code: 'FIELD_REQUIRED', field: 'version' },
    ]);
  });

  it('take parameters from the decorator (MaxLength 10), or the code its options give', () => {
    const problems = problemsOf({ projectName: 'x'.repeat(11), version: 1, year: 1.5 });
    expect(problems).toEqual([
      { code: 'FIELD_TOO_LONG', params: { max: 10 }, field: 'projectName' },
      { code: 'FIELD_RANGE', params: { min: 2000, max: 2100 }, field: 'year' },
    ]);
  });

  it('list allowed values as words, and say null is not a value where a field has none', () => {
    const [name, kind] = problemsOf({ kind: 'spec_c', projectName: null, version: 1, year: 2026 });
    const error = new AppError(400, 'VALIDATION_FAILED', {}, { details: [name, kind] });
    const zh = error.body('zh');
    expect(zh.message).toBe(
      '项目名称：不能为 null（不修改时请不要发送该字段）；「kind」：须为以下之一：甲、乙',
    );
    expect(error.body('en').message).toBe(
      'project name: must not be null (leave it out to keep it as it is); kind: must be one of a, b',
    );
  });

  it('list at most ten problems and say how many more there are', () => {
    const details = Array.from({ length: 13 }, (_, i) => ({ code: 'FIELD_UNKNOWN', field: `k${i}` }));
    const body = new AppError(400, 'VALIDATION_FAILED', {}, { details }).body('zh');
    expect(body.details).toHaveLength(10);
    expect(String(body.message)).toMatch(/另有 3 个问题未列出$/);
  });
});

describe('enumerations', () => {
  it('take the code, or its word in either language, for the code', () => {
    expect(fromLabel('specKind', 'spec_a')).toBe('spec_a');
    expect(fromLabel('specKind', '乙')).toBe('spec_b');
    expect(fromLabel('specKind', ' 甲 ')).toBe('spec_a');
    expect(fromLabel('specKind', 'b')).toBe('spec_b');
    expect(fromLabel('specKind', '丙')).toBe('丙');
    expect(fromLabel('specKind', 3)).toBe(3);
  });
});
