import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createAuth, SESSION_COOKIE } from "@quire/auth";
import type { Auth } from "@quire/auth";
import { createTRPCClient, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { z } from "zod";
import { afterAll, beforeAll, expect, test, vi } from "vitest";

import {
  createBaseContext,
  createTRPC,
  ServiceHealthSchema,
  serviceHealth,
  TRPCError,
} from "./index";
import type { BaseContext } from "./index";
import { createNextTRPCHandler } from "./next";
import { createLocalLink } from "./testing";

const APP = "http://localhost:3000";
const PEER = "http://localhost:3001";
const SERVICE_TOKEN = "service-token-0123456789";

let dir: string;
let auth: Auth;
let cookie: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-trpc-"));
  auth = await createAuth({
    dataDir: dir,
    adminPassword: "admin password",
    serviceToken: SERVICE_TOKEN,
    trustedOrigins: [PEER],
  });
  const login = await auth.login(
    new Request(`${APP}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: APP },
      body: JSON.stringify({ password: "admin password" }),
    }),
  );
  cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  expect(cookie.startsWith(`${SESSION_COOKIE}=v1.`)).toBe(true);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const request = (method: string, headers: Record<string, string>) =>
  new Request(`${APP}/api/trpc/posts.list`, { method, headers });

test("a GET sees the cookie session whatever its origin (reads are not CSRF targets)", () => {
  expect(createBaseContext(auth, request("GET", { cookie })).session).toMatchObject({
    subject: "admin",
  });
  expect(
    createBaseContext(auth, request("GET", { cookie, origin: "https://evil.example" })).session,
  ).not.toBeNull();
  expect(createBaseContext(auth, request("HEAD", { cookie })).session).not.toBeNull();
  expect(createBaseContext(auth, request("GET", {})).session).toBeNull();
});

test("a POST honours the cookie only from this app or a peer", () => {
  expect(createBaseContext(auth, request("POST", { cookie, origin: APP })).session).not.toBeNull();
  expect(createBaseContext(auth, request("POST", { cookie, origin: PEER })).session).not.toBeNull();
  expect(
    createBaseContext(auth, request("POST", { cookie, origin: "https://evil.example" })).session,
  ).toBeNull();
  expect(createBaseContext(auth, request("POST", { cookie, origin: "null" })).session).toBeNull();
  expect(
    createBaseContext(auth, request("POST", { cookie, "sec-fetch-site": "cross-site" })).session,
  ).toBeNull();
  expect(
    createBaseContext(auth, request("DELETE", { cookie, origin: "https://evil.example" })).session,
  ).toBeNull();
});

test("the service flag comes from the bearer token, independently of any cookie", () => {
  const ctx = createBaseContext(
    auth,
    request("POST", { authorization: `Bearer ${SERVICE_TOKEN}` }),
  );
  expect(ctx).toMatchObject({ service: true, session: null });
  expect(ctx.headers.get("authorization")).toBe(`Bearer ${SERVICE_TOKEN}`);
  expect(createBaseContext(auth, request("POST", { authorization: "Bearer nope" })).service).toBe(
    false,
  );
  expect(createBaseContext(auth, request("GET", { cookie })).service).toBe(false);
});

// A small router built with the shared plumbing.
const t = createTRPC<BaseContext>();
const router = t.router({
  echo: t.publicProcedure
    .input(z.object({ n: z.number().int().min(1), tag: z.string().max(3) }))
    .query(({ input }) => ({
      ...input,
      at: new Date(0),
    })),
  whoami: t.adminProcedure.query(({ ctx }) => ctx.session.subject),
  internal: t.serviceProcedure.query(() => "secret"),
  badOutput: t.publicProcedure
    .output(z.object({ ok: z.literal(true) }))
    .query(() => ({ ok: false }) as unknown as { ok: true }),
  crash: t.publicProcedure.query(() => {
    throw new Error("disk on fire");
  }),
});
const createCaller = t.createCallerFactory(router);
const anonymous: BaseContext = { session: null, service: false, headers: new Headers() };
const admin: BaseContext = {
  ...anonymous,
  session: { subject: "admin", issuedAt: 1, expiresAt: 2 },
};

test("adminProcedure needs a session; serviceProcedure needs the service flag", async () => {
  await expect(createCaller(anonymous).whoami()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  expect(await createCaller(admin).whoami()).toBe("admin");
  await expect(createCaller(admin).internal()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  expect(await createCaller({ ...anonymous, service: true }).internal()).toBe("secret");
  await expect(createCaller(anonymous).echo({ n: 0, tag: "x" })).rejects.toBeInstanceOf(TRPCError);
});

const handler = createNextTRPCHandler({
  router,
  createContext: (req) => createBaseContext(auth, req),
});
const get = async (procedure: string, input?: unknown, headers: Record<string, string> = {}) => {
  const query =
    input === undefined
      ? ""
      : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const response = await handler(new Request(`${APP}/api/trpc/${procedure}${query}`, { headers }));
  return {
    status: response.status,
    body: (await response.json()) as {
      result?: { data: unknown };
      error?: { json: { data: Record<string, unknown> } };
    },
  };
};

test("over HTTP, bad input is a 400 whose error carries the flattened zod issues", async () => {
  const { status, body } = await get("echo", { n: 0, tag: "long" });
  expect(status).toBe(400);
  const data = body.error!.json.data;
  expect(data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, path: "echo" });
  const zodError = data.zodError as { formErrors: string[]; fieldErrors: Record<string, string[]> };
  expect(zodError.formErrors).toEqual([]);
  expect(Object.keys(zodError.fieldErrors).sort()).toEqual(["n", "tag"]);
  expect(zodError.fieldErrors.n![0]).toMatch(/>=\s*1/);
});

test("over HTTP, good input answers superjson data", async () => {
  const { status, body } = await get("echo", { n: 2, tag: "ab" });
  expect(status).toBe(200);
  expect(superjson.deserialize(body.result!.data as never)).toEqual({
    n: 2,
    tag: "ab",
    at: new Date(0),
  });
});

test("other errors carry zodError: null — output validation failures stay private", async () => {
  const unauthorized = await get("whoami");
  expect(unauthorized.status).toBe(401);
  expect(unauthorized.body.error!.json.data).toMatchObject({
    code: "UNAUTHORIZED",
    zodError: null,
  });

  const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    const bad = await get("badOutput");
    expect(bad.status).toBe(500);
    expect(bad.body.error!.json.data).toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
      zodError: null,
    });

    const crash = await get("crash");
    expect(crash.status).toBe(500);
    expect(crash.body.error!.json.data.zodError).toBeNull();
    // The handler logs server errors with the procedure path.
    expect(consoleError.mock.calls.map((c) => String(c[0]))).toEqual([
      "tRPC badOutput failed:",
      "tRPC crash failed:",
    ]);
  } finally {
    consoleError.mockRestore();
  }
});

test("over HTTP the context is built from the request: cookie for admin, bearer for service", async () => {
  expect((await get("whoami", undefined, { cookie })).status).toBe(200);
  expect(
    (await get("internal", undefined, { authorization: `Bearer ${SERVICE_TOKEN}` })).status,
  ).toBe(200);
  expect((await get("internal", undefined, { authorization: "Bearer wrong" })).status).toBe(401);
});

test("an in-process client sees the same data and error shapes as over HTTP", async () => {
  const client = createTRPCClient<typeof router>({
    links: [createLocalLink({ router, createContext: () => anonymous })],
  });
  expect(await client.echo.query({ n: 3, tag: "abc" })).toEqual({
    n: 3,
    tag: "abc",
    at: new Date(0),
  });
  const error = await client.echo.query({ n: 0, tag: "abc" }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCClientError);
  const data = (error as TRPCClientError<typeof router>).data!;
  expect(data.code).toBe("BAD_REQUEST");
  expect(data.zodError?.fieldErrors).toHaveProperty("n");
  await expect(client.whoami.query()).rejects.toMatchObject({
    data: { code: "UNAUTHORIZED", zodError: null },
  });
});

test("serviceHealth assembles an answer that satisfies ServiceHealthSchema", () => {
  const health = serviceHealth(
    "search",
    {
      sizeBytes: 4096,
      journalMode: "wal",
      migrations: 2,
      writer: { queueDepth: 0, batches: 3, units: 5, meanBatchSize: 1.7, failedUnits: 0 },
    },
    { documents: 8 },
  );
  expect(ServiceHealthSchema.parse(health)).toEqual(health);
  expect(health).toMatchObject({
    ok: true,
    app: "search",
    counts: { documents: 8 },
    database: { migrations: 2 },
  });
  expect(health.uptimeSeconds).toBeGreaterThanOrEqual(0);
});
