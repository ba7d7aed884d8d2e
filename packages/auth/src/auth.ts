import { timingSafeEqual } from "node:crypto";

import { isTrustedOrigin } from "./origin";
import { verifyPassword } from "./password";
import { createRateLimiter } from "./rate-limit";
import { loadSecrets } from "./secrets";
import type { LoadSecretsOptions } from "./secrets";
import {
  clearedSessionCookie,
  createSessionValue,
  getCookie,
  passwordFingerprint,
  readSessionValue,
  SESSION_COOKIE,
  sessionCookie,
} from "./session";
import type { Session } from "./session";

export interface AuthConfig extends LoadSecretsOptions {
  /** Origins of the peer apps; pages there may post to this app. */
  trustedOrigins?: string[];
  loginRateLimit?: { limit: number; windowMs: number };
  /** Trust `X-Forwarded-For` from a reverse proxy to tell clients apart (QUIRE_TRUST_PROXY=1). */
  trustProxy?: boolean;
}

function equalSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who is trying to log in. The client can write `X-Forwarded-For` itself, so it
 * only counts behind a trusted proxy (`trustProxy`), and then the last entry —
 * the one the proxy appended — is used.
 */
function clientKey(headers: Headers, trustProxy: boolean): string {
  if (!trustProxy) return "direct";
  const forwarded = headers.get("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(Boolean);
  return forwarded?.at(-1) ?? headers.get("x-real-ip") ?? "direct";
}

/** A `next=` target that stays on this site: a path, never `//host` or a URL. */
export function safeNext(value: unknown): string {
  const text = typeof value === "string" ? value : "";
  // Browsers drop tabs and newlines from URLs ("/\t/evil.com" is "//evil.com") and read "\" as "/",
  // so refuse control characters and let the URL parser decide whether the host changes.
  // eslint-disable-next-line no-control-regex
  if (!text.startsWith("/") || /[\u0000-\u001f\u007f]/.test(text)) return "/admin";
  const base = "http://quire.invalid";
  return new URL(text, base).origin === base ? text : "/admin";
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

function isHttps(request: Request): boolean {
  return (request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "")) === "https";
}

/**
 * The admin identity shared by the three apps: one password (scrypt hash),
 * one signed session cookie every app accepts, one service token for
 * app-to-app tRPC calls.
 *
 * @example
 * const auth = await createAuth({ dataDir: "data", trustedOrigins: [searchUrl] });
 * export const POST = (req: Request) => auth.login(req); // app/api/auth/login/route.ts
 */
export async function createAuth(config: AuthConfig) {
  const secrets = await loadSecrets(config);
  const fingerprint = passwordFingerprint(secrets.adminPasswordHash);
  const limiter = createRateLimiter(config.loginRateLimit);
  // Caps guessing for everyone together, whatever a client claims to be.
  const globalLimiter = createRateLimiter({
    limit: (config.loginRateLimit?.limit ?? 10) * 10,
    windowMs: config.loginRateLimit?.windowMs ?? 15 * 60_000,
  });
  const trusted = config.trustedOrigins ?? [];

  async function readBody(request: Request): Promise<{ password: string; next: string; wantsJson: boolean }> {
    const type = request.headers.get("content-type") ?? "";
    const wantsJson = type.includes("application/json") || (request.headers.get("accept") ?? "").includes("application/json");
    if (type.includes("application/json")) {
      const body = (await request.json().catch(() => ({}))) as { password?: unknown; next?: unknown };
      return { password: typeof body.password === "string" ? body.password : "", next: safeNext(body.next), wantsJson };
    }
    const form = await request.formData().catch(() => null);
    const password = form?.get("password");
    return { password: typeof password === "string" ? password : "", next: safeNext(form?.get("next")), wantsJson };
  }

  const fail = (wantsJson: boolean, status: number, code: string, message: string, next: string, extra: Record<string, string> = {}) =>
    wantsJson
      ? json(status, { error: message }, extra)
      : new Response(null, {
          status: 303,
          headers: { location: `/login?error=${code}&next=${encodeURIComponent(next)}`, ...extra },
        });

  return {
    serviceToken: secrets.serviceToken,
    trustedOrigins: trusted,

    /** True when the request carries `Authorization: Bearer <service token>`. */
    isServiceRequest(headers: Headers): boolean {
      const value = headers.get("authorization") ?? "";
      return value.startsWith("Bearer ") && equalSecret(value.slice(7), secrets.serviceToken);
    },

    /** The admin session proved by the request's cookie, or null. */
    sessionFromHeaders(headers: Headers): Session | null {
      return readSessionValue(getCookie(headers.get("cookie"), SESSION_COOKIE), secrets.sessionSecret, fingerprint);
    },

    /** Whether a cookie-authenticated write from this request is safe (CSRF). */
    isTrustedOrigin(headers: Headers, url: string): boolean {
      return isTrustedOrigin(headers, url, trusted);
    },

    /** POST /api/auth/login — form (redirects) or JSON (answers JSON). */
    async login(request: Request): Promise<Response> {
      const { password, next, wantsJson } = await readBody(request);
      if (!isTrustedOrigin(request.headers, request.url, trusted)) {
        return fail(wantsJson, 403, "origin", "Cross-site login refused", next);
      }
      const key = clientKey(request.headers, config.trustProxy ?? false);
      const wait = Math.max(limiter.retryAfter(key), globalLimiter.retryAfter("*"));
      if (wait > 0) {
        return fail(wantsJson, 429, "rate", `Too many failed logins; try again in ${wait} s`, next, { "retry-after": String(wait) });
      }
      if (!password) return fail(wantsJson, 400, "missing", "Password is required", next);
      if (password.length > 1024 || !(await verifyPassword(password, secrets.adminPasswordHash))) {
        limiter.fail(key);
        globalLimiter.fail("*");
        return fail(wantsJson, 401, "invalid", "Wrong password", next);
      }
      limiter.reset(key);
      const cookie = sessionCookie(createSessionValue(secrets.sessionSecret, fingerprint), isHttps(request));
      return wantsJson
        ? json(200, { ok: true }, { "set-cookie": cookie })
        : new Response(null, { status: 303, headers: { location: next, "set-cookie": cookie } });
    },

    /** POST /api/auth/logout — clears the cookie on this host (so for all three apps). */
    logout(request: Request): Response {
      const cookie = clearedSessionCookie(isHttps(request));
      if (!isTrustedOrigin(request.headers, request.url, trusted)) {
        return json(403, { error: "Cross-site logout refused" });
      }
      return (request.headers.get("accept") ?? "").includes("application/json")
        ? json(200, { ok: true }, { "set-cookie": cookie })
        : new Response(null, { status: 303, headers: { location: "/login?loggedOut=1", "set-cookie": cookie } });
    },
  };
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;
