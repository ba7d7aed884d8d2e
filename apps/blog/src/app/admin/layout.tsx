import Link from "next/link";
import type { ReactNode } from "react";

import { TRPCReactProvider } from "./_components/trpc";

// Admin pages read the session cookie: always rendered per request, never cached.
export const dynamic = "force-dynamic";

export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <nav className="q-actions" aria-label="Admin" style={{ marginBottom: 18 }}>
        <Link href="/admin">Dashboard</Link>
        <Link href="/admin/posts">Posts</Link>
        <Link href="/admin/drafts">Drafts</Link>
        <Link href="/admin/posts/new">New post</Link>
        <Link href="/admin/tags">Tags</Link>
        <Link href="/admin/keys">API keys</Link>
        <Link href="/admin/settings">Settings</Link>
        <Link href="/admin/system">System</Link>
        <form
          className="q-inline-form"
          method="post"
          action="/api/auth/logout"
          style={{ marginLeft: "auto" }}
        >
          <button className="q-linkbutton" type="submit">
            Log out
          </button>
        </form>
      </nav>
      {children}
    </TRPCReactProvider>
  );
}
