import "server-only";

import { getSession, requireAdmin } from "@quire/auth/next";
import { redirect } from "next/navigation";

import { runtime, startBlog } from "./runtime";

/** For admin pages: the session, or a redirect to the login page. */
export async function adminPage(path: string) {
  const session = await requireAdmin(await runtime.getAuth(), path);
  await startBlog();
  return { session, quire: runtime.getDb() };
}

/** For server actions (Next checks their Origin): an admin session, or off to the login page. */
export async function adminAction() {
  const session = await getSession(await runtime.getAuth());
  if (!session) redirect("/login");
  await startBlog();
  return runtime.getDb();
}

/** For cookie-authenticated route handlers: the admin session from a trusted origin, or null. */
export async function adminRequest(request: Request) {
  await startBlog();
  const auth = await runtime.getAuth();
  if (!auth.isTrustedOrigin(request.headers, request.url)) return null;
  return auth.sessionFromHeaders(request.headers);
}
