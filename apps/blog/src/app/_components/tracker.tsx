import { analyticsSite, analyticsUrl, trackLocalVisits } from "~/server/runtime";

/**
 * The analytics service's tracker for the blog's site, on every public page (not on admin pages).
 * Loaded with `defer` from the analytics app: if analytics is down, the page renders all the same.
 * The tracker skips localhost and automated browsers unless told (`data-localhost`,
 * `data-webdriver`): local and test deployments tell it with BLOG_TRACK_LOCAL_VISITS=1.
 */
export function Tracker() {
  const local = trackLocalVisits ? { "data-localhost": "", "data-webdriver": "" } : {};
  return <script defer src={`${analyticsUrl}/script.js`} data-domain={analyticsSite} {...local} />;
}
