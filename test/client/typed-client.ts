/**
 * A small client of the API typed by the OpenAPI document alone (issue 13, item 7): the types
 * come from web/src/api/schema.d.ts, which web/scripts/api-types.mjs generates from the app's
 * own document with openapi-typescript; the calls go through openapi-fetch. `npm run check:api`
 * compiles it (tsc --noEmit, test/client/tsconfig.json): a document that no longer has a route,
 * a field or a value this client relies on fails CI. test/e2e/typed-client.e2e-spec.ts runs it
 * against the service, so the document it is typed by is also the one the service keeps.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from '../../web/src/api/schema';

type Schemas = components['schemas'];
export type DeclarationView = Schemas['DeclarationView'];
export type DeclarationState = DeclarationView['state'];
export type WorkflowEvent = Schemas['TransitionResult']['allowedEvents'][number];
export type ApiErrorBody = Schemas['ApiError'];

/** What the journey saw, for the test that runs it. */
export interface JourneyResult {
  user: { username: string; roles: Schemas['PublicUserView']['roles'] };
  listed: number;
  read: { id: number; state: DeclarationState; total: string | null; indicatorTargets: string[] };
  patched: { version: number; funds: Schemas['FundsView'] };
  stale: { status: number; code: ApiErrorBody['code'] };
  fired: { state: DeclarationState; allowedEvents: WorkflowEvent[] };
}

/** Thrown with the API's own error body. */
export class ClientError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | undefined,
  ) {
    super(`${status} ${body?.code ?? ''}: ${body?.message ?? ''}`);
  }
}

function must<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.data === undefined) throw new ClientError(r.response.status, r.error as ApiErrorBody | undefined);
  return r.data;
}

/**
 * A submitter's round: log in, list the declarations of a year, read the first draft, change
 * one fund field, try the stale version again (refused: the error body is typed too), and
 * submit.
 */
export async function submitterJourney(
  baseUrl: string,
  username: string,
  password: string,
  year: number,
): Promise<JourneyResult> {
  const api = createClient<paths>({ baseUrl });
  const login = must(await api.POST('/api/auth/login', { body: { username, password } }));
  const headers = { Authorization: `Bearer ${login.accessToken}` };

  const page = must(await api.GET('/api/declarations', { params: { query: { year } }, headers }));
  const draft = page.items.find((d) => d.state === 'drafting');
  if (!draft) throw new Error(`no draft in ${year}`);

  const id = draft.id;
  const d = must(await api.GET('/api/declarations/{id}', { params: { path: { id } }, headers }));
  const targets = d.indicators.map((i) => i.target?.display ?? '');

  const total = '600000000.00';
  const patched = must(
    await api.PATCH('/api/declarations/{id}', {
      params: { path: { id } },
      body: { version: d.version, funds: { ...d.funds, total } },
      headers,
    }),
  );

  const again = await api.PATCH('/api/declarations/{id}', {
    params: { path: { id } },
    body: { version: d.version, funds: { total } },
    headers,
  });
  const refusal = again.error as ApiErrorBody | undefined;

  const fired = must(
    await api.POST('/api/declarations/{id}/transitions', {
      params: { path: { id } },
      body: { event: 'SUBMIT', version: patched.version },
      headers,
    }),
  );

  return {
    user: { username: login.user.username, roles: login.user.roles },
    listed: page.items.length,
    read: { id: d.id, state: d.state, total: d.funds.total, indicatorTargets: targets },
    patched: { version: patched.version, funds: patched.funds },
    stale: { status: again.response.status, code: refusal?.code ?? '' },
    fired: { state: fired.state, allowedEvents: fired.allowedEvents },
  };
}
