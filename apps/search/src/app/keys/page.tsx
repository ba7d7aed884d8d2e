import { requireAdmin } from "@quire/auth/next";
import { listApiKeys } from "@quire/search-api";
import { listIndexes } from "@quire/search-db";
import { EmptyState, formatDate } from "@quire/ui";

import { TRPCReactProvider } from "~/app/_components/trpc";
import { runtime } from "~/server/runtime";
import { CreateKeyForm, DeleteKeyButton } from "./_components/key-forms";

export const metadata = { title: "API keys" };

/** Keys for the Scout REST API: admin, or search-only (perhaps limited to some indexes). */
export default async function KeysPage() {
  await requireAdmin(await runtime.getAuth(), "/keys");
  await runtime.start();
  const quire = runtime.getDb();
  const keys = listApiKeys(quire);
  const indexes = (await listIndexes(quire)).map((i) => i.name);
  return (
    <TRPCReactProvider>
      <h1>API keys</h1>
      <p className="q-muted">
        Sent as header <code>key</code> (or <code>?key=</code>) to the REST API at{" "}
        <code>/scout</code>. Once a key exists, requests without one are refused. An admin key may
        do anything, a search key may only search; either may be limited to some indexes (an admin
        key limited to indexes reads and writes those alone and their documents). Only a hash of
        each key is kept: it is shown once, when created.
      </p>
      <CreateKeyForm indexes={indexes} />
      {keys.length === 0 ? (
        <EmptyState>
          No API keys: the REST API is open (unless SEARCH_MASTER_KEY is set).
        </EmptyState>
      ) : (
        <table className="q-table" data-testid="api-keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Scope</th>
              <th scope="col">Indexes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.scope}</td>
                <td>{k.indexes?.join(", ") ?? "all"}</td>
                <td>{formatDate(k.createdAt)}</td>
                <td>{k.lastUsedAt ? formatDate(k.lastUsedAt) : "never"}</td>
                <td>
                  <DeleteKeyButton id={k.id} name={k.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </TRPCReactProvider>
  );
}
