import { isbot } from "isbot";
import { UAParser } from "ua-parser-js";

/** What the collection endpoints take from a request. Used only to compute a hash and coarse fields; never stored. */
export interface ClientInfo {
  ip: string;
  userAgent: string;
  /** ISO 3166-1 alpha-2 from a proxy header, '' when unknown. */
  country: string;
  /** First language of Accept-Language ('' when none). */
  language: string;
  /** `Sec-CH-UA` (Chromium sends it): reveals HeadlessChrome even behind a normal-looking UA. */
  clientHints: string;
}

const COUNTRY_HEADERS = ["cf-ipcountry", "x-vercel-ip-country", "cloudfront-viewer-country", "x-country-code", "x-appengine-country", "fastly-geo-country"];

/** Where the client's IP comes from. */
export interface ClientSource {
  /** The TCP peer (`req.socket.remoteAddress`); absent in Fetch-API route handlers. */
  socketIp?: string;
  /**
   * Take the IP from `CF-Connecting-IP`, the first `X-Forwarded-For` hop or
   * `X-Real-IP` (QUIRE_TRUST_PROXY=1: a reverse proxy sets them). Without a
   * socket address the headers are all there is: the app's custom server
   * removes client-written ones before Next sees the request (Next then sets
   * `X-Forwarded-For` from the socket itself).
   */
  trustProxy?: boolean;
}

/**
 * Client facts from request headers (and the socket address, when known).
 * The IP only feeds the visitor hash and the country lookup; it is never stored.
 */
export function clientFromHeaders(headers: { get(name: string): string | null }, source: ClientSource = {}): ClientInfo {
  const { socketIp, trustProxy = socketIp === undefined } = source;
  let ip = socketIp ?? "";
  if (trustProxy) {
    const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    ip = headers.get("cf-connecting-ip") ?? (forwarded || null) ?? headers.get("x-real-ip") ?? ip;
  }
  let country = "";
  for (const name of COUNTRY_HEADERS) {
    const value = headers.get(name)?.trim().toUpperCase();
    // XX / T1 (Tor) / A1 are "unknown" codes some proxies send.
    if (value && /^[A-Z]{2}$/.test(value) && !["XX", "T1", "A1", "A2", "ZZ"].includes(value)) {
      country = value;
      break;
    }
  }
  return {
    ip: ip.replace(/^::ffff:/, ""),
    userAgent: (headers.get("user-agent") ?? "").slice(0, 1000),
    country,
    language: normalizeLanguage(headers.get("accept-language")?.split(",")[0]?.split(";")[0] ?? ""),
    clientHints: headers.get("sec-ch-ua") ?? "",
  };
}

/** 'en-us' → 'en-US'; junk → ''. */
export function normalizeLanguage(tag: string): string {
  const m = /^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}|\d{3}))?/.exec(tag.trim());
  if (!m) return "";
  return m[2] ? `${m[1]!.toLowerCase()}-${m[2].toUpperCase()}` : m[1]!.toLowerCase();
}

function uaBotReason(ua: string): string | null {
  if (ua.length < 8) return "bot: no user agent";
  if (isbot(ua)) return "bot: user agent";
  if (/HeadlessChrome|PhantomJS|Electron\/|SlimerJS|jsdom|Puppeteer|Playwright/i.test(ua)) return "bot: headless browser";
  return null;
}

/** Why a request looks automated, or null. Bots are counted, never stored. */
export function botReason(client: ClientInfo): string | null {
  return parseAgent(client.userAgent).bot ?? (/Headless/i.test(client.clientHints) ? "bot: headless browser" : null);
}

export interface Agent {
  browser: string;
  browser_version: string;
  os: string;
  os_version: string;
  device: string;
}

const agents = new Map<string, Agent & { bot: string | null }>();
const MAX_AGENTS = 5000;

const DEVICE_NAMES: Record<string, string> = {
  mobile: "Mobile",
  tablet: "Tablet",
  console: "Console",
  smarttv: "TV",
  wearable: "Wearable",
  xr: "XR",
  embedded: "Embedded",
};

/**
 * Browser, OS and device class from a User-Agent (ua-parser-js), and whether
 * it is a bot (isbot), cached: parsing costs ~0.1 ms and a site sees the same
 * few hundred agents all day.
 */
export function parseAgent(userAgent: string): Agent & { bot: string | null } {
  let agent = agents.get(userAgent);
  if (!agent) {
    const r = UAParser(userAgent);
    const browser = r.browser.name ?? "";
    const os = r.os.name ?? "";
    const osVersion = r.os.version ? r.os.version.split(".").slice(0, 2).join(".") : "";
    agent = {
      browser,
      browser_version: browser && r.browser.major ? `${browser} ${r.browser.major}` : "",
      os,
      os_version: os && osVersion ? `${os} ${osVersion}` : "",
      device: DEVICE_NAMES[r.device.type ?? ""] ?? "Desktop",
      bot: uaBotReason(userAgent),
    };
    if (agents.size >= MAX_AGENTS) agents.delete(agents.keys().next().value!);
    agents.set(userAgent, agent);
  }
  return agent;
}

/** Screen class from a width in CSS pixels (Plausible's buckets). */
export function screenClass(width: number | null | undefined): string {
  if (!width || !Number.isFinite(width) || width <= 0) return "";
  if (width < 576) return "Mobile";
  if (width < 992) return "Tablet";
  if (width < 1440) return "Laptop";
  return "Desktop";
}
