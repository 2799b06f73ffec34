import { describe, expect, it } from '@jest/globals';
import { renderProblem } from '../common/errors';
import './auth.messages';
import { passwordProblem } from './password-policy';

const policy = { minLength: 10, minClasses: 3 };

describe('password policy', () => {
  it('accepts a long password mixing three classes', () => {
    expect(passwordProblem('Shanghai2026', 'zhang', policy)).toBeNull();
    expect(passwordProblem('data-bureau-9', 'zhang', policy)).toBeNull();
  });
  it('names the rule a weak password breaks, in words', () => {
    const short = passwordProblem('Sh2026!', 'zhang', policy)!;
    expect(short).toEqual({ code: 'PASSWORD_TOO_SHORT', params: { min: 10 }, field: 'password' });
    expect(renderProblem(short, 'zh')).toBe('密码：至少需要 10 个字符');
    expect(renderProblem(short, 'en')).toBe('password: must be at least 10 characters long');
    const simple = passwordProblem('shanghaidata', 'zhang', policy)!;
    expect(simple).toMatchObject({ code: 'PASSWORD_TOO_SIMPLE', params: { minClasses: 3 } });
    expect(renderProblem(simple, 'zh')).toBe('密码：须包含小写字母、大写字母、数字、符号这四类中的至少 3 类');
    const named = passwordProblem('Zhang.Wei2026', 'zhang.wei', policy, 'newPassword')!;
    expect(named).toEqual({ code: 'PASSWORD_CONTAINS_USERNAME', field: 'newPassword' });
    expect(renderProblem(named, 'zh')).toBe('新密码：不能包含用户名');
    expect(passwordProblem('Aa1!'.repeat(65), 'u', policy)).toMatchObject({ code: 'PASSWORD_TOO_LONG' });
  });
  it('follows the configured policy', () => {
    expect(passwordProblem('abcdefgh', 'u', { minLength: 8, minClasses: 1 })).toBeNull();
    expect(passwordProblem('abcdefgh1', 'u', { minLength: 8, minClasses: 4 })).toMatchObject({
      code: 'PASSWORD_TOO_SIMPLE',
      params: { minClasses: 4 },
    });
  });
});
