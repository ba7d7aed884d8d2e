import { getDocument, ScoutError } from "@quire/search-api";
import { formatBytes, formatDate, Notice } from "@quire/ui";
import Link from "next/link";
import { notFound } from "next/navigation";

import { TRPCReactProvider } from "~/app/_components/trpc";
import { IndexHeader } from "../../_components/index-header";
import { openIndexPage } from "../../_lib/index-page";
import { DeleteDocument, MetadataEditor } from "./_components/document-forms";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Document ${(await params).id}` };
}

/** One document: content, metadata (editable as JSON), attachments (downloads), delete. */
export default async function DocumentPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const { index, base, quire } = await openIndexPage(params, `documents/${encodeURIComponent(id)}`);
  if (!/^\d{1,15}$/.test(id)) notFound();
  let doc;
  try {
    doc = getDocument(quire, Number(id));
  } catch (error) {
    if (error instanceof ScoutError && error.status === 404) notFound();
    throw error;
  }
  const list = `${base}/documents`;
  return (
    <>
      <IndexHeader
        index={index}
        base={base}
        current="documents"
        title={doc.title ?? doc.identifier ?? `Document ${doc.id}`}
      />
      <Notice params={await searchParams} />
      <p className="q-muted">
        <Link href={list}>← All documents of {index.name}</Link> · id {doc.id} · identifier{" "}
        {doc.identifier ? <code>{doc.identifier}</code> : "none"} · in{" "}
        {doc.indexes.map((name, i) => (
          <span key={name}>
            {i > 0 ? ", " : ""}
            <Link href={`/indexes/${encodeURIComponent(name)}`}>{name}</Link>
          </span>
        ))}
        {doc.indexes.length === 0 ? "no index" : ""}
      </p>
      <h2>Content</h2>
      <div className="qs-doc-content" data-testid="document-content">
        {doc.content}
      </div>
      <h2>Attachments</h2>
      {doc.attachments.length === 0 ? (
        <p className="q-muted">No attachments.</p>
      ) : (
        <table className="q-table" data-testid="attachments">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Type</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Added</th>
            </tr>
          </thead>
          <tbody>
            {doc.attachments.map((a) => (
              <tr key={a.filename}>
                <td>
                  <a href={`/api/attachments/${doc.id}/${encodeURIComponent(a.filename)}`} download>
                    {a.filename}
                  </a>
                </td>
                <td>{a.mimetype}</td>
                <td className="num">{formatBytes(a.size)}</td>
                <td>{formatDate(a.timestamp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <TRPCReactProvider>
        <h2>Metadata</h2>
        <MetadataEditor id={doc.id} metadata={Object.fromEntries(Object.entries(doc.metadata))} />
        <h2>Delete</h2>
        <DeleteDocument
          id={doc.id}
          label={doc.identifier ?? `#${doc.id}`}
          after={`${list}?deleted=1`}
        />
      </TRPCReactProvider>
    </>
  );
}
