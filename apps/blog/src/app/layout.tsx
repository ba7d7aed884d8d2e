import "@quire/ui/styles.css";

import { getSession } from "@quire/auth/next";
import { Shell } from "@quire/ui";
import type { Metadata } from "next";
import type { ReactNode } from "react";

import { runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Quire blog", template: "%s · Quire blog" },
  description: "A blog published with Quire",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getSession(await runtime.getAuth());
  return (
    <html lang="en">
      <body>
        <Shell
          app="blog"
          nav={[
            { href: "/", label: "Home" },
            { href: "/admin", label: "Admin" },
            { href: "/admin/system", label: "System" },
          ]}
          loggedIn={session !== null}
        >
          {children}
        </Shell>
      </body>
    </html>
  );
}
