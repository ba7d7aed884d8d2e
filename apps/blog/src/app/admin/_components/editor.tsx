"use client";

import type { EditablePost } from "@quire/blog-db";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";

import { useTRPCClient } from "./trpc";

type Status = "draft" | "scheduled" | "published";

interface Fields {
  title: string;
  slug: string;
  bodyMarkdown: string;
  customExcerpt: string;
  coverImage: string;
  tags: string;
  type: "post" | "page";
  status: Status;
  publishedAt: string;
  featured: boolean;
}

/** `datetime-local` wants local time without a zone. */
function toLocalInput(d: Date | null): string {
  if (!d) return "";
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function fieldsOf(post: EditablePost | null): Fields {
  return {
    title: post?.title ?? "",
    slug: post?.slug ?? "",
    bodyMarkdown: post?.bodyMarkdown ?? "",
    customExcerpt: post?.customExcerpt ?? "",
    coverImage: post?.coverImage ?? "",
    tags: post?.tags.map((t) => t.name).join(", ") ?? "",
    type: post?.type ?? "post",
    status: post?.status ?? "draft",
    publishedAt: toLocalInput(post?.publishedAt ?? null),
    featured: post?.featured ?? false,
  };
}

const backupKey = (id: number | null) => `quire:editor:${id ?? "new"}`;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The post editor: markdown on the left, the server-rendered preview on the right (the same
 * pipeline as a save). Edits are autosaved after a pause, sent with a beacon when the tab is
 * hidden or closed, and mirrored in localStorage, so closing the tab loses nothing.
 */
export function Editor({ post }: { post: EditablePost | null }) {
  const client = useTRPCClient();
  const router = useRouter();
  const [id, setId] = useState<number | null>(post?.id ?? null);
  const [fields, setFields] = useState<Fields>(() => fieldsOf(post));
  const [preview, setPreview] = useState(post?.bodyHtml ?? "");
  const [state, setState] = useState<string>(
    // With the status: after a save, router.refresh() may remount the editor on this message.
    post ? `Last saved ${post.updatedAt.toLocaleString()} (${post.status})` : "Not saved yet",
  );
  const [error, setError] = useState<string | null>(null);
  const [restorable, setRestorable] = useState<{
    title: string;
    bodyMarkdown: string;
    savedAt: string;
  } | null>(
    post?.autosave ? { ...post.autosave, savedAt: post.autosave.savedAt.toLocaleString() } : null,
  );
  const dirty = useRef(false);
  const latest = useRef(fields);
  latest.current = fields;
  const idRef = useRef(id);
  idRef.current = id;

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    dirty.current = true;
    setFields((f) => ({ ...f, [key]: value }));
  };

  // A local copy newer than the server's version (the tab died before the autosave) is offered back.
  useEffect(() => {
    const raw = localStorage.getItem(backupKey(post?.id ?? null));
    if (!raw) return;
    try {
      const saved = JSON.parse(raw) as { title: string; bodyMarkdown: string; at: number };
      const serverAt = post?.updatedAt.getTime() ?? 0;
      if (
        saved.at > serverAt &&
        (saved.title !== post?.title || saved.bodyMarkdown !== post?.bodyMarkdown)
      ) {
        setRestorable({
          title: saved.title,
          bodyMarkdown: saved.bodyMarkdown,
          savedAt: new Date(saved.at).toLocaleString(),
        });
      }
    } catch {
      localStorage.removeItem(backupKey(post?.id ?? null));
    }
  }, [post]);

  // Live preview, debounced.
  useEffect(() => {
    const timer = setTimeout(() => {
      client.admin.posts.preview
        .mutate({ bodyMarkdown: fields.bodyMarkdown })
        .then((r) => setPreview(r.html))
        .catch((e: unknown) => setError(message(e)));
    }, 400);
    return () => clearTimeout(timer);
  }, [client, fields.bodyMarkdown]);

  const autosave = useCallback(async () => {
    if (!dirty.current) return;
    const f = latest.current;
    localStorage.setItem(
      backupKey(idRef.current),
      JSON.stringify({ title: f.title, bodyMarkdown: f.bodyMarkdown, at: Date.now() }),
    );
    try {
      if (idRef.current === null) {
        if (!f.title.trim()) return; // a new post is created once it has a title (its slug comes from it)
        const created = await client.admin.posts.create.mutate({
          title: f.title,
          bodyMarkdown: f.bodyMarkdown,
          status: "draft",
        });
        localStorage.removeItem(backupKey(null));
        setId(created.id);
        idRef.current = created.id;
        setFields((x) => ({ ...x, slug: created.slug }));
        window.history.replaceState(null, "", `/admin/posts/${created.id}`);
      } else {
        await client.admin.posts.autosave.mutate({
          id: idRef.current,
          title: f.title,
          bodyMarkdown: f.bodyMarkdown,
        });
      }
      dirty.current = false;
      setState(`Autosaved ${new Date().toLocaleTimeString()}`);
      setError(null);
    } catch (e) {
      setError(`Autosave failed: ${message(e)}`);
    }
  }, [client]);

  useEffect(() => {
    const timer = setTimeout(() => void autosave(), 1500);
    return () => clearTimeout(timer);
  }, [autosave, fields.title, fields.bodyMarkdown]);

  // Closing or hiding the tab: send what is unsaved with a beacon (survives the page going away).
  useEffect(() => {
    const flush = () => {
      if (!dirty.current) return;
      const f = latest.current;
      localStorage.setItem(
        backupKey(idRef.current),
        JSON.stringify({ title: f.title, bodyMarkdown: f.bodyMarkdown, at: Date.now() }),
      );
      if (idRef.current !== null) {
        navigator.sendBeacon(
          "/api/admin/autosave",
          new Blob(
            [JSON.stringify({ id: idRef.current, title: f.title, bodyMarkdown: f.bodyMarkdown })],
            { type: "application/json" },
          ),
        );
      }
    };
    const onHide = () => {
      if (document.visibilityState === "hidden") flush();
    };
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", flush);
    return () => {
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", flush);
    };
  }, []);

  async function save(status?: Status) {
    const f = latest.current;
    const data = {
      title: f.title,
      bodyMarkdown: f.bodyMarkdown,
      customExcerpt: f.customExcerpt || null,
      coverImage: f.coverImage || null,
      tags: f.tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
      type: f.type,
      status: status ?? f.status,
      publishedAt: f.publishedAt ? new Date(f.publishedAt) : null,
      featured: f.featured,
    };
    try {
      setState("Saving…");
      const result =
        idRef.current === null
          ? await client.admin.posts.create.mutate(data)
          : await client.admin.posts.update.mutate({
              id: idRef.current,
              data: { ...data, ...(f.slug ? { slug: f.slug } : {}) },
            });
      localStorage.removeItem(backupKey(idRef.current));
      localStorage.removeItem(backupKey(null));
      dirty.current = false;
      setError(null);
      setRestorable(null);
      setFields((x) => ({ ...x, slug: result.slug, status: result.status }));
      setState(`Saved ${new Date().toLocaleTimeString()} (${result.status})`);
      if (idRef.current === null) {
        setId(result.id);
        router.replace(`/admin/posts/${result.id}`);
      } else {
        router.refresh();
      }
    } catch (e) {
      setState("Not saved");
      setError(message(e));
    }
  }

  async function upload(file: File, as: "body" | "cover") {
    const form = new FormData();
    form.set("file", file);
    const res = await fetch("/api/admin/upload", { method: "POST", body: form });
    const body = (await res.json()) as { url?: string; error?: string };
    if (!res.ok || !body.url) return setError(body.error ?? `Upload failed (${res.status})`);
    if (as === "cover") set("coverImage", body.url);
    else
      set(
        "bodyMarkdown",
        `${latest.current.bodyMarkdown}\n\n![${file.name.replace(/[[\]]/g, "")}](${body.url})\n`,
      );
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      aria-label="Post editor"
    >
      {restorable ? (
        <div className="q-notice" role="status">
          Unsaved edits from {restorable.savedAt} were kept.{" "}
          <button
            type="button"
            className="q-linkbutton"
            onClick={() => {
              dirty.current = true;
              setFields((f) => ({
                ...f,
                title: restorable.title,
                bodyMarkdown: restorable.bodyMarkdown,
              }));
              setRestorable(null);
            }}
          >
            Restore them
          </button>{" "}
          ·{" "}
          <button
            type="button"
            className="q-linkbutton"
            onClick={() => {
              localStorage.removeItem(backupKey(idRef.current));
              if (idRef.current !== null)
                void client.admin.posts.discardAutosave.mutate({ id: idRef.current });
              setRestorable(null);
            }}
          >
            Discard them
          </button>
        </div>
      ) : null}
      {error ? (
        <p className="q-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="q-fields">
        <label>
          Title
          <input
            value={fields.title}
            onChange={(e) => set("title", e.target.value)}
            required
            maxLength={300}
          />
        </label>
      </div>
      <div className="q-editor" style={{ marginTop: 12 }}>
        <label className="q-fields">
          <span>Body (Markdown)</span>
          <textarea
            value={fields.bodyMarkdown}
            onChange={(e) => set("bodyMarkdown", e.target.value)}
            spellCheck
          />
        </label>
        <section aria-label="Preview">
          <div className="q-muted" style={{ fontWeight: 600, fontSize: "0.9rem" }}>
            Preview
          </div>
          <div
            className="q-preview q-body"
            data-testid="preview"
            dangerouslySetInnerHTML={{ __html: preview }}
          />
        </section>
      </div>
      <div className="q-grid" style={{ marginTop: 12 }}>
        <div className="q-fields">
          <label>
            Slug
            <input
              value={fields.slug}
              onChange={(e) => set("slug", e.target.value)}
              placeholder="from the title"
              maxLength={120}
            />
          </label>
          <label>
            Tags (comma-separated)
            <input value={fields.tags} onChange={(e) => set("tags", e.target.value)} />
          </label>
          <label>
            Excerpt (optional)
            <input
              value={fields.customExcerpt}
              onChange={(e) => set("customExcerpt", e.target.value)}
              maxLength={500}
            />
          </label>
        </div>
        <div className="q-fields">
          <label>
            Status
            <select value={fields.status} onChange={(e) => set("status", e.target.value as Status)}>
              <option value="draft">draft</option>
              <option value="scheduled">scheduled</option>
              <option value="published">published</option>
            </select>
          </label>
          <label>
            Publish date
            <input
              type="datetime-local"
              value={fields.publishedAt}
              onChange={(e) => set("publishedAt", e.target.value)}
            />
          </label>
          <label>
            Type
            <select
              value={fields.type}
              onChange={(e) => set("type", e.target.value as "post" | "page")}
            >
              <option value="post">post</option>
              <option value="page">page (e.g. About)</option>
            </select>
          </label>
          <label className="q-check">
            <input
              type="checkbox"
              checked={fields.featured}
              onChange={(e) => set("featured", e.target.checked)}
            />{" "}
            Featured
          </label>
        </div>
        <div className="q-fields">
          <label>
            Cover image URL
            <input value={fields.coverImage} onChange={(e) => set("coverImage", e.target.value)} />
          </label>
          <label>
            Upload a cover image
            <input
              type="file"
              accept="image/png,image/jpeg,image/gif,image/webp"
              onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0], "cover")}
            />
          </label>
          <label>
            Insert an image into the body
            <input
              type="file"
              accept="image/png,image/jpeg,image/gif,image/webp"
              onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0], "body")}
            />
          </label>
        </div>
      </div>
      <div className="q-actions" style={{ marginTop: 16 }}>
        <button className="q-button" type="submit">
          Save
        </button>
        {fields.status !== "published" ? (
          <button
            className="q-button secondary"
            type="button"
            onClick={() =>
              void save(
                fields.publishedAt && new Date(fields.publishedAt) > new Date()
                  ? "scheduled"
                  : "published",
              )
            }
          >
            {fields.publishedAt && new Date(fields.publishedAt) > new Date()
              ? "Schedule"
              : "Publish"}
          </button>
        ) : (
          <button className="q-button secondary" type="button" onClick={() => void save("draft")}>
            Unpublish
          </button>
        )}
        <span className="q-muted" role="status" data-testid="save-state">
          {state}
        </span>
      </div>
    </form>
  );
}
