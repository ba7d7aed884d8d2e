import { headers } from "next/headers";
import { redirect } from "next/navigation";

import type { Auth } from "./auth";
import type { Session } from "./session";

/** The admin session of the current request (server components, route handlers). */
export async function getSession(auth: Auth): Promise<Session | null> {
  return auth.sessionFromHeaders(await headers());
}

/** For admin pages: the session, or a redirect to `/login?next=<path>`. */
export async function requireAdmin(auth: Auth, path: string): Promise<Session> {
  const session = await getSession(auth);
  if (!session) redirect(`/login?next=${encodeURIComponent(path)}`);
  return session;
}
