import { Editor } from "../../_components/editor";
import { adminPage } from "~/server/admin";

export const metadata = { title: "New post" };

export default async function NewPostPage() {
  await adminPage("/admin/posts/new");
  return (
    <>
      <h1>New post</h1>
      <Editor post={null} />
    </>
  );
}
