import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { afterAll, beforeAll, expect, test } from "vitest";

import { createServiceClient, TRPCClientError } from "./client";
import { createTRPC } from "./index";
import type { BaseContext } from "./index";

const TOKEN = "service-token-0123456789";

const t = createTRPC<BaseContext>();
const router = t.router({
  service: t.router({
    ping: t.serviceProcedure.query(() => ({ pong: true, at: new Date(86_400_000) })),
  }),
});
type Router = typeof router;

const seenPaths: string[] = [];
const server = createHTTPServer({
  router,
  basePath: "/api/trpc/",
  createContext: ({ req }) => {
    seenPaths.push(req.url ?? "");
    return {
      session: null,
      service: req.headers.authorization === `Bearer ${TOKEN}`,
      headers: new Headers(),
    };
  },
});
// Accepts connections and never answers: a hung peer.
const silent = http.createServer(() => undefined);

const listen = (s: http.Server) =>
  new Promise<string>((resolve) =>
    s.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`),
    ),
  );
let url: string;
let silentUrl: string;

beforeAll(async () => {
  url = await listen(server);
  silentUrl = await listen(silent);
});

afterAll(async () => {
  silent.closeAllConnections();
  await Promise.all([server, silent].map((s) => new Promise((resolve) => s.close(resolve))));
});

test("the client calls <url>/api/trpc with the bearer token and superjson", async () => {
  const client = createServiceClient<Router>({ url: `${url}/`, token: TOKEN });
  expect(await client.service.ping.query()).toEqual({ pong: true, at: new Date(86_400_000) });
  expect(seenPaths.at(-1)).toMatch(/^\/api\/trpc\/service\.ping/);
});

test("a wrong token is an UNAUTHORIZED client error", async () => {
  const client = createServiceClient<Router>({ url, token: "wrong-token-0123456789" });
  const error = await client.service.ping.query().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCClientError);
  expect((error as TRPCClientError<Router>).data?.code).toBe("UNAUTHORIZED");
});

test("a peer that never answers fails after timeoutMs", async () => {
  const client = createServiceClient<Router>({ url: silentUrl, token: TOKEN, timeoutMs: 200 });
  const started = performance.now();
  await expect(client.service.ping.query()).rejects.toBeInstanceOf(TRPCClientError);
  const elapsed = performance.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(150);
  expect(elapsed).toBeLessThan(2_000);
});

test("a peer where nothing listens fails at once", async () => {
  const client = createServiceClient<Router>({
    url: "http://127.0.0.1:9",
    token: TOKEN,
    timeoutMs: 5_000,
  });
  const started = performance.now();
  await expect(client.service.ping.query()).rejects.toBeInstanceOf(TRPCClientError);
  expect(performance.now() - started).toBeLessThan(2_000);
});
