/**
 * GET (or any request) to one of the built apps as a browser's first request
 * would see it: redirects are answered, not followed (301/302/307 are what the
 * tests assert), and nothing waits more than 15 s.
 *
 * @example
 * const res = await fetchApp(quire.urls.blog, "/tag/old-slug");
 * expect(res.headers.get("location")).toBe("/tag/new-slug");
 */
export function fetchApp(appUrl: string, path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${appUrl}${path}`, {
    redirect: "manual",
    ...init,
    signal: AbortSignal.timeout(15_000),
  });
}
