import { CollectError, LIMITS, normalizeEventName, normalizeProps } from "./collect";
import type { CollectInput } from "./collect";

type Json = Record<string, unknown>;

function parseJsonObject(text: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CollectError("the body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new CollectError("the body must be a JSON object");
  return value as Json;
}

function optionalString(value: unknown, what: string, max: number = LIMITS.urlLength): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new CollectError(`${what} must be a string`);
  return value.slice(0, max);
}

function requiredString(value: unknown, what: string, max: number = LIMITS.urlLength): string {
  const s = optionalString(value, what, max);
  if (!s) throw new CollectError(`${what} is required`);
  return s;
}

function kindOf(name: string): CollectInput["kind"] {
  return name === "pageview" ? "pageview" : name === "engagement" ? "engagement" : "event";
}

/**
 * Plausible's `POST /api/event` body (sent as text/plain JSON so browsers skip
 * the CORS preflight): `n`/`name`, `u`/`url`, `d`/`domain`, `r`/`referrer`,
 * `p`/`props` (object, or a JSON string from plausible-tracker 0.3),
 * `h`/`hash_mode`, `w`/`screen_width`, `i` (interactive), and `l` (language,
 * sent by our own tracker).
 */
export function parsePlausibleBody(text: string): CollectInput {
  const body = parseJsonObject(text);
  const name = normalizeEventName(body.n ?? body.name);
  const url = requiredString(body.u ?? body.url, "u (url)");
  const domain = requiredString(body.d ?? body.domain, "d (domain)", 2000);
  const width = body.w ?? body.screen_width;
  if (width !== undefined && width !== null && typeof width !== "number") throw new CollectError("w (screen width) must be a number");
  const hash = body.h ?? body.hash_mode;
  const interactive = body.i ?? body.interactive;
  return {
    sites: domain.split(",").map((d) => d.trim()).filter(Boolean).slice(0, 10),
    kind: kindOf(name),
    name: kindOf(name) === "event" ? name : undefined,
    url,
    referrer: optionalString(body.r ?? body.referrer, "r (referrer)"),
    props: normalizeProps(body.p ?? body.props ?? body.m ?? body.meta),
    hashMode: hash === 1 || hash === true,
    interactive: interactive === false || interactive === 0 ? false : undefined,
    screenWidth: typeof width === "number" ? width : undefined,
    language: optionalString(body.l, "l (language)", 35),
  };
}

/**
 * Umami's `POST /api/send`: `{ type: "event" | "identify", payload: { website,
 * hostname, screen, language, title, url, referrer, name, data } }`. Without a
 * `name` it is a pageview. `website` is the site id (or its domain).
 * Returns null for `identify` (accepted, nothing stored: there are no user
 * profiles here).
 */
export function parseUmamiBody(text: string): CollectInput | null {
  const body = parseJsonObject(text);
  if (body.type !== "event" && body.type !== "identify") throw new CollectError('type must be "event" or "identify"');
  const payload = body.payload;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw new CollectError("payload must be an object");
  const p = payload as Json;
  const website = p.website;
  if (typeof website !== "string" && typeof website !== "number") throw new CollectError("payload.website is required");
  if (body.type === "identify") return null;
  const name = p.name === undefined || p.name === null || p.name === "" ? null : normalizeEventName(p.name);
  const screen = optionalString(p.screen, "payload.screen", 20);
  const width = screen ? Number(/^(\d{1,5})x\d{1,5}$/.exec(screen)?.[1] ?? NaN) : undefined;
  return {
    sites: [String(website)],
    kind: name ? "event" : "pageview",
    name: name ?? undefined,
    url: optionalString(p.url, "payload.url") || "/",
    hostname: optionalString(p.hostname, "payload.hostname", 253),
    referrer: optionalString(p.referrer, "payload.referrer"),
    props: normalizeProps(p.data),
    screenWidth: width !== undefined && Number.isFinite(width) ? width : undefined,
    language: optionalString(p.language, "payload.language", 35),
  };
}

/**
 * The seed pixel: `GET /a.gif?id=<site>&url=<page>&ref=<referrer>&t=<title>`.
 * Without `url` (a `<noscript>` image) the page is the request's Referer.
 */
export function parsePixelQuery(params: URLSearchParams, refererHeader: string | null): CollectInput {
  const id = params.get("id");
  if (!id) throw new CollectError("id (site) is required");
  const url = params.get("url") || refererHeader;
  if (!url) throw new CollectError("url is required (or a Referer header)");
  return {
    sites: [id.slice(0, 253)],
    kind: "pageview",
    url: url.slice(0, LIMITS.urlLength),
    referrer: params.get("url") ? params.get("ref")?.slice(0, LIMITS.urlLength) : undefined,
  };
}
