import { oembedCache } from "@quire/blog-db";
import type { BlogDatabase } from "@quire/blog-db";
import { z } from "zod";

/**
 * oEmbed: a URL alone on a line becomes an embed. The provider's HTML is never trusted or copied:
 * from its answer we keep only an iframe `src` on a host allow-listed for that provider, a photo
 * URL, or plain text for a card. Anything else stays a plain link.
 */
export type Embed =
  | {
      kind: "iframe";
      url: string;
      src: string;
      width: number;
      height: number;
      title: string;
      providerName: string;
    }
  | {
      kind: "photo";
      url: string;
      src: string;
      width: number | null;
      height: number | null;
      title: string;
      providerName: string;
    }
  | {
      kind: "card";
      url: string;
      title: string;
      text: string;
      authorName: string;
      providerName: string;
    };

export interface OembedProvider {
  name: string;
  /** URLs this provider answers for. */
  schemes: RegExp[];
  /** The oEmbed endpoint (`?url=…&format=json` is added). */
  endpoint: string;
  /** Hosts (with port if not the default) an iframe `src` may point to. */
  iframeHosts: string[];
}

/** The built-in registry (from oembed.com's providers list). */
export const DEFAULT_PROVIDERS: OembedProvider[] = [
  {
    name: "YouTube",
    schemes: [
      /^https?:\/\/(www\.|m\.)?youtube\.com\/(watch|shorts\/|live\/)/,
      /^https?:\/\/youtu\.be\//,
    ],
    endpoint: "https://www.youtube.com/oembed",
    iframeHosts: ["www.youtube.com", "www.youtube-nocookie.com"],
  },
  {
    name: "Vimeo",
    schemes: [
      /^https?:\/\/(www\.)?vimeo\.com\/\d+/,
      /^https?:\/\/(www\.)?vimeo\.com\/(channels|groups|album)\//,
    ],
    endpoint: "https://vimeo.com/api/oembed.json",
    iframeHosts: ["player.vimeo.com"],
  },
  {
    name: "X",
    schemes: [/^https?:\/\/(www\.|mobile\.)?(twitter|x)\.com\/[^/]+\/status\/\d+/],
    endpoint: "https://publish.twitter.com/oembed",
    iframeHosts: [],
  },
  {
    name: "SoundCloud",
    schemes: [/^https?:\/\/(www\.|m\.)?soundcloud\.com\/[^/]+\/[^/]+/],
    endpoint: "https://soundcloud.com/oembed",
    iframeHosts: ["w.soundcloud.com"],
  },
  {
    name: "Spotify",
    schemes: [/^https?:\/\/open\.spotify\.com\/(track|album|playlist|episode|show|artist)\//],
    endpoint: "https://open.spotify.com/oembed",
    iframeHosts: ["open.spotify.com"],
  },
  {
    name: "CodePen",
    schemes: [/^https?:\/\/codepen\.io\/[^/]+\/pen\//],
    endpoint: "https://codepen.io/api/oembed",
    iframeHosts: ["codepen.io"],
  },
  {
    name: "Flickr",
    schemes: [/^https?:\/\/(www\.)?flickr\.com\/photos\//, /^https?:\/\/flic\.kr\/p\//],
    endpoint: "https://www.flickr.com/services/oembed/",
    iframeHosts: [],
  },
];

const dimension = z.union([z.number(), z.string()]).transform((v) => {
  const n = Math.round(Number(v));
  return Number.isFinite(n) && n > 0 && n <= 4000 ? n : null;
});

const OembedAnswer = z.object({
  type: z.enum(["video", "rich", "photo", "link"]),
  html: z.string().max(100_000).optional(),
  url: z.string().max(2000).optional(),
  title: z.string().max(1000).optional(),
  author_name: z.string().max(500).optional(),
  provider_name: z.string().max(200).optional(),
  width: dimension.nullish(),
  height: dimension.nullish(),
});

const MAX_RESPONSE_BYTES = 512 * 1024;

/** Loopback, private, link-local and unspecified literals: discovery must not reach inside the network. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "::1" ||
    host === "::" ||
    host.startsWith("fe80:") ||
    host.startsWith("fc") ||
    host.startsWith("fd")
  )
    return true;
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) =>
      String.fromCodePoint(Math.min(parseInt(n, 16), 0x10ffff)),
    )
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&");
}

/** Visible text of a provider's HTML snippet, for a card (it is only ever used as text). */
function textOfHtml(html: string): string {
  const stripped = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<[^>]*>/g, " ");
  return decodeEntities(stripped).replace(/\s+/g, " ").trim().slice(0, 500);
}

function iframeSrc(html: string | undefined, allowedHosts: string[]): string | null {
  if (!html || allowedHosts.length === 0) return null;
  const m = /<iframe\b[^>]*?\bsrc\s*=\s*(["'])(.*?)\1/i.exec(html);
  if (!m) return null;
  try {
    const src = new URL(decodeEntities(m[2]!));
    if (src.protocol !== "https:" && src.protocol !== "http:") return null;
    return allowedHosts.includes(src.host) ? src.href : null;
  } catch {
    return null;
  }
}

function toEmbed(
  url: string,
  answer: z.infer<typeof OembedAnswer>,
  provider: { name: string; iframeHosts: string[] },
): Embed | null {
  const title = answer.title?.trim() ?? "";
  const providerName = answer.provider_name?.trim() || provider.name;
  if (answer.type === "photo") {
    if (!answer.url) return null;
    try {
      const src = new URL(answer.url);
      if (src.protocol !== "https:" && src.protocol !== "http:") return null;
      return {
        kind: "photo",
        url,
        src: src.href,
        width: answer.width ?? null,
        height: answer.height ?? null,
        title,
        providerName,
      };
    } catch {
      return null;
    }
  }
  const src = iframeSrc(answer.html, provider.iframeHosts);
  if (src)
    return {
      kind: "iframe",
      url,
      src,
      width: answer.width ?? 640,
      height: answer.height ?? 360,
      title,
      providerName,
    };
  const text = answer.html ? textOfHtml(answer.html) : "";
  if (!title && !text) return null;
  return {
    kind: "card",
    url,
    title,
    text,
    authorName: answer.author_name?.trim() ?? "",
    providerName,
  };
}

export interface OembedCacheStore {
  get(url: string): { ok: true; embed: Embed } | { ok: false; error: string } | undefined;
  set(url: string, value: { ok: true; embed: Embed } | { ok: false; error: string }): Promise<void>;
}

/** Embeds cached in the blog's database: successes for a week, failures for an hour. */
export function databaseOembedCache(
  quire: BlogDatabase,
  { ttlMs = 7 * 86_400_000, failureTtlMs = 3_600_000, now = () => Date.now() } = {},
): OembedCacheStore {
  return {
    get(url) {
      const row = quire.sqlite
        .prepare<
          [string],
          { ok: number; data: string | null; error: string | null; fetched_at: number }
        >("SELECT ok, data, error, fetched_at FROM oembed_cache WHERE url = ?")
        .get(url);
      if (!row) return undefined;
      if (now() - row.fetched_at > (row.ok ? ttlMs : failureTtlMs)) return undefined;
      return row.ok && row.data
        ? { ok: true, embed: JSON.parse(row.data) as Embed }
        : { ok: false, error: row.error ?? "failed" };
    },
    async set(url, value) {
      const values = {
        url,
        ok: value.ok,
        data: value.ok ? JSON.stringify(value.embed) : null,
        error: value.ok ? null : value.error.slice(0, 500),
        fetchedAt: new Date(now()),
      };
      await quire.writer.run((db) =>
        db
          .insert(oembedCache)
          .values(values)
          .onConflictDoUpdate({ target: oembedCache.url, set: values })
          .run(),
      );
    },
  };
}

export interface OembedResolverOptions {
  providers?: OembedProvider[];
  /** Look for `<link rel="alternate" type="application/json+oembed">` on pages no provider claims. */
  discovery?: boolean;
  /** Let discovery fetch loopback/private addresses (tests with a local fake provider). */
  allowPrivateHosts?: boolean;
  timeoutMs?: number;
  cache?: OembedCacheStore;
  fetch?: typeof fetch;
}

export interface OembedResolver {
  /** The embed for a URL, or null (no provider, fetch failed, or nothing safe to show). Never throws. */
  resolve(url: string): Promise<Embed | null>;
}

/**
 * A resolver: provider registry first, then discovery, each fetch bounded by a timeout and a size
 * limit; results (also failures) cached.
 *
 * @example
 * const resolver = createOembedResolver({ cache: databaseOembedCache(quire) });
 * const embed = await resolver.resolve("https://vimeo.com/76979871");
 */
export function createOembedResolver(options: OembedResolverOptions = {}): OembedResolver {
  const providers = options.providers ?? DEFAULT_PROVIDERS;
  const timeoutMs = options.timeoutMs ?? 3000;
  const doFetch = options.fetch ?? fetch;
  const allIframeHosts = [...new Set(providers.flatMap((p) => p.iframeHosts))];

  async function getText(url: string, accept: string): Promise<string> {
    const res = await doFetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept },
      redirect: "follow",
    });
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${new URL(url).host}`);
    const length = Number(res.headers.get("content-length") ?? 0);
    if (length > MAX_RESPONSE_BYTES) throw new Error("response too large");
    const body = await res.arrayBuffer();
    if (body.byteLength > MAX_RESPONSE_BYTES) throw new Error("response too large");
    return new TextDecoder().decode(body);
  }

  async function ask(
    endpoint: string,
    url: string | null,
    provider: { name: string; iframeHosts: string[] },
    pageUrl: string,
  ) {
    const target = new URL(endpoint);
    if (url !== null) {
      target.searchParams.set("url", url);
      target.searchParams.set("format", "json");
    }
    const json: unknown = JSON.parse(await getText(target.href, "application/json"));
    const answer = OembedAnswer.safeParse(json);
    if (!answer.success) throw new Error("not an oEmbed answer");
    return toEmbed(pageUrl, answer.data, provider);
  }

  async function discover(url: string): Promise<Embed | null> {
    const host = new URL(url).hostname;
    if (!options.allowPrivateHosts && isPrivateHost(host)) throw new Error("private address");
    const html = (await getText(url, "text/html")).slice(0, MAX_RESPONSE_BYTES);
    for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
      if (!/type\s*=\s*["']application\/json\+oembed["']/i.test(tag)) continue;
      const href = /href\s*=\s*(["'])(.*?)\1/i.exec(tag)?.[2];
      if (!href) continue;
      const endpoint = new URL(decodeEntities(href), url);
      if (endpoint.protocol !== "https:" && endpoint.protocol !== "http:") continue;
      if (!options.allowPrivateHosts && isPrivateHost(endpoint.hostname)) continue;
      // A discovered provider gets iframes only on hosts some registered provider vouches for.
      return ask(
        endpoint.href,
        null,
        { name: endpoint.hostname, iframeHosts: allIframeHosts },
        url,
      );
    }
    return null;
  }

  async function lookup(url: string): Promise<Embed | null> {
    const provider = providers.find((p) => p.schemes.some((s) => s.test(url)));
    if (provider) return ask(provider.endpoint, url, provider, url);
    return options.discovery ? discover(url) : null;
  }

  return {
    async resolve(url) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return null;
      }
      if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
      if (!options.discovery && !providers.some((p) => p.schemes.some((s) => s.test(url))))
        return null;
      const cached = options.cache?.get(url);
      if (cached) return cached.ok ? cached.embed : null;
      try {
        const embed = await lookup(url);
        if (embed) await options.cache?.set(url, { ok: true, embed });
        else await options.cache?.set(url, { ok: false, error: "nothing to embed" });
        return embed;
      } catch (error) {
        await options.cache
          ?.set(url, { ok: false, error: error instanceof Error ? error.message : String(error) })
          .catch(() => {});
        return null;
      }
    },
  };
}
