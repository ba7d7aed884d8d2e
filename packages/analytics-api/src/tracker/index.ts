import { TRACKER_SOURCE } from "./source";

/** Most bytes the gzipped tracker may weigh (checked by a test: Plausible's is 2.7 KB, Umami's 2.2 KB). */
export const TRACKER_MAX_GZIP_BYTES = 1536;

/**
 * Strip comments, indentation and line breaks. Safe for TRACKER_SOURCE
 * only: it ends every statement with `;` or `}` and keeps `//` out of code.
 */
export function minifyScript(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .join("")
    .replace(/ {2,}/g, " ");
}

let cached: string | undefined;

/** The tracker served as `/script.js`. */
export function trackerScript(): string {
  return (cached ??= minifyScript(TRACKER_SOURCE));
}

/**
 * The seed's snippet, served as `/a.js?id=<site>`: loads `/a.gif` with the
 * page, its referrer and title. The site id is embedded as a JSON string.
 */
export function pixelSnippet(origin: string, site: string): string {
  return (
    `(function(){var l=location,d=document,i=new Image();` +
    `i.src=${JSON.stringify(`${origin}/a.gif?id=${encodeURIComponent(site)}`)}` +
    `+"&url="+encodeURIComponent(l.href)+"&ref="+encodeURIComponent(d.referrer)+"&t="+encodeURIComponent(d.title);})();`
  );
}

/** A transparent 1×1 GIF (43 bytes). */
export const PIXEL_GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
