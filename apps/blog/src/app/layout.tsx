import "@quire/ui/styles.css";
import "./blog.css";

import { Shell } from "@quire/ui";
import type { Metadata } from "next";
import type { ReactNode } from "react";

import { getSite, siteUrl } from "~/server/runtime";
import { ogLocale } from "./_components/article";
import { SessionControls } from "./_components/session-controls";

export async function generateMetadata(): Promise<Metadata> {
  const site = await getSite();
  return {
    metadataBase: new URL(siteUrl),
    title: { default: site.title, template: `%s · ${site.title}` },
    description: site.description,
    alternates: {
      types: {
        "application/rss+xml": [{ url: "/feed.xml", title: `${site.title} (RSS)` }],
        "application/atom+xml": [{ url: "/atom.xml", title: `${site.title} (Atom)` }],
      },
    },
    openGraph: { siteName: site.title, type: "website", locale: ogLocale(site.lang) },
    twitter: { card: "summary" },
  };
}

/**
 * The frame of every page. It reads no cookie, so public pages can be cached whole (ISR): the
 * admin's controls on public pages are fetched by the browser (SessionControls), and the admin
 * area adds its own.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const site = await getSite();
  return (
    <html lang={site.lang}>
      <body>
        <a className="q-skip" href="#main">
          Skip to content
        </a>
        <Shell
          app="blog"
          nav={[
            { href: "/", label: "Home" },
            { href: "/tags", label: "Tags" },
            { href: "/popular", label: "Popular" },
            { href: "/search", label: "Search" },
            ...site.pages.map((p) => ({ href: `/${p.slug}`, label: p.title })),
            ...site.navigation.map((l) => ({ href: l.url, label: l.label })),
            { href: "/admin", label: "Admin" },
          ]}
          loggedIn={false}
        >
          <SessionControls />
          {children}
        </Shell>
      </body>
    </html>
  );
}
