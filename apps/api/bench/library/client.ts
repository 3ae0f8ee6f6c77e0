/** tRPC over plain HTTP for the benchmark (the load tool needs the URLs; superjson's `json` half is enough). */

export interface Session {
  base: string;
  cookie: string;
}

/** The GET URL of a tRPC query, as the SPA's httpBatchLink sends a single call. */
export function queryUrl(session: Session, procedure: string, input: unknown): string {
  return `${session.base}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
}

async function answer<T>(response: Response, what: string): Promise<T> {
  const body = (await response.json()) as { result?: { data?: { json?: T } }; error?: unknown };
  if (!response.ok || body.result?.data?.json === undefined) {
    throw new Error(
      `${what} answered ${response.status}: ${JSON.stringify(body.error ?? body).slice(0, 500)}`,
    );
  }
  return body.result.data.json;
}

export async function query<T>(session: Session, procedure: string, input: unknown): Promise<T> {
  const response = await fetch(queryUrl(session, procedure, input), { headers: { cookie: session.cookie } });
  return answer<T>(response, procedure);
}

export async function mutate<T>(session: Session, procedure: string, input: unknown): Promise<T> {
  const response = await fetch(`${session.base}/trpc/${procedure}`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'content-type': 'application/json', 'x-p4g-csrf': '1' },
    body: JSON.stringify({ json: input }),
  });
  return answer<T>(response, procedure);
}

export async function signIn(base: string, email: string, password: string): Promise<Session> {
  const response = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1' },
    body: JSON.stringify({ json: { email, password } }),
  });
  const cookie = response.headers
    .getSetCookie()
    .find((header) => header.startsWith('p4g_session='))
    ?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return { base, cookie };
}

/** What the benchmark reads of a `media.list` answer. */
export interface ListPage {
  items: { id: number; uploadDate: string; categoryId: number | null }[];
  nextCursor: string | null;
}
