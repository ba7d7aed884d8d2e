/**
 * CSRF defence for cookie-authenticated writes: the request must come from a
 * page of this app or one of its peers. Browsers send `Origin` on every POST
 * (and `Sec-Fetch-Site`); a missing Origin on a request with no browser
 * markers (curl, server-to-server) is allowed because no cookie-riding attack
 * can produce it.
 */
export function isTrustedOrigin(headers: Headers, requestUrl: string, allowedOrigins: string[]): boolean {
  const origin = headers.get("origin");
  const site = headers.get("sec-fetch-site");
  if (!origin) return site === null || site === "same-origin" || site === "same-site" || site === "none";
  if (origin === "null") return false;
  const own = new URL(requestUrl).origin;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  const proto = headers.get("x-forwarded-proto") ?? new URL(requestUrl).protocol.replace(":", "");
  const candidates = new Set([own, ...(host ? [`${proto}://${host}`] : []), ...allowedOrigins.map((o) => new URL(o).origin)]);
  return candidates.has(origin);
}
