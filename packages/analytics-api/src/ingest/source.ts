/** Where a visit came from: a source name, the referrer (host + path) and a channel. */
export interface Source {
  source: string;
  referrer: string;
  channel: string;
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
  utm_content: string;
  utm_term: string;
}

type Channel = "Organic Search" | "Organic Social" | "Organic Video" | "Email" | "Referral";

/** Well-known referrer hosts (suffix match) → display name and channel. */
const KNOWN: [suffix: string, name: string, channel: Channel][] = [
  ["google", "Google", "Organic Search"],
  ["bing.com", "Bing", "Organic Search"],
  ["duckduckgo.com", "DuckDuckGo", "Organic Search"],
  ["search.yahoo.com", "Yahoo!", "Organic Search"],
  ["yandex", "Yandex", "Organic Search"],
  ["baidu.com", "Baidu", "Organic Search"],
  ["ecosia.org", "Ecosia", "Organic Search"],
  ["search.brave.com", "Brave Search", "Organic Search"],
  ["qwant.com", "Qwant", "Organic Search"],
  ["startpage.com", "Startpage", "Organic Search"],
  ["kagi.com", "Kagi", "Organic Search"],
  ["perplexity.ai", "Perplexity", "Referral"],
  ["chatgpt.com", "ChatGPT", "Referral"],
  ["news.ycombinator.com", "Hacker News", "Organic Social"],
  ["reddit.com", "Reddit", "Organic Social"],
  ["t.co", "Twitter", "Organic Social"],
  ["twitter.com", "Twitter", "Organic Social"],
  ["x.com", "Twitter", "Organic Social"],
  ["facebook.com", "Facebook", "Organic Social"],
  ["instagram.com", "Instagram", "Organic Social"],
  ["linkedin.com", "LinkedIn", "Organic Social"],
  ["lnkd.in", "LinkedIn", "Organic Social"],
  ["bsky.app", "Bluesky", "Organic Social"],
  ["threads.net", "Threads", "Organic Social"],
  ["lobste.rs", "Lobsters", "Organic Social"],
  ["mastodon.social", "Mastodon", "Organic Social"],
  ["fosstodon.org", "Mastodon", "Organic Social"],
  ["hachyderm.io", "Mastodon", "Organic Social"],
  ["youtube.com", "YouTube", "Organic Video"],
  ["youtu.be", "YouTube", "Organic Video"],
  ["vimeo.com", "Vimeo", "Organic Video"],
  ["twitch.tv", "Twitch", "Organic Video"],
  ["github.com", "GitHub", "Referral"],
  ["gitlab.com", "GitLab", "Referral"],
  ["stackoverflow.com", "Stack Overflow", "Referral"],
  ["dev.to", "DEV", "Referral"],
  ["medium.com", "Medium", "Referral"],
  ["substack.com", "Substack", "Referral"],
  ["wikipedia.org", "Wikipedia", "Referral"],
  ["mail.google.com", "Gmail", "Email"],
  ["outlook.live.com", "Outlook", "Email"],
];

const SEARCH_SOURCES = /^(google|bing|duckduckgo|yahoo|yandex|baidu|ecosia|brave|qwant|startpage|kagi)/i;
const SOCIAL_SOURCES = /^(twitter|x|facebook|fb|instagram|ig|linkedin|reddit|hacker ?news|hn|mastodon|bluesky|threads|lobsters|tiktok|pinterest)$/i;

function known(host: string): [string, Channel] | null {
  for (const [suffix, name, channel] of KNOWN) {
    if (suffix.includes(".")) {
      if (host === suffix || host.endsWith(`.${suffix}`)) return [name, channel];
    } else if (host === suffix || host.startsWith(`${suffix}.`) || host.includes(`.${suffix}.`)) {
      // "google" matches google.com, google.co.uk, www.google.de
      return [name, channel];
    }
  }
  return null;
}

function stripWww(host: string): string {
  return host.replace(/^www\./, "");
}

/** Channel from UTM medium/source when there is one (GA4-like rules, reduced). */
function channelOf(source: string, medium: string, fallback: string): string {
  const m = medium.toLowerCase();
  if (/^(cpc|ppc|paid|paidsearch)$/.test(m) || /^(paid|cpc)/.test(m)) {
    return SOCIAL_SOURCES.test(source) ? "Paid Social" : SEARCH_SOURCES.test(source) ? "Paid Search" : "Paid Other";
  }
  if (/^(e-?mail|newsletter)$/.test(m)) return "Email";
  if (/^(social|social-network|social-media|sm)$/.test(m)) return "Organic Social";
  if (/^(display|banner|cpm)$/.test(m)) return "Display";
  if (/^(affiliate|partner)$/.test(m)) return "Affiliates";
  if (/^(referral|link)$/.test(m)) return "Referral";
  if (fallback !== "Direct") return fallback;
  if (SEARCH_SOURCES.test(source)) return "Organic Search";
  if (SOCIAL_SOURCES.test(source)) return "Organic Social";
  return source ? "Referral" : "Direct";
}

const clip = (s: string | null | undefined, max = 300) => (s ?? "").trim().slice(0, max);

/**
 * The source of a visit from its referrer and the page URL's query:
 * an external referrer wins (named when well known, else its host);
 * otherwise `utm_source`, `ref` or `source`; otherwise Direct. A referrer on
 * the site itself is no source. All five UTM parameters are kept.
 *
 * @example
 * resolveSource("https://www.google.com/search?q=x", new URL("https://a.com/?utm_medium=cpc"), "a.com")
 * // → { source: "Google", referrer: "google.com/search", channel: "Paid Search", … }
 */
export function resolveSource(referrer: string | null | undefined, page: URL | null, siteDomain: string): Source {
  const q = page?.searchParams;
  const utm = {
    utm_source: clip(q?.get("utm_source")),
    utm_medium: clip(q?.get("utm_medium")),
    utm_campaign: clip(q?.get("utm_campaign")),
    utm_content: clip(q?.get("utm_content")),
    utm_term: clip(q?.get("utm_term")),
  };
  let source = "";
  let ref = "";
  let channel = "Direct";
  if (referrer) {
    try {
      const url = new URL(referrer);
      const host = stripWww(url.hostname.toLowerCase());
      const own = stripWww(siteDomain.toLowerCase());
      const pageHost = page ? stripWww(page.hostname.toLowerCase()) : "";
      if ((url.protocol === "http:" || url.protocol === "https:") && host && host !== own && host !== pageHost && !host.endsWith(`.${own}`)) {
        const hit = known(host);
        source = hit ? hit[0] : host;
        channel = hit ? hit[1] : "Referral";
        ref = clip(host + url.pathname.replace(/\/+$/, ""), 500);
      }
    } catch {
      // android-app://…, garbage: not a usable referrer
    }
  }
  if (!source) source = utm.utm_source || clip(q?.get("ref")) || clip(q?.get("source"));
  return { source, referrer: ref, channel: channelOf(source, utm.utm_medium, channel), ...utm };
}
