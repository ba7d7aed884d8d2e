"use server";

import { TRPCError } from "@quire/trpc";
import { redirect } from "next/navigation";

import { adminAction } from "~/server/caller";

const str = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === "string" ? v.trim() : "";
};
const num = (form: FormData, key: string) => Number(str(form, key));

/** Run an admin write through tRPC; its error comes back to the page as ?error=…, success goes to `done`. */
async function attempt<T>(back: string, fn: () => Promise<T>, done: string | ((value: T) => string)): Promise<never> {
  let value: T;
  try {
    value = await fn();
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const message = error.code === "BAD_REQUEST" && error.cause && "issues" in error.cause ? "Check the form: some values are not valid." : error.message;
    redirect(`${back}?error=${encodeURIComponent(message)}`);
  }
  redirect(typeof done === "string" ? done : done(value));
}

export async function createSiteAction(form: FormData) {
  const caller = await adminAction();
  await attempt("/", () => caller.sites.create({ domain: str(form, "domain"), timezone: str(form, "timezone") || "UTC" }), (site) => `/sites/${site.id}/settings?created=1`);
}

export async function updateSiteAction(form: FormData) {
  const caller = await adminAction();
  const id = num(form, "id");
  const back = `/sites/${id}/settings`;
  await attempt(
    back,
    () =>
      caller.sites.update({
        id,
        data: {
          domain: str(form, "domain"),
          name: str(form, "name"),
          timezone: str(form, "timezone"),
          retentionDays: num(form, "retentionDays") || 0,
          excludedPaths: str(form, "excludedPaths").split(/\s*[\n,]\s*/).filter(Boolean),
          publicShare: form.get("publicShare") === "on",
        },
      }),
    `${back}?saved=1`,
  );
}

export async function deleteSiteAction(form: FormData) {
  const caller = await adminAction();
  const id = num(form, "id");
  await attempt(`/sites/${id}/settings`, () => caller.sites.delete({ id }), "/?deleted=1");
}

export async function createGoalAction(form: FormData) {
  const caller = await adminAction();
  const siteId = num(form, "siteId");
  const kind = str(form, "kind") === "event" ? "event" : "page";
  await attempt(`/sites/${siteId}/settings`, () => caller.goals.create({ siteId, kind, value: str(form, "value") }), `/sites/${siteId}/settings?saved=1#goals`);
}

export async function deleteGoalAction(form: FormData) {
  const caller = await adminAction();
  const siteId = num(form, "siteId");
  await attempt(`/sites/${siteId}/settings`, () => caller.goals.delete({ siteId, id: num(form, "id") }), `/sites/${siteId}/settings?deleted=1#goals`);
}

export async function createFunnelAction(form: FormData) {
  const caller = await adminAction();
  const siteId = num(form, "siteId");
  // One step per line: "/pricing" is a page, anything else an event name.
  const steps = str(form, "steps")
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((value) => ({ kind: value.startsWith("/") ? ("page" as const) : ("event" as const), value }));
  await attempt(`/sites/${siteId}/settings`, () => caller.funnels.create({ siteId, name: str(form, "name"), steps }), `/sites/${siteId}/settings?saved=1#funnels`);
}

export async function deleteFunnelAction(form: FormData) {
  const caller = await adminAction();
  const siteId = num(form, "siteId");
  await attempt(`/sites/${siteId}/settings`, () => caller.funnels.delete({ siteId, id: num(form, "id") }), `/sites/${siteId}/settings?deleted=1#funnels`);
}
