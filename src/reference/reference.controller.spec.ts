import { describe, expect, it } from '@jest/globals';
import { defaults } from '../../config/defaults';
import { defineEnumeration } from '../common/i18n';
import { ReferenceController } from './reference.controller';
import { findingCodes } from './finding-labels';

const config = { ...defaults, findingSeverities: {} } as never;

describe('the reference data', () => {
  it('lists an enumeration a module registers, without a change to the route', () => {
    defineEnumeration('specColour', { red: { zh: '红', en: 'red' }, blue: { zh: '蓝', en: 'blue' } });
    const data = new ReferenceController(config).data();
    expect(data.enumerations.specColour).toEqual([
      { value: 'red', zh: '红', en: 'red' },
      { value: 'blue', zh: '蓝', en: 'blue' },
    ]);
  });

  it('has words for every finding code the rule engines raise (a new rule needs its words)', () => {
    const data = new ReferenceController(config).data();
    const codes = findingCodes().map((f) => f.code);
    expect(data.findings.map((f) => f.value)).toEqual(codes);
    expect(new Set(codes).size).toBe(codes.length);
    const unlabelled = data.findings.filter((f) => f.zh === f.value || f.en === f.value).map((f) => f.value);
    expect(unlabelled).toEqual([]);
  });
});
