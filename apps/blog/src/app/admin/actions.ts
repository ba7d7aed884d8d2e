"use server";

import {
  createContentApiKey,
  createTag,
  deleteContentApiKey,
  deletePost,
  deleteTag,
  mergeTags,
  parseNavigationLines,
  reindexAll,
  SiteSettingsSchema,
  updateSettings,
  updateTag,
} from "@quire/blog-api";
import { BlogError } from "@quire/blog-api";
import { redirect } from "next/navigation";

import { adminAction } from "~/server/admin";
import { postsChanged, revalidatePublic } from "~/server/runtime";

const str = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === "string" ? v : "";
};
const id = (form: FormData, key: string) => {
  const n = Number(str(form, key));
  return Number.isInteger(n) && n > 0 ? n : -1;
};

/** Run an admin write; a domain error comes back to the page as ?error=… (shown inline). */
async function attempt(back: string, fn: () => Promise<unknown>, done: string) {
  try {
    await fn();
    // Tags and posts show on the cached public pages.
    revalidatePublic();
  } catch (error) {
    const message =
      error instanceof BlogError
        ? error.message
        : error instanceof Error && "issues" in error
          ? "Check the form: some values are not valid."
          : null;
    if (message === null) throw error;
    redirect(`${back}?error=${encodeURIComponent(message)}`);
  }
  redirect(done);
}

export async function deletePostAction(form: FormData) {
  const quire = await adminAction();
  await attempt(
    "/admin/posts",
    () => deletePost(quire, id(form, "id")).finally(postsChanged),
    "/admin/posts?deleted=1",
  );
}

export async function createTagAction(form: FormData) {
  const quire = await adminAction();
  const parent = id(form, "parentId");
  await attempt(
    "/admin/tags",
    () =>
      createTag(quire, {
        name: str(form, "name"),
        description: str(form, "description"),
        parentId: parent > 0 ? parent : null,
      }),
    "/admin/tags?saved=1",
  );
}

export async function updateTagAction(form: FormData) {
  const quire = await adminAction();
  const parent = id(form, "parentId");
  await attempt(
    "/admin/tags",
    () =>
      updateTag(quire, {
        id: id(form, "id"),
        data: {
          name: str(form, "name"),
          slug: str(form, "slug"),
          description: str(form, "description"),
          parentId: parent > 0 ? parent : null,
        },
      }),
    "/admin/tags?saved=1",
  );
}

export async function mergeTagsAction(form: FormData) {
  const quire = await adminAction();
  await attempt(
    "/admin/tags",
    () => mergeTags(quire, id(form, "sourceId"), id(form, "targetId")),
    "/admin/tags?merged=1",
  );
}

export async function deleteTagAction(form: FormData) {
  const quire = await adminAction();
  await attempt("/admin/tags", () => deleteTag(quire, id(form, "id")), "/admin/tags?deleted=1");
}

export async function createKeyAction(form: FormData) {
  const quire = await adminAction();
  await attempt(
    "/admin/keys",
    () => createContentApiKey(quire, { name: str(form, "name") || "Content API key" }),
    "/admin/keys?created=1",
  );
}

export async function deleteKeyAction(form: FormData) {
  const quire = await adminAction();
  await attempt(
    "/admin/keys",
    () => deleteContentApiKey(quire, id(form, "id")),
    "/admin/keys?deleted=1",
  );
}

export async function reindexAction() {
  const quire = await adminAction();
  await attempt("/admin", () => reindexAll(quire).finally(postsChanged), "/admin?saved=1");
}

export type SettingsField = "title" | "description" | "lang" | "author" | "navigation";

/** What the settings form shows after a save: the values as typed, inline errors, or "saved". */
export interface SettingsFormState {
  values: Record<SettingsField, string>;
  errors: Partial<Record<SettingsField, string>>;
  saved: boolean;
}

/**
 * Save the site settings (admin → Settings). Invalid fields come back as inline errors with the
 * values as typed; a save drops every cached public page (title, language and navigation are on all).
 */
export async function saveSettingsAction(
  _previous: SettingsFormState,
  form: FormData,
): Promise<SettingsFormState> {
  const quire = await adminAction();
  const values = {
    title: str(form, "title"),
    description: str(form, "description"),
    lang: str(form, "lang"),
    author: str(form, "author"),
    navigation: str(form, "navigation"),
  };
  const errors: SettingsFormState["errors"] = {};
  const lines = parseNavigationLines(values.navigation);
  if (lines.errors.length > 0) errors.navigation = lines.errors.join("; ");
  const parsed = SiteSettingsSchema.safeParse({ ...values, navigation: lines.links });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [field, index] = issue.path;
      if (typeof field !== "string" || !(field in values)) continue;
      const key = field as SettingsField;
      const message =
        key === "navigation" && typeof index === "number"
          ? `Link ${index + 1}: ${issue.message}`
          : issue.message;
      errors[key] ??= message;
    }
  }
  if (Object.keys(errors).length > 0) return { values, errors, saved: false };
  const saved = await updateSettings(quire, parsed.data!);
  revalidatePublic();
  // Show what was stored (trimmed, the language tag canonicalized).
  return {
    values: {
      title: saved.title,
      description: saved.description,
      lang: saved.lang,
      author: saved.author,
      navigation: saved.navigation.map((l) => `${l.label} | ${l.url}`).join("\n"),
    },
    errors: {},
    saved: true,
  };
}
