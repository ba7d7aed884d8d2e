import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";

import { createAuth, safeNext } from "./auth";
import type { Auth } from "./auth";
import { getCookie, SESSION_COOKIE } from "./session";

const PASSWORD = "correct horse battery";
const SERVICE_TOKEN = "service-token-0123456789";
const APP = "http://localhost:3000";
const PEER = "http://localhost:3001";

let dir: string;
let auth: Auth;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-auth-"));
  auth = await createAuth({
    dataDir: dir,
    adminPassword: PASSWORD,
    serviceToken: SERVICE_TOKEN,
    trustedOrigins: [PEER],
    loginRateLimit: { limit: 3, windowMs: 60_000 },
    trustProxy: true,
  });
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let ip = 0;
/** Each test logs in from its own address so the rate limiter's state stays per test. */
const nextIp = () => `203.0.113.${++ip}`;

function formLogin(
  fields: Record<string, string>,
  headers: Record<string, string> = {},
  url = `${APP}/api/auth/login`,
) {
  return new Request(url, {
    method: "POST",
    headers: {
      origin: APP,
      "sec-fetch-site": "same-origin",
      "x-forwarded-for": nextIp(),
      ...headers,
    },
    body: new URLSearchParams(fields),
  });
}

function jsonLogin(body: unknown, headers: Record<string, string> = {}) {
  return new Request(`${APP}/api/auth/login`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: APP,
      "x-forwarded-for": nextIp(),
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** The session cookie's value from a response, as a browser would send it back. */
function sessionFrom(response: Response): string | undefined {
  const setCookie = response.headers.get("set-cookie");
  return setCookie ? getCookie(setCookie.split(";")[0], SESSION_COOKIE) : undefined;
}

test("a form login redirects (303) to next= and sets a session cookie the app accepts", async () => {
  const response = await auth.login(
    formLogin({ password: PASSWORD, next: "/admin/posts?tab=drafts" }),
  );
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe("/admin/posts?tab=drafts");
  const setCookie = response.headers.get("set-cookie")!;
  expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=v1\\.`));
  expect(setCookie).toContain("HttpOnly");
  expect(setCookie).not.toContain("Secure");
  const value = sessionFrom(response)!;
  const session = auth.sessionFromHeaders(
    new Headers({ cookie: `other=1; ${SESSION_COOKIE}=${value}` }),
  );
  expect(session).toMatchObject({ subject: "admin" });
  expect(session!.expiresAt).toBeGreaterThan(Date.now() / 1000);
});

test("a form login without next= lands on /admin", async () => {
  const response = await auth.login(formLogin({ password: PASSWORD }));
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe("/admin");
});

test("a JSON login answers 200 with the cookie", async () => {
  const response = await auth.login(jsonLogin({ password: PASSWORD }));
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ ok: true });
  expect(
    auth.sessionFromHeaders(new Headers({ cookie: `${SESSION_COOKIE}=${sessionFrom(response)}` })),
  ).not.toBeNull();
});

test("the cookie is Secure behind https (direct or X-Forwarded-Proto)", async () => {
  const direct = await auth.login(
    formLogin(
      { password: PASSWORD },
      { origin: "https://blog.example" },
      "https://blog.example/api/auth/login",
    ),
  );
  expect(direct.headers.get("set-cookie")).toContain("Secure");
  const proxied = await auth.login(
    formLogin(
      { password: PASSWORD },
      { origin: "https://blog.example", host: "blog.example", "x-forwarded-proto": "https" },
    ),
  );
  expect(proxied.status).toBe(303);
  expect(proxied.headers.get("set-cookie")).toContain("Secure");
});

test("a wrong password is 401 in JSON and a redirect with error=invalid for forms; no cookie either way", async () => {
  const asJson = await auth.login(jsonLogin({ password: "wrong" }));
  expect(asJson.status).toBe(401);
  expect(await asJson.json()).toEqual({ error: "Wrong password" });
  expect(asJson.headers.get("set-cookie")).toBeNull();

  const asForm = await auth.login(formLogin({ password: "wrong", next: "/admin/system" }));
  expect(asForm.status).toBe(303);
  expect(asForm.headers.get("location")).toBe(
    `/login?error=invalid&next=${encodeURIComponent("/admin/system")}`,
  );
  expect(asForm.headers.get("set-cookie")).toBeNull();
});

test("a missing password is refused without counting as a guess", async () => {
  const response = await auth.login(jsonLogin({}));
  expect(response.status).toBe(400);
  const form = await auth.login(formLogin({}));
  expect(form.headers.get("location")).toMatch(/^\/login\?error=missing&/);
});

test("after N failures from one client further attempts are 429 with Retry-After, even with the right password", async () => {
  const client = { "x-forwarded-for": "198.51.100.7" };
  for (let i = 0; i < 3; i++)
    expect((await auth.login(jsonLogin({ password: `guess-${i}` }, client))).status).toBe(401);
  const limited = await auth.login(jsonLogin({ password: PASSWORD }, client));
  expect(limited.status).toBe(429);
  const retryAfter = Number(limited.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(limited.headers.get("set-cookie")).toBeNull();
  const form = await auth.login(formLogin({ password: PASSWORD }, client));
  expect(form.headers.get("location")).toMatch(/^\/login\?error=rate&/);
  // Another client is not affected.
  expect((await auth.login(jsonLogin({ password: PASSWORD }))).status).toBe(200);
});

test("a successful login resets the failure count", async () => {
  const client = { "x-forwarded-for": "198.51.100.8" };
  for (let i = 0; i < 2; i++) await auth.login(jsonLogin({ password: "nope" }, client));
  expect((await auth.login(jsonLogin({ password: PASSWORD }, client))).status).toBe(200);
  for (let i = 0; i < 2; i++) await auth.login(jsonLogin({ password: "nope" }, client));
  expect((await auth.login(jsonLogin({ password: PASSWORD }, client))).status).toBe(200);
});

test("a cross-site login is refused (403 JSON; forms go back to /login?error=origin) and sets no cookie", async () => {
  const asJson = await auth.login(
    jsonLogin(
      { password: PASSWORD },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    ),
  );
  expect(asJson.status).toBe(403);
  expect(asJson.headers.get("set-cookie")).toBeNull();

  const asForm = await auth.login(
    formLogin(
      { password: PASSWORD },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    ),
  );
  expect(asForm.headers.get("set-cookie")).toBeNull();
  expect(asForm.headers.get("location")).toMatch(/^\/login\?error=origin&/);

  const noOrigin = await auth.login(
    formLogin({ password: PASSWORD }, { origin: "", "sec-fetch-site": "cross-site" }),
  );
  expect(noOrigin.headers.get("set-cookie")).toBeNull();
});

test("a peer app's login page may post here", async () => {
  const response = await auth.login(
    formLogin({ password: PASSWORD }, { origin: PEER, "sec-fetch-site": "same-site" }),
  );
  expect(response.status).toBe(303);
  expect(sessionFrom(response)).toBeDefined();
});

test("an unsafe next= falls back to /admin", async () => {
  for (const next of [
    "//evil.com",
    "https://evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "/\t/evil.com",
    "/\n/evil.com",
    "javascript:alert(1)",
    "admin",
  ]) {
    const response = await auth.login(formLogin({ password: PASSWORD, next }));
    expect(response.status, JSON.stringify(next)).toBe(303);
    expect(response.headers.get("location"), JSON.stringify(next)).toBe("/admin");
  }
  const json = await auth.login(jsonLogin({ password: "wrong", next: "//evil.com" }));
  expect(json.status).toBe(401);
});

test("safeNext keeps same-site paths", () => {
  expect(safeNext("/admin/posts?x=1#top")).toBe("/admin/posts?x=1#top");
  expect(safeNext("/")).toBe("/");
  expect(safeNext(undefined)).toBe("/admin");
  expect(safeNext(42)).toBe("/admin");
});

test("logout clears the cookie (303 for forms, 200 for JSON) and refuses cross-site requests", async () => {
  const request = (headers: Record<string, string>) =>
    new Request(`${APP}/api/auth/logout`, { method: "POST", headers: { origin: APP, ...headers } });

  const form = auth.logout(request({}));
  expect(form.status).toBe(303);
  expect(form.headers.get("location")).toBe("/login?loggedOut=1");
  expect(form.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));

  const json = auth.logout(request({ accept: "application/json" }));
  expect(json.status).toBe(200);
  expect(json.headers.get("set-cookie")).toContain("Max-Age=0");

  const evil = auth.logout(request({ origin: "https://evil.example" }));
  expect(evil.status).toBe(403);
  expect(evil.headers.get("set-cookie")).toBeNull();
});

test("isServiceRequest needs exactly `Bearer <service token>`", () => {
  const check = (authorization?: string) =>
    auth.isServiceRequest(new Headers(authorization === undefined ? {} : { authorization }));
  expect(auth.serviceToken).toBe(SERVICE_TOKEN);
  expect(check(`Bearer ${SERVICE_TOKEN}`)).toBe(true);
  expect(check()).toBe(false);
  expect(check("")).toBe(false);
  expect(check("Bearer ")).toBe(false);
  expect(check("Bearer wrong-token-0123456789")).toBe(false);
  expect(check(`Bearer ${SERVICE_TOKEN}x`)).toBe(false);
  expect(check(`Bearer ${SERVICE_TOKEN.slice(0, -1)}`)).toBe(false);
  expect(check(`Basic ${SERVICE_TOKEN}`)).toBe(false);
  expect(check(SERVICE_TOKEN)).toBe(false);
});

test("sessionFromHeaders ignores missing, foreign and forged cookies", () => {
  expect(auth.sessionFromHeaders(new Headers())).toBeNull();
  expect(auth.sessionFromHeaders(new Headers({ cookie: "theme=dark" }))).toBeNull();
  expect(
    auth.sessionFromHeaders(
      new Headers({ cookie: `${SESSION_COOKIE}=v1.1.99999999999.nonce.fp.sig` }),
    ),
  ).toBeNull();
});

test("a session from an app with another password is not accepted here", async () => {
  const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-auth-other-"));
  try {
    // Same data dir (same session secret), password changed: old sessions end.
    const before = await createAuth({ dataDir: otherDir, adminPassword: "first password" });
    const login = await before.login(jsonLogin({ password: "first password" }));
    const cookie = `${SESSION_COOKIE}=${sessionFrom(login)}`;
    expect(before.sessionFromHeaders(new Headers({ cookie }))).not.toBeNull();
    const after = await createAuth({ dataDir: otherDir, adminPassword: "second password" });
    expect(after.sessionFromHeaders(new Headers({ cookie }))).toBeNull();
  } finally {
    fs.rmSync(otherDir, { recursive: true, force: true });
  }
});

test("with QUIRE_ADMIN_PASSWORD a login on one app is a login on the others (same data dir)", async () => {
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), "quire-auth-shared-"));
  try {
    const [blog, search] = await Promise.all([
      createAuth({ dataDir: shared, adminPassword: "one password" }),
      createAuth({ dataDir: shared, adminPassword: "one password" }),
    ]);
    const login = await blog.login(jsonLogin({ password: "one password" }));
    expect(login.status).toBe(200);
    const cookie = `${SESSION_COOKIE}=${sessionFrom(login)}`;
    expect(search.sessionFromHeaders(new Headers({ cookie }))).toMatchObject({ subject: "admin" });
  } finally {
    fs.rmSync(shared, { recursive: true, force: true });
  }
});

test("without a trusted proxy a spoofed X-Forwarded-For does not escape the limit", async () => {
  const direct = await createAuth({
    dataDir: dir,
    adminPassword: PASSWORD,
    loginRateLimit: { limit: 3, windowMs: 60_000 },
  });
  for (let i = 0; i < 3; i++) {
    expect((await direct.login(jsonLogin({ password: `guess-${i}` }, { "x-forwarded-for": `10.9.9.${i}` }))).status).toBe(401);
  }
  const limited = await direct.login(jsonLogin({ password: "guess-x" }, { "x-forwarded-for": "10.9.9.200" }));
  expect(limited.status).toBe(429);
});

test("behind a trusted proxy the proxy-appended (last) X-Forwarded-For entry identifies the client", async () => {
  const proxied = await createAuth({
    dataDir: dir,
    adminPassword: PASSWORD,
    loginRateLimit: { limit: 2, windowMs: 60_000 },
    trustProxy: true,
  });
  // The client forges the first entry each time; the proxy appends the real address last.
  for (let i = 0; i < 2; i++) {
    expect((await proxied.login(jsonLogin({ password: "nope" }, { "x-forwarded-for": `1.1.1.${i}, 192.0.2.50` }))).status).toBe(401);
  }
  expect((await proxied.login(jsonLogin({ password: PASSWORD }, { "x-forwarded-for": "1.1.1.99, 192.0.2.50" }))).status).toBe(429);
  expect((await proxied.login(jsonLogin({ password: PASSWORD }, { "x-forwarded-for": "192.0.2.51" }))).status).toBe(200);
});
