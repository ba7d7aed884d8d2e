import { Notice } from "@quire/ui";
import { listTagsForAdmin } from "@quire/blog-db";
import type { AdminTagRow } from "@quire/blog-db";
import Link from "next/link";

import { createTagAction, deleteTagAction, mergeTagsAction, updateTagAction } from "../actions";
import { adminPage } from "~/server/admin";

export const metadata = { title: "Tags" };

/**
 * A choice among the tags, indented by depth: a tag's parent (with a "(top level)" choice and
 * without the tag itself) or a side of a merge.
 */
function TagSelect({
  tags,
  name,
  label,
  value,
  exclude,
  topLevel = false,
}: {
  tags: AdminTagRow[];
  name: string;
  label: string;
  value?: number | null;
  exclude?: number;
  topLevel?: boolean;
}) {
  return (
    <select name={name} defaultValue={value ?? ""} aria-label={label} required={!topLevel}>
      {topLevel ? <option value="">(top level)</option> : null}
      {tags
        .filter((t) => t.id !== exclude)
        .map((t) => (
          <option key={t.id} value={t.id}>
            {"— ".repeat(t.depth)}
            {t.name}
          </option>
        ))}
    </select>
  );
}

export default async function AdminTagsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { quire } = await adminPage("/admin/tags");
  const tags = listTagsForAdmin(quire);
  return (
    <>
      <h1>Tags</h1>
      <Notice params={await searchParams} />
      <p className="q-muted">
        Rename a tag, change its slug or move it (with everything below it) under another tag.
      </p>
      <table className="q-table" data-testid="admin-tags">
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col" className="num">
              Posts
            </th>
            <th scope="col">Edit</th>
          </tr>
        </thead>
        <tbody>
          {tags.map((t) => (
            <tr key={t.id}>
              <td style={{ paddingLeft: 12 + t.depth * 18 }}>
                <Link href={`/tag/${t.slug}`}>{t.name}</Link>
              </td>
              <td className="num">{t.posts}</td>
              <td>
                <form action={updateTagAction} className="q-filters" style={{ margin: 0 }}>
                  <input type="hidden" name="id" value={t.id} />
                  <input
                    name="name"
                    defaultValue={t.name}
                    aria-label={`Name of ${t.name}`}
                    required
                    maxLength={100}
                  />
                  <input
                    name="slug"
                    defaultValue={t.slug}
                    aria-label={`Slug of ${t.name}`}
                    required
                    maxLength={120}
                  />
                  <input
                    name="description"
                    defaultValue={t.description}
                    aria-label={`Description of ${t.name}`}
                    maxLength={1000}
                  />
                  <TagSelect
                    tags={tags}
                    name="parentId"
                    label={`Parent of ${t.name}`}
                    value={t.parentId}
                    exclude={t.id}
                    topLevel
                  />
                  <button className="q-button secondary" type="submit">
                    Save
                  </button>
                  <button
                    className="q-linkbutton"
                    formAction={deleteTagAction}
                    type="submit"
                    aria-label={`Delete ${t.name}`}
                  >
                    Delete
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>New tag</h2>
      <form action={createTagAction} className="q-filters">
        <label>
          Name
          <input name="name" required maxLength={100} />
        </label>
        <label>
          Description
          <input name="description" maxLength={1000} />
        </label>
        <label>
          Parent
          <TagSelect tags={tags} name="parentId" label="Parent" topLevel />
        </label>
        <button className="q-button" type="submit">
          Create
        </button>
      </form>
      <h2>Merge tags</h2>
      <form action={mergeTagsAction} className="q-filters">
        <label>
          Merge
          <TagSelect tags={tags} name="sourceId" label="Merge" />
        </label>
        <label>
          into
          <TagSelect tags={tags} name="targetId" label="into" />
        </label>
        <button className="q-button" type="submit">
          Merge
        </button>
      </form>
    </>
  );
}
