import { listPostsForAdmin } from "@quire/blog-db";

import { PostTable } from "../_components/post-table";
import { adminPage } from "~/server/admin";

export const metadata = { title: "Drafts" };

export default async function DraftsPage() {
  const { quire } = await adminPage("/admin/drafts");
  const drafts = listPostsForAdmin(quire, { status: "draft", limit: 200 });
  const scheduled = listPostsForAdmin(quire, { status: "scheduled", limit: 200 });
  return (
    <>
      <h1>Drafts</h1>
      <PostTable posts={drafts.posts} />
      <h2>Scheduled</h2>
      <PostTable posts={scheduled.posts} />
    </>
  );
}
