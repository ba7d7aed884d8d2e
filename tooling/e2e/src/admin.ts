/**
 * The admin over plain HTTP, for tests that set things up without clicking through the UI: log
 * in once (the shared `quire_session` cookie) and call the app's tRPC procedures with it.
 *
 * @example
 * const admin = await loginAdmin(quire.urls.blog, quire.password);
 * await admin.mutate("admin.posts.create", { title: "Hello", status: "published" });
 */
export interface AdminClient {
  /** The `name=value` of the session cookie. */
  cookie: string;
  /** A tRPC mutation (superjson envelope, cookie auth); throws with the server's error otherwise. */
  mutate: <T>(procedure: string, input: unknown) => Promise<T>;
}

export async function loginAdmin(appUrl: string, password: string): Promise<AdminClient> {
  const res = await fetch(`${appUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password }),
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status !== 200)
    throw new Error(`login at ${appUrl}: HTTP ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  return {
    cookie,
    mutate: async <T>(procedure: string, input: unknown): Promise<T> => {
      const reply = await fetch(`${appUrl}/api/trpc/${procedure}`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({ json: input }),
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await reply.json()) as { result?: { data: { json: T } }; error?: unknown };
      if (!reply.ok || !body.result)
        throw new Error(`${procedure}: HTTP ${reply.status} ${JSON.stringify(body.error)}`);
      return body.result.data.json;
    },
  };
}
