import "server-only";

import { analyticsRouter, createCallerFactory } from "@quire/analytics-api";
import { getSession, requireAdmin } from "@quire/auth/next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";

import { runtime } from "./runtime";

const createCaller = createCallerFactory(analyticsRouter);

/**
 * The analytics tRPC router called in-process from server components and
 * actions, with the request's session: the dashboard reads through the same
 * procedures (and access checks) as any other client.
 */
export async function serverCaller() {
  await runtime.start();
  const auth = await runtime.getAuth();
  const h = await headers();
  return createCaller({ session: auth.sessionFromHeaders(h), service: false, headers: h, quire: runtime.getDb() });
}

/** For admin pages: a caller with the session, or a redirect to the login page. */
export async function adminPage(path: string) {
  await requireAdmin(await runtime.getAuth(), path);
  return serverCaller();
}

/** For server actions (Next checks their Origin): an admin caller, or off to the login page. */
export async function adminAction() {
  if (!(await getSession(await runtime.getAuth()))) redirect("/login");
  return serverCaller();
}
