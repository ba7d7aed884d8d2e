import { requireAdmin } from "@quire/auth/next";
import { countSearchData, listIndexes } from "@quire/search-db";
import { EmptyState, formatDate, formatNumber } from "@quire/ui";
import Link from "next/link";

import { CreateIndexForm } from "~/app/_components/create-index-form";
import { TRPCReactProvider } from "~/app/_components/trpc";
import { runtime } from "~/server/runtime";

export const metadata = { title: "Indexes" };

export default async function IndexesPage() {
  await requireAdmin(await runtime.getAuth(), "/");
  await runtime.start();
  const quire = runtime.getDb();
  const [indexes, counts] = await Promise.all([listIndexes(quire), countSearchData(quire)]);
  return (
    <>
      <h1>Indexes</h1>
      <p className="q-muted">
        {formatNumber(counts.indexes)} indexes, {formatNumber(counts.documents)} documents,
        full-text search by SQLite FTS5.
      </p>
      <TRPCReactProvider>
        <CreateIndexForm />
      </TRPCReactProvider>
      {indexes.length === 0 ? (
        <EmptyState>No indexes yet.</EmptyState>
      ) : (
        <table className="q-table" data-testid="indexes">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" className="num">
                Documents
              </th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {indexes.map((index) => (
              <tr key={index.id}>
                <td>
                  <Link href={`/indexes/${encodeURIComponent(index.name)}`}>{index.name}</Link>
                </td>
                <td className="num">{formatNumber(index.documentCount)}</td>
                <td>{formatDate(index.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
