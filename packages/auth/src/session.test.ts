import { expect, test } from "vitest";

import {
  clearedSessionCookie,
  createSessionValue,
  getCookie,
  passwordFingerprint,
  readSessionValue,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  sessionCookie,
} from "./session";

const secret = "0123456789abcdef0123456789abcdef";
const fingerprint = passwordFingerprint("scrypt$16384$8$1$salt$hash");
const now = Date.UTC(2025, 0, 15, 12, 0, 0);

test("a created session reads back with its issue and expiry times", () => {
  const value = createSessionValue(secret, fingerprint, now);
  expect(value.split(".")).toHaveLength(6);
  expect(readSessionValue(value, secret, fingerprint, now + 1000)).toEqual({
    subject: "admin",
    issuedAt: now / 1000,
    expiresAt: now / 1000 + SESSION_TTL_SECONDS,
  });
});

test("two sessions created at the same moment differ (random nonce)", () => {
  expect(createSessionValue(secret, fingerprint, now)).not.toBe(
    createSessionValue(secret, fingerprint, now),
  );
});

test("a tampered signature or payload is refused", () => {
  const value = createSessionValue(secret, fingerprint, now);
  const parts = value.split(".");
  const signature = parts[5]!;
  const flipped = `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
  expect(
    readSessionValue([...parts.slice(0, 5), flipped].join("."), secret, fingerprint, now),
  ).toBeNull();
  // Stretch the expiry without re-signing.
  const longer = [
    parts[0],
    parts[1],
    String(Number(parts[2]) + 365 * 86_400),
    ...parts.slice(3),
  ].join(".");
  expect(readSessionValue(longer, secret, fingerprint, now)).toBeNull();
  // Signed with another secret.
  expect(readSessionValue(value, `${secret}x`, fingerprint, now)).toBeNull();
});

test("an expired session is refused", () => {
  const value = createSessionValue(secret, fingerprint, now);
  const expiry = now + SESSION_TTL_SECONDS * 1000;
  expect(readSessionValue(value, secret, fingerprint, expiry - 1000)).not.toBeNull();
  expect(readSessionValue(value, secret, fingerprint, expiry)).toBeNull();
  expect(readSessionValue(value, secret, fingerprint, expiry + 1)).toBeNull();
});

test("changing the password (new fingerprint) logs every session out", () => {
  const value = createSessionValue(secret, fingerprint, now);
  const newFingerprint = passwordFingerprint("scrypt$16384$8$1$other$hash");
  expect(newFingerprint).not.toBe(fingerprint);
  expect(readSessionValue(value, secret, newFingerprint, now)).toBeNull();
});

test("garbage values are null, not exceptions", () => {
  const garbage = [
    undefined,
    null,
    "",
    "v1",
    "v1.a.b.c.d.e",
    "v2.1.2.3.4.5",
    ".....",
    "x".repeat(600),
    "%%%",
  ];
  for (const value of garbage) expect(readSessionValue(value, secret, fingerprint, now)).toBeNull();
  // A correctly signed value whose expiry is not a number is still refused.
  expect(
    readSessionValue(createSessionValue(secret, fingerprint, Number.NaN), secret, fingerprint, now),
  ).toBeNull();
});

test("getCookie finds one cookie among several and decodes it", () => {
  const header = `theme=dark; ${SESSION_COOKIE}=abc%3Ddef ;other=1`;
  expect(getCookie(header, SESSION_COOKIE)).toBe("abc=def");
  expect(getCookie(header, "theme")).toBe("dark");
  expect(getCookie(header, "other")).toBe("1");
  expect(getCookie("a=1=2", "a")).toBe("1=2");
  expect(getCookie("x_quire_session=1; quire_session_old=2", SESSION_COOKIE)).toBeUndefined();
  expect(getCookie(header, "missing")).toBeUndefined();
  expect(getCookie("", SESSION_COOKIE)).toBeUndefined();
  expect(getCookie(null, SESSION_COOKIE)).toBeUndefined();
  expect(getCookie(undefined, SESSION_COOKIE)).toBeUndefined();
  expect(getCookie("=orphan; quire_session", SESSION_COOKIE)).toBeUndefined();
  expect(getCookie(`${SESSION_COOKIE}=%E0%A4%A`, SESSION_COOKIE)).toBeUndefined();
});

function attributes(cookie: string) {
  const [pair, ...rest] = cookie.split("; ");
  return { pair, attrs: rest.map((a) => a.toLowerCase()) };
}

test("the session cookie is HttpOnly, SameSite=Lax, Path=/, host-only, and Secure only over https", () => {
  const { pair, attrs } = attributes(sessionCookie("v1.value", false));
  expect(pair).toBe(`${SESSION_COOKIE}=v1.value`);
  expect(attrs).toEqual(
    expect.arrayContaining([
      "httponly",
      "samesite=lax",
      "path=/",
      `max-age=${SESSION_TTL_SECONDS}`,
    ]),
  );
  expect(attrs.some((a) => a.startsWith("domain"))).toBe(false);
  expect(attrs).not.toContain("secure");
  expect(attributes(sessionCookie("v1.value", true)).attrs).toContain("secure");
});

test("the cleared cookie has the same scope and Max-Age=0", () => {
  const { pair, attrs } = attributes(clearedSessionCookie(false));
  expect(pair).toBe(`${SESSION_COOKIE}=`);
  expect(attrs).toEqual(
    expect.arrayContaining(["httponly", "samesite=lax", "path=/", "max-age=0"]),
  );
  expect(attrs.some((a) => a.startsWith("domain"))).toBe(false);
  expect(attrs).not.toContain("secure");
  expect(attributes(clearedSessionCookie(true)).attrs).toContain("secure");
});
