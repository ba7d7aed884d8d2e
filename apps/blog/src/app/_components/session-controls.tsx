"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * "Admin · Log out" for the admin on public pages. Those pages are cached whole (ISR) and must
 * not read the cookie, so the browser asks GET /api/session (no-store) after the page loads;
 * anonymous readers see nothing. Admin pages have their own controls.
 */
export function SessionControls() {
  const pathname = usePathname();
  const [admin, setAdmin] = useState(false);
  const hidden = pathname.startsWith("/admin") || pathname.startsWith("/login");

  useEffect(() => {
    if (hidden) return;
    const controller = new AbortController();
    fetch("/api/session", { cache: "no-store", signal: controller.signal })
      .then((res) => (res.ok ? (res.json() as Promise<{ admin?: unknown }>) : null))
      .then((body) => setAdmin(body?.admin === true))
      .catch(() => {
        // Offline or navigated away: show nothing, as for a reader.
      });
    return () => controller.abort();
  }, [hidden, pathname]);

  if (hidden || !admin) return null;
  return (
    <div
      className="q-session"
      role="region"
      aria-label="Admin session"
      data-testid="session-controls"
    >
      <Link href="/admin">Admin</Link>
      <span aria-hidden="true">·</span>
      <form className="q-inline-form" method="post" action="/api/auth/logout">
        <button className="q-linkbutton" type="submit">
          Log out
        </button>
      </form>
    </div>
  );
}
