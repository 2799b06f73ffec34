/**
 * Password policy (config `password`): at least `minLength` characters, at least `minClasses`
 * of lower case, upper case, digit, symbol, and not the username. Returns the problem in the
 * user's words, or null when the password is acceptable.
 */
export function passwordProblem(
  password: string,
  username: string,
  policy: { minLength: number; minClasses: number },
): string | null {
  if (password.length < policy.minLength)
    return `password: must be at least ${policy.minLength} characters long`;
  if (password.length > 256) return 'password: must be at most 256 characters long';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < policy.minClasses) {
    return `password: must mix at least ${policy.minClasses} of lower-case letters, upper-case letters, digits and symbols`;
  }
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    return 'password: must not contain the username';
  return null;
}
