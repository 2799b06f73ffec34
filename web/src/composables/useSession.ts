import { computed, reactive } from 'vue';
import { api, unwrap, type CallOptions, type Schemas } from '../api/client';

export type Role = Schemas['CreateUserDto']['roles'][number];

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  departmentId: number;
}

/**
 * The token lives in sessionStorage: it ends with the browser tab's session (shared office
 * computers), and is never readable by another origin. The API keeps its own expiry.
 */
const TOKEN_KEY = 'pd.accessToken';
/**
 * The last answer of /api/auth/me (or of the login) with the token it is for: a reload shows the
 * page without waiting for it, while the router checks it again in the background.
 */
const USER_KEY = 'pd.user';

const state = reactive<{ token: string | null; user: SessionUser | null; checked: boolean }>({
  token: readToken(),
  user: null,
  // The user has been confirmed by the API since this page loaded (not only remembered).
  checked: false,
});
state.user = rememberedUser(state.token);

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function storeToken(token: string | null): void {
  state.token = token;
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: the session lasts as long as the page
  }
}

/** The remembered user, if it was remembered for this very token. */
function rememberedUser(token: string | null): SessionUser | null {
  if (!token) return null;
  try {
    const kept = JSON.parse(sessionStorage.getItem(USER_KEY) ?? 'null') as {
      token?: unknown;
      user?: unknown;
    } | null;
    return kept && kept.token === token ? parseUser(kept.user) : null;
  } catch {
    return null;
  }
}

function storeUser(user: SessionUser | null): void {
  state.user = user;
  state.checked = user !== null;
  try {
    if (user && state.token) sessionStorage.setItem(USER_KEY, JSON.stringify({ token: state.token, user }));
    else sessionStorage.removeItem(USER_KEY);
  } catch {
    // storage disabled: each page load asks the API
  }
}

/**
 * The API does not declare the schema of its user responses yet (/auth/login and /auth/me have
 * no response type in the OpenAPI document), so the console checks the shape it relies on.
 */
function parseUser(raw: unknown): SessionUser {
  const u = raw as Partial<SessionUser> | null;
  if (
    !u ||
    typeof u.id !== 'number' ||
    typeof u.username !== 'string' ||
    !Array.isArray(u.roles) ||
    typeof u.departmentId !== 'number'
  )
    throw new Error('unexpected user in the API response');
  return {
    id: u.id,
    username: u.username,
    displayName: typeof u.displayName === 'string' && u.displayName ? u.displayName : u.username,
    roles: u.roles,
    departmentId: u.departmentId,
  };
}

/** Who is logged in: the token, the user from GET /api/auth/me, log in and out. */
export function useSession() {
  return {
    token: computed(() => state.token),
    user: computed(() => state.user),
    loggedIn: computed(() => state.token !== null),
    /** The user shown was confirmed by the API since the page loaded, not only remembered from before a reload. */
    checked: computed(() => state.checked),

    /** POST /api/auth/login; errors (401, 423, 429) are thrown for the form to show. */
    async login(username: string, password: string): Promise<SessionUser> {
      const raw: unknown = await unwrap(api.POST('/api/auth/login', { body: { username, password } }), {
        showError: false,
        redirectOn401: false,
      });
      const { accessToken, user } = (raw ?? {}) as { accessToken?: unknown; user?: unknown };
      if (typeof accessToken !== 'string') throw new Error('unexpected login response');
      const parsed = parseUser(user);
      storeToken(accessToken);
      storeUser(parsed);
      return parsed;
    },

    /** GET /api/auth/me for a stored token (after a reload or a deep link). */
    async loadUser(options: CallOptions = {}): Promise<SessionUser> {
      const raw: unknown = await unwrap(api.GET('/api/auth/me'), options);
      const user = parseUser(raw);
      storeUser(user);
      return user;
    },

    /** Forgets the token and the user (the API has no logout route: the token stops at its expiry). */
    clear(): void {
      storeToken(null);
      storeUser(null);
    },
  };
}
