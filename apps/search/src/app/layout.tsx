import "@quire/ui/styles.css";
import "./console.css";

import { getSession } from "@quire/auth/next";
import { Shell } from "@quire/ui";
import type { Metadata } from "next";
import type { ReactNode } from "react";

import { runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Quire search", template: "%s · Quire search" },
  description: "Quire search",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getSession(await runtime.getAuth());
  return (
    <html lang="en">
      <body>
        <Shell
          app="search"
          nav={[
            { href: "/", label: "Indexes" },
            { href: "/keys", label: "API keys" },
          ]}
          loggedIn={session !== null}
        >
          {children}
        </Shell>
      </body>
    </html>
  );
}
