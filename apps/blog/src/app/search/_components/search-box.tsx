"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";

const DEBOUNCE_MS = 250;

/**
 * Search as you type: the form works without JavaScript (GET /search?q=…); with it, typing
 * replaces the URL after a short pause (keeping chosen tags, back to page 1), so the server
 * renders the results and a reload or shared link shows the same thing.
 */
export function SearchBox({ initial }: { initial: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [value, setValue] = useState(initial);
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  function go(q: string) {
    const next = new URLSearchParams(params.toString());
    if (q.trim()) next.set("q", q);
    else next.delete("q");
    next.delete("page");
    const query = next.toString();
    startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  }

  return (
    <form
      method="get"
      action="/search"
      role="search"
      className="q-filters"
      onSubmit={(event) => {
        event.preventDefault();
        if (timer.current) clearTimeout(timer.current);
        go(value);
      }}
    >
      <label>
        Search the blog
        <input
          type="search"
          name="q"
          value={value}
          maxLength={200}
          autoComplete="off"
          aria-describedby="search-status"
          onChange={(event) => {
            const q = event.target.value;
            setValue(q);
            if (timer.current) clearTimeout(timer.current);
            timer.current = setTimeout(() => go(q), DEBOUNCE_MS);
          }}
        />
      </label>
      {params.getAll("tag").map((tag) => (
        <input key={tag} type="hidden" name="tag" value={tag} />
      ))}
      <button className="q-button" type="submit">
        Search
      </button>
      <span id="search-status" className="q-muted" aria-live="polite" data-testid="search-pending">
        {pending ? "Searching…" : ""}
      </span>
    </form>
  );
}
