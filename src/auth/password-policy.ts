import type { Problem } from '../common/errors';

/** The longest password accepted (argon2 hashes any length; this bounds the work per attempt). */
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Password policy (config `password`): at least `minLength` characters, at least `minClasses`
 * of lower case, upper case, digit, symbol, and not the username. Returns the rule the
 * password breaks (a code of auth.messages.ts with its parameters, about `field`), or null
 * when the password is acceptable.
 */
export function passwordProblem(
  password: string,
  username: string,
  policy: { minLength: number; minClasses: number },
  field = 'password',
): Problem | null {
  if (password.length < policy.minLength)
    return { code: 'PASSWORD_TOO_SHORT', params: { min: policy.minLength }, field };
  if (password.length > PASSWORD_MAX_LENGTH)
    return { code: 'PASSWORD_TOO_LONG', params: { max: PASSWORD_MAX_LENGTH }, field };
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < policy.minClasses)
    return { code: 'PASSWORD_TOO_SIMPLE', params: { minClasses: policy.minClasses }, field };
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    return { code: 'PASSWORD_CONTAINS_USERNAME', field };
  return null;
}
