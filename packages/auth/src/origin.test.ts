import { expect, test } from "vitest";

import { isTrustedOrigin } from "./origin";

const url = "http://localhost:3000/api/auth/login";
const peers = ["http://localhost:3001", "http://localhost:3002/"];
const trusted = (headers: Record<string, string>, requestUrl = url) =>
  isTrustedOrigin(new Headers(headers), requestUrl, peers);

test("a request from this app's own origin is trusted", () => {
  expect(trusted({ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" })).toBe(true);
});

test("the origin the browser saw through a proxy (Host / X-Forwarded-*) is trusted", () => {
  expect(
    trusted({ origin: "https://blog.example", host: "blog.example", "x-forwarded-proto": "https" }),
  ).toBe(true);
  expect(
    trusted({
      origin: "https://blog.example",
      "x-forwarded-host": "blog.example",
      "x-forwarded-proto": "https",
    }),
  ).toBe(true);
});

test("a peer app's origin is trusted", () => {
  expect(trusted({ origin: "http://localhost:3001", "sec-fetch-site": "same-site" })).toBe(true);
  expect(trusted({ origin: "http://localhost:3002" })).toBe(true);
});

test("any other origin is refused, including another port or scheme of this host", () => {
  expect(trusted({ origin: "https://evil.example", "sec-fetch-site": "cross-site" })).toBe(false);
  expect(trusted({ origin: "http://localhost:3009" })).toBe(false);
  expect(trusted({ origin: "https://localhost:3000" })).toBe(false);
  expect(trusted({ origin: "http://localhost:3000.evil.example" })).toBe(false);
});

test('the opaque origin "null" (sandboxed iframe, file://) is refused', () => {
  expect(trusted({ origin: "null" })).toBe(false);
  expect(trusted({ origin: "null", "sec-fetch-site": "same-origin" })).toBe(false);
});

test("without Origin, the Sec-Fetch-Site marker decides", () => {
  expect(trusted({ "sec-fetch-site": "cross-site" })).toBe(false);
  expect(trusted({ "sec-fetch-site": "same-origin" })).toBe(true);
  expect(trusted({ "sec-fetch-site": "same-site" })).toBe(true);
  expect(trusted({ "sec-fetch-site": "none" })).toBe(true);
});

test("no Origin and no Sec-Fetch-Site (curl, server to server) is allowed", () => {
  expect(trusted({})).toBe(true);
});
