import "@quire/ui/styles.css";
import "./analytics.css";

import { getSession } from "@quire/auth/next";
import { Shell } from "@quire/ui";
import type { Metadata } from "next";
import type { ReactNode } from "react";

import { runtime } from "~/server/runtime";

import { TRPCReactProvider } from "./_components/trpc";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Quire analytics", template: "%s · Quire analytics" },
  description: "Quire analytics",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getSession(await runtime.getAuth());
  return (
    <html lang="en">
      <body>
        <Shell
          app="analytics"
          nav={[
            { href: "/", label: "Sites" },
            { href: "/api-keys", label: "API keys" },
          ]}
          loggedIn={session !== null}
        >
          <TRPCReactProvider>{children}</TRPCReactProvider>
        </Shell>
      </body>
    </html>
  );
}
