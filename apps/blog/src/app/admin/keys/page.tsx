import { listContentApiKeys } from "@quire/blog-db";
import { formatDate, Notice } from "@quire/ui";

import { createKeyAction, deleteKeyAction } from "../actions";
import { adminPage } from "~/server/admin";
import { siteUrl } from "~/server/runtime";

export const metadata = { title: "Content API keys" };

export default async function KeysPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { quire } = await adminPage("/admin/keys");
  const keys = listContentApiKeys(quire);
  return (
    <>
      <h1>Content API keys</h1>
      <Notice params={await searchParams} />
      <p>
        Ghost front-ends and tools read the blog through the Ghost Content API at{" "}
        <code>{siteUrl}/ghost/api/content/</code> with one of these keys (<code>?key=</code>).{" "}
        <code>BLOG_CONTENT_API_KEY</code> adds one for automation.
      </p>
      <table className="q-table" data-testid="api-keys">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="q-muted">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>
                <code>{k.secret}</code>
              </td>
              <td>{formatDate(k.createdAt)}</td>
              <td>
                <form action={deleteKeyAction}>
                  <input type="hidden" name="id" value={k.id} />
                  <button className="q-linkbutton" type="submit" aria-label={`Revoke ${k.name}`}>
                    Revoke
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form action={createKeyAction} className="q-filters" style={{ marginTop: 14 }}>
        <label>
          Name
          <input name="name" placeholder="My front-end" maxLength={100} />
        </label>
        <button className="q-button" type="submit">
          Add key
        </button>
      </form>
    </>
  );
}
