import { getPostForEdit } from "@quire/blog-db";
import Link from "next/link";
import { notFound } from "next/navigation";

import { deletePostAction } from "../../../actions";
import { adminPage } from "~/server/admin";

export const metadata = { title: "Delete post" };

export default async function DeletePostPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { quire } = await adminPage(`/admin/posts/${id}/delete`);
  const post = /^\d+$/.test(id) ? getPostForEdit(quire, Number(id)) : undefined;
  if (!post) notFound();
  return (
    <form action={deletePostAction} className="q-card">
      <h1>Delete “{post.title}”?</h1>
      <p>
        This removes the {post.type} for good
        {post.status === "published" ? ", takes it off the site and out of search" : ""}. It cannot
        be undone.
      </p>
      <input type="hidden" name="id" value={post.id} />
      <div className="q-actions">
        <button className="q-button danger" type="submit">
          Delete for good
        </button>
        <Link href={`/admin/posts/${post.id}`}>Cancel</Link>
      </div>
    </form>
  );
}
