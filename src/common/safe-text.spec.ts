import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AppError } from './errors';
import {
  assertStorableText,
  BODY_LIMITS,
  checkBody,
  checkQuery,
  forbiddenCharacter,
  storable,
  xmlSafe,
} from './safe-text';

/** The answer body of what `fn` throws (an AppError), or null when it does not throw. */
function refusal(fn: () => void): { code?: string; field?: string; message: string } | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect(e.status).toBe(400);
    return e.body('zh') as { code?: string; field?: string; message: string };
  }
}

/** XML 1.0's Char production, written out independently of safe-text.ts. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** True when every code point of `s` is an XML Char (a lone surrogate is a code point in D800–DFFF). */
const allXml = (s: string) => [...s].every((ch) => isXmlChar(ch.codePointAt(0)!));

describe('forbiddenCharacter: what no stored text may hold', () => {
  it.each([
    ['\ud800', 0, 0xd800],
    ['why\udfff', 3, 0xdfff],
    ['\udc00\ud800', 0, 0xdc00],
    ['😀\ud83d', 2, 0xd83d],
    ['a\u0000b', 1, 0],
    ['\u0001', 0, 1],
    ['x\u000b', 1, 0x0b],
    ['x\u000c', 1, 0x0c],
    ['\u001f', 0, 0x1f],
    ['ok\ufffe', 2, 0xfffe],
    ['ok\uffff', 2, 0xffff],
  ])('%j is refused at %i (U+%s)', (text, index, codePoint) => {
    expect(forbiddenCharacter(text)).toEqual({ index, codePoint });
  });

  it.each([
    '',
    '制表\t名称',
    '第一行\r\n第二行\n',
    '😀 𠀀 (pairs)',
    '\u007f\u0080\u009f (DEL and C1 are legal XML)',
    '\ufffd\ufdd0\ufeff',
    '≥95.00(%)',
  ])('%j is accepted', (text) => {
    expect(forbiddenCharacter(text)).toBeNull();
  });

  it('refuses exactly the characters XML 1.0 forbids (every UTF-16 unit, alone and paired)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        expect(forbiddenCharacter(s) === null).toBe(allXml(s));
      }),
      { numRuns: 2_000 },
    );
    for (let u = 0; u <= 0xffff; u++) {
      const s = String.fromCharCode(u);
      expect(forbiddenCharacter(s) === null).toBe(isXmlChar(u));
    }
  });
});

describe('storable: the string as both drivers store it', () => {
  it('is what UTF-8 encoding gives back, without NUL (the audit hash covers this)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const stored = Buffer.from(s.replaceAll('\0', ''), 'utf8').toString('utf8');
        expect(storable(s)).toBe(stored);
      }),
      { numRuns: 2_000 },
    );
    expect(storable('ghost\ud800')).toBe('ghost\ufffd');
    expect(storable('a\u0000b\u0001')).toBe('ab\u0001');
    expect(storable('😀')).toBe('😀');
  });
});

describe('xmlSafe: text already stored, made writable to a workbook', () => {
  it('leaves only XML characters, and leaves legal text as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const safe = xmlSafe(s);
        expect(allXml(safe)).toBe(true);
        if (allXml(s)) expect(safe).toBe(s);
      }),
      { numRuns: 2_000 },
    );
    expect(xmlSafe('旧\u0001数据\ud800')).toBe('旧\ufffd数据\ufffd');
  });
});

describe('checkBody: text and shape of a JSON body', () => {
  it('names the path of the first bad text, its character and position', () => {
    const r = refusal(() => checkBody({ version: 1, entries: [{}, {}, { remark: 'ok\u0007' }] }));
    expect(r).toMatchObject({ code: 'TEXT_INVALID_CHARACTER', field: 'entries[2].remark' });
    expect(r!.message).toBe(
      '第3条「entries」的「remark」：不能包含U+0007（控制字符；只允许制表符和换行）（第 3 个字符）',
    );
    expect(refusal(() => checkBody({ username: 'ghost\ud800' }))!.message).toMatch(
      /^「username」：不能包含U\+D800（不成对的代理字符）/,
    );
    expect(refusal(() => checkBody('\u0001'))).toMatchObject({ field: 'body' });
  });

  it('refuses a bad key, quoting it readably', () => {
    const r = refusal(() => checkBody({ funds: { 'a\u0001b': 1 } }));
    expect(r).toMatchObject({ code: 'TEXT_INVALID_CHARACTER', field: 'funds' });
    expect(r!.message).toContain('的键名「a\ufffdb」');
  });

  it('caps depth, keys per object, list length and values in all, at the documented limits', () => {
    const nest = (n: number) => {
      let v: unknown = 1;
      for (let i = 0; i < n; i++) v = { a: v };
      return v;
    };
    expect(refusal(() => checkBody(nest(BODY_LIMITS.depth)))).toBeNull();
    expect(refusal(() => checkBody(nest(BODY_LIMITS.depth + 1)))).toMatchObject({ code: 'BODY_TOO_DEEP' });
    expect(refusal(() => checkBody(nest(100_000)))).toMatchObject({ code: 'BODY_TOO_DEEP' });

    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect(refusal(() => checkBody(keys(BODY_LIMITS.keysPerObject)))).toBeNull();
    expect(refusal(() => checkBody({ funds: keys(BODY_LIMITS.keysPerObject + 1) }))).toMatchObject({
      code: 'BODY_TOO_MANY_KEYS',
      field: 'funds',
    });

    expect(refusal(() => checkBody({ items: Array(BODY_LIMITS.listLength).fill(0) }))).toBeNull();
    expect(refusal(() => checkBody({ items: Array(BODY_LIMITS.listLength + 1).fill(0) }))).toMatchObject({
      code: 'BODY_LIST_TOO_LONG',
      field: 'items',
    });

    const spread = Array.from({ length: 1_500 }, () => keys(20));
    expect(refusal(() => checkBody(spread))).toMatchObject({ code: 'BODY_TOO_MANY_VALUES' });
  });

  it('lets the largest real body through: 500 monitoring entries, every field, five deviation reasons each', () => {
    const entries = Array.from({ length: 500 }, (_, i) => ({
      indicatorId: i + 1,
      actualToDate: '96.5',
      forecast: 'achieved',
      likelihood: 'possible',
      deviationReasons: ['funding', 'institutional', 'staffing', 'hardware', 'other'].map((category) => ({
        category,
        note: '原因说明\n第二行',
      })),
      correctiveMeasures: '整改措施',
      remark: '备注',
    }));
    const body = {
      version: 3,
      periodEndMonth: 7,
      budget: { adjustedBudget: '1.00', executedToDate: '1.00', forecastFullYear: '1.00' },
      goalProgress: '进展',
      entries,
    };
    expect(refusal(() => checkBody(body))).toBeNull();
  });
});

describe('checkQuery and assertStorableText', () => {
  it('names the query parameter', () => {
    expect(refusal(() => checkQuery({ version: '3', reason: 'why\u0001' }))).toMatchObject({
      code: 'TEXT_INVALID_CHARACTER',
      field: 'reason',
    });
    expect(refusal(() => checkQuery({ reason: '删除\t原因' }))).toBeNull();
  });

  it('names the project and the field of parsed content, quoting a bad project name readably', () => {
    const content = {
      projectName: '项目\u0001',
      indicators: [{ name: 'ok' }, { name: 'bad\ud800', funds: 12n }],
    };
    const r = refusal(() => assertStorableText(content, content.projectName ?? ''));
    expect(r!.message).toMatch(/^项目「项目\ufffd」，「projectName」：不能包含U\+0001/);
    content.projectName = '项目';
    expect(refusal(() => assertStorableText(content, '项目'))!.message).toMatch(
      /^项目「项目」，第2条「indicators」的「name」：不能包含U\+D800/,
    );
  });
});
