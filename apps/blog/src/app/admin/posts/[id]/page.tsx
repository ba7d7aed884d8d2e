import { getPostForEdit } from "@quire/blog-db";
import Link from "next/link";
import { notFound } from "next/navigation";

import { Editor } from "../../_components/editor";
import { adminPage } from "~/server/admin";

export const metadata = { title: "Edit post" };

export default async function EditPostPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { quire } = await adminPage(`/admin/posts/${id}`);
  const post = /^\d{1,12}$/.test(id) ? getPostForEdit(quire, Number(id)) : undefined;
  if (!post) notFound();
  return (
    <>
      <h1>Edit {post.type}</h1>
      <p className="q-actions">
        {post.status === "published" ? (
          <Link href={post.type === "page" ? `/${post.slug}` : `/posts/${post.slug}`}>
            View on the site
          </Link>
        ) : null}
        <Link href={`/admin/posts/${post.id}/delete`}>Delete…</Link>
      </p>
      <Editor key={post.updatedAt.getTime()} post={post} />
    </>
  );
}
