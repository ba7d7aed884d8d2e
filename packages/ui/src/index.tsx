import Link from "next/link";
import type { ReactNode } from "react";

export interface NavItem {
  href: string;
  label: string;
}

/** Page frame shared by the three apps: brand, navigation, session controls. */
export function Shell(props: {
  app: string;
  home?: string;
  nav: NavItem[];
  loggedIn: boolean;
  children: ReactNode;
}) {
  return (
    <>
      <header className="q-header">
        <div className="q-header-inner">
          <Link className="q-brand" href={props.home ?? "/"}>
            Quire<small>{props.app}</small>
          </Link>
          <nav className="q-nav" aria-label="Main">
            {props.nav.map((item) => (
              <Link key={item.href} href={item.href}>
                {item.label}
              </Link>
            ))}
          </nav>
          {props.loggedIn ? (
            <form className="q-inline-form" method="post" action="/api/auth/logout">
              <button className="q-linkbutton" type="submit">
                Log out
              </button>
            </form>
          ) : (
            <Link href="/login">Log in</Link>
          )}
        </div>
      </header>
      <main className="q-main" id="main">
        {props.children}
      </main>
      <footer className="q-footer">Quire · {props.app}</footer>
    </>
  );
}

export function Card(props: { title?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="q-card" data-testid={props.testId}>
      {props.title ? <h2>{props.title}</h2> : null}
      {props.children}
    </section>
  );
}

export function StatusPill({ up, label }: { up: boolean; label?: string }) {
  return <span className={`q-pill ${up ? "up" : "down"}`}>{label ?? (up ? "up" : "down")}</span>;
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="q-empty">{children}</div>;
}

/** Tiny bar chart, no client JS: one bar per value. */
export function Sparkline({ values, label }: { values: { key: string; value: number }[]; label: string }) {
  const max = Math.max(1, ...values.map((v) => v.value));
  return (
    <div className="q-spark" role="img" aria-label={label}>
      {values.map((v) => (
        <span key={v.key} title={`${v.key}: ${v.value}`} style={{ height: `${(v.value / max) * 100}%` }} />
      ))}
    </div>
  );
}

const LOGIN_ERRORS: Record<string, string> = {
  invalid: "Wrong password.",
  missing: "Enter the password.",
  rate: "Too many failed attempts. Wait a few minutes, then try again.",
  origin: "Login refused: the form was posted from another site.",
};

/** The login form (plain HTML form: works without JavaScript). */
export function LoginForm({ error, next, loggedOut }: { error?: string; next?: string; loggedOut?: boolean }) {
  const message = error ? (LOGIN_ERRORS[error] ?? "Login failed.") : null;
  return (
    <form className="q-form" method="post" action="/api/auth/login">
      <h1>Log in</h1>
      <p className="q-muted">One admin password for the blog, search and analytics.</p>
      {loggedOut ? <p className="q-notice">You are logged out.</p> : null}
      {message ? (
        <p className="q-error" role="alert">
          {message}
        </p>
      ) : null}
      <input type="hidden" name="next" value={next ?? "/admin"} />
      <label>
        Password
        <input type="password" name="password" autoComplete="current-password" required autoFocus />
      </label>
      <button className="q-button" type="submit">
        Log in
      </button>
    </form>
  );
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat("en").format(n);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatDate(d: Date | null | undefined): string {
  return d ? d.toISOString().slice(0, 10) : "";
}

const NOTICES = ["saved", "deleted", "merged", "created"] as const;

/** The message after a form post redirect: `?error=<text>` inline, or `?saved=1` (deleted, merged, created). */
export function Notice({ params }: { params: Record<string, string | string[] | undefined> }) {
  const error = typeof params.error === "string" ? params.error.slice(0, 300) : null;
  const ok = NOTICES.find((k) => params[k] === "1");
  if (error)
    return (
      <p className="q-error" role="alert">
        {error}
      </p>
    );
  if (ok)
    return (
      <p className="q-notice" role="status">
        {ok[0]!.toUpperCase() + ok.slice(1)}.
      </p>
    );
  return null;
}
