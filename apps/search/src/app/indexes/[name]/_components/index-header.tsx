import { formatNumber } from "@quire/ui";
import Link from "next/link";
import type { ReactNode } from "react";

const TABS = [
  { sub: "", label: "Search" },
  { sub: "documents", label: "Documents" },
  { sub: "import", label: "Import" },
  { sub: "settings", label: "Settings" },
] as const;

export type IndexTab = (typeof TABS)[number]["sub"];

/** Title, counts and the index's sub-pages, the current one marked for screen readers too. */
export function IndexHeader({
  index,
  base,
  current,
  title,
  children,
}: {
  index: { name: string; documentCount: number };
  base: string;
  current: IndexTab;
  title?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <header className="qs-index-header">
      <h1>{title ?? index.name}</h1>
      <nav aria-label={`Index ${index.name}`} className="qs-tabs">
        {TABS.map((tab) => (
          <Link
            key={tab.sub}
            href={tab.sub ? `${base}/${tab.sub}` : base}
            aria-current={tab.sub === current ? "page" : undefined}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      <p className="q-muted">
        {formatNumber(index.documentCount)} document{index.documentCount === 1 ? "" : "s"} · Scout
        API: <code>/scout/{encodeURIComponent(index.name)}/</code>
      </p>
      {children}
    </header>
  );
}
