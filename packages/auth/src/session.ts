import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "quire_session";
export const SESSION_TTL_SECONDS = 7 * 24 * 3600;

export interface Session {
  subject: "admin";
  issuedAt: number;
  expiresAt: number;
}

function sign(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url");
}

/** Ties sessions to the current password: changing it logs every session out. */
export function passwordFingerprint(passwordHash: string): string {
  return createHash("sha256").update(passwordHash).digest("base64url").slice(0, 12);
}

/** A signed session value: `v1.<issued>.<expires>.<nonce>.<fingerprint>.<hmac>`. */
export function createSessionValue(secret: string, fingerprint: string, now = Date.now()): string {
  const issued = Math.floor(now / 1000);
  const payload = ["v1", issued, issued + SESSION_TTL_SECONDS, randomBytes(9).toString("base64url"), fingerprint].join(".");
  return `${payload}.${sign(secret, payload)}`;
}

/** The session a cookie value proves, or null (bad signature, expired, old password, garbage). */
export function readSessionValue(
  value: string | undefined | null,
  secret: string,
  fingerprint: string,
  now = Date.now(),
): Session | null {
  if (!value || value.length > 512) return null;
  const parts = value.split(".");
  if (parts.length !== 6 || parts[0] !== "v1") return null;
  const payload = parts.slice(0, 5).join(".");
  const expected = Buffer.from(sign(secret, payload));
  const actual = Buffer.from(parts[5]!);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  const issuedAt = Number(parts[1]);
  const expiresAt = Number(parts[2]);
  if (!Number.isFinite(expiresAt) || expiresAt * 1000 <= now) return null;
  if (parts[4] !== fingerprint) return null;
  return { subject: "admin", issuedAt, expiresAt };
}

/** Read one cookie from a Cookie header. */
export function getCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Set-Cookie for a session. No Domain attribute: cookies belong to a host, not
 * a port, so a login on :3000 is also a login on :3001 and :3002 of that host.
 */
export function sessionCookie(value: string, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${SESSION_TTL_SECONDS}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}
