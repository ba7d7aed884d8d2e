import { analyticsSite, analyticsUrl } from "~/server/runtime";

/**
 * The analytics service's tracker for the blog's site, on every public page (not on admin pages).
 * Loaded with `defer` from the analytics app: if analytics is down, the page renders all the same.
 */
export function Tracker() {
  return <script defer src={`${analyticsUrl}/script.js`} data-domain={analyticsSite} />;
}
