import { describe, expect, it } from '@jest/globals';
import { passwordProblem } from './password-policy';

const policy = { minLength: 10, minClasses: 3 };

describe('password policy', () => {
  it('accepts a long password mixing three classes', () => {
    expect(passwordProblem('Shanghai2026', 'zhang', policy)).toBeNull();
    expect(passwordProblem('data-bureau-9', 'zhang', policy)).toBeNull();
  });
  it('names the rule a weak password breaks', () => {
    expect(passwordProblem('Sh2026!', 'zhang', policy)).toBe('password: must be at least 10 characters long');
    expect(passwordProblem('shanghaidata', 'zhang', policy)).toMatch(/at least 3 of lower-case letters/);
    expect(passwordProblem('Zhang.Wei2026', 'zhang.wei', policy)).toBe(
      'password: must not contain the username',
    );
  });
  it('follows the configured policy', () => {
    expect(passwordProblem('abcdefgh', 'u', { minLength: 8, minClasses: 1 })).toBeNull();
    expect(passwordProblem('abcdefgh1', 'u', { minLength: 8, minClasses: 4 })).toMatch(/at least 4 of/);
  });
});
