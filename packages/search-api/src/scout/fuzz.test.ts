import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";

import { handleScoutRequest } from "./handler";
import type { ScoutOptions } from "./handler";
import { TEST_ORIGIN } from "./testing";

/** mulberry32: a tiny seeded PRNG, so a failure replays exactly. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}

const SEED = 20240611;
const REQUESTS = 4000;
const rnd = prng(SEED);

const NASTY = [
  "",
  " ",
  "*",
  "**",
  '"',
  '""',
  "'",
  "\\",
  "/",
  "//",
  "..",
  "../../etc/passwd",
  "..\\..\\windows\\system32",
  "%",
  "%00",
  "%2F",
  "%zz",
  "\u0000",
  "\u0007\u001b[31m",
  "\r\n",
  "\uFEFF",
  "\uD800",
  "\uE000\uE001",
  "🎉",
  "👩‍👩‍👧‍👦",
  "é",
  "e\u0301",
  "日本語",
  "مرحبا",
  "NEAR(",
  "NEAR()",
  "NEAR(a b, 2)",
  "AND",
  "OR",
  "NOT",
  "AND OR NOT",
  "(",
  ")",
  "((a)",
  "^",
  "-",
  "+",
  ":",
  "content:",
  "identifier: x",
  "{content}:x",
  "a*",
  "* a",
  "'; DROP TABLE documents; --",
  "1 OR 1=1",
  "<script>alert(1)</script>",
  "${7*7}",
  "{{7*7}}",
  "__proto__",
  "constructor",
  "null",
  "true",
  "0",
  "-1",
  "1e309",
  "NaN",
  "99999999999999999999",
  "9007199254740993",
  "documents",
  "attachments",
  "demo",
  "idx-1",
  "doc-1",
  "a.txt",
  "faith",
  "(a+)+$",
  "(a|aa)*",
  "[",
  "\\d+",
  "x".repeat(300),
  "y ".repeat(2000),
  "(".repeat(1500),
];
const WORDS = [
  "faith",
  "hope",
  "alpha",
  "beta",
  "sqlite",
  "wal",
  "fts5",
  "café",
  "über",
  "c++",
  "e-mail",
  "2024",
  "x",
];
const OPS = [
  "",
  "__eq",
  "__ne",
  "__ge",
  "__gt",
  "__le",
  "__lt",
  "__in",
  "__contains",
  "__startswith",
  "__endswith",
  "__regex",
  "__xx",
  "__",
];
const KEYS = ["color", "n", "name", "dob", "mode", "__proto__", "constructor", "", "k.k", "ключ"];

function text(): string {
  const r = rnd.next();
  if (r < 0.35) return rnd.pick(NASTY);
  if (r < 0.6) return rnd.pick(WORDS);
  if (r < 0.8)
    return Array.from({ length: 1 + rnd.int(5) }, () =>
      rnd.pick([...WORDS, ...NASTY.slice(0, 50)]),
    ).join(rnd.pick([" ", "", ",", " OR ", "*"]));
  const len = rnd.int(40);
  return Array.from({ length: len }, () =>
    String.fromCodePoint(rnd.chance(0.8) ? 32 + rnd.int(95) : rnd.int(0x2ffff)),
  ).join("");
}

function jsonValue(depth = 0): unknown {
  switch (rnd.int(depth > 1 ? 6 : 8)) {
    case 0:
      return text();
    case 1:
      return rnd.int(1000) - 500;
    case 2:
      return rnd.pick([true, false, null]);
    case 3:
      return rnd.next() * 1e6;
    case 4:
      return rnd.pick(WORDS);
    case 5:
      return "";
    case 6:
      return Array.from({ length: rnd.int(4) }, () => jsonValue(depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: rnd.int(4) }, () => [rnd.pick(KEYS), jsonValue(depth + 1)]),
      );
  }
}

/** encodeURIComponent that survives lone surrogates: they become an invalid UTF-8 escape, which is a fine thing to send. */
function enc(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return `${encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, ""))}%ED%A0%80`;
  }
}

const state = {
  indexes: ["idx-0", "idx-1", "idx-2"],
  docs: ["1", "2", "doc-1", "doc-2"],
  files: ["a.txt", "b.jpg", "etc_passwd"],
};

function segment(kind: "index" | "doc" | "file"): string {
  if (rnd.chance(0.75)) {
    const pool = kind === "index" ? state.indexes : kind === "doc" ? state.docs : state.files;
    return enc(rnd.pick(pool));
  }
  const raw = text();
  return rnd.chance(0.8) ? enc(raw).slice(0, 500) : raw.replace(/[/?#]/g, "").slice(0, 200);
}

function queryString(): string {
  const params: string[] = [];
  const n = rnd.int(6);
  for (let i = 0; i < n; i++) {
    const name = rnd.pick([
      "q",
      "q",
      "q",
      "mode",
      "ranking",
      "ordering",
      "page",
      "index",
      "highlight",
      "highlight_crop",
      "highlight_start",
      "identifier",
      "filename",
      "mimetype",
      "key",
      "filter",
    ]);
    let value: string;
    switch (name) {
      case "mode":
        value = rnd.pick(["simple", "advanced", "", "x"]);
        break;
      case "ranking":
        value = rnd.pick(["bm25", "none", "", "BM25"]);
        break;
      case "ordering":
        value = rnd.pick([
          "id",
          "-id",
          "score",
          "-score",
          "content",
          "identifier",
          "name",
          "-document_count",
          "filename",
          "-timestamp",
          "hash",
          "",
          "--id",
          text(),
        ]);
        break;
      case "page":
        value = rnd.pick(["1", "2", "0", "-1", "abc", "99999999999999999999", ""]);
        break;
      case "highlight":
        value = rnd.pick(["1", "true", "0", ""]);
        break;
      case "highlight_crop":
        value = rnd.pick(["1", "64", "65", "0", "x"]);
        break;
      case "filter": {
        const key = rnd.pick(KEYS) + rnd.pick(OPS);
        params.push(
          `${enc(key)}=${enc(rnd.chance(0.3) ? rnd.pick(["(a+)+$", "[", "^a", "1,2,3", "5", "-2.5", ".5"]) : text())}`,
        );
        continue;
      }
      default:
        value = text();
    }
    params.push(`${enc(name)}=${enc(value)}`);
  }
  if (rnd.chance(0.05)) params.push("%zz=%zz&&=&a=b=c");
  return params.length ? `?${params.join("&")}` : "";
}

function body(): { body?: BodyInit; contentType?: string } {
  const fields = () => {
    const obj: Record<string, unknown> = {};
    for (const key of ["content", "index", "indexes", "identifier", "metadata", "name"]) {
      if (key === "name" && rnd.chance(0.6)) obj.name = `idx-${rnd.int(6)}`;
      else if (rnd.chance(key === "content" || key === "index" ? 0.7 : 0.4))
        obj[key] =
          key === "indexes" && rnd.chance(0.6)
            ? [rnd.pick(state.indexes), jsonValue()]
            : key === "index" && rnd.chance(0.6)
              ? rnd.pick(state.indexes)
              : key === "identifier" && rnd.chance(0.5)
                ? `doc-${rnd.int(5)}`
                : jsonValue();
    }
    if (rnd.chance(0.1)) obj[rnd.pick(KEYS)] = jsonValue();
    return obj;
  };
  switch (rnd.int(9)) {
    case 0:
    case 1:
    case 2:
      return { body: JSON.stringify(fields()), contentType: "application/json" };
    case 3:
      return {
        body: rnd.pick(["", "{", "[1,2]", "null", '"x"', '{"a":', "\u0000", "{}"]),
        contentType: rnd.pick(["application/json", "application/vnd.api+json"]),
      };
    case 4: {
      const form = new FormData();
      if (rnd.chance(0.85))
        form.set(
          "data",
          rnd.chance(0.8) ? JSON.stringify(fields()) : rnd.pick(["", "{", "null", "[]"]),
        );
      const files = rnd.int(4);
      for (let i = 0; i < files; i++) {
        const name = rnd.chance(0.5) ? rnd.pick(state.files) : text().slice(0, 300) || "f";
        const bytes = rnd.chance(0.5)
          ? new TextEncoder().encode(rnd.pick(["same bytes", "other", text()]))
          : new Uint8Array(Array.from({ length: rnd.int(2000) }, () => rnd.int(256)));
        form.append(`file_${i}`, new File([bytes], name));
      }
      return { body: form };
    }
    case 5:
      return {
        body: `data=${enc(JSON.stringify(fields()))}`,
        contentType: "application/x-www-form-urlencoded",
      };
    case 6:
      return {
        body: text(),
        contentType: rnd.pick([
          "text/plain",
          "multipart/form-data",
          "multipart/form-data; boundary=zz",
          "application/xml",
          "",
        ]),
      };
    case 7:
      return {
        body: `--b\r\nContent-Disposition: form-data; name="data"\r\n\r\n${text()}\r\n--b\r\nContent-Disposition: form-data; name="f"; filename="${text().replace(/[\r\n"]/g, "")}"\r\n\r\n${text()}\r\n--b--\r\n`,
        contentType: "multipart/form-data; boundary=b",
      };
    default:
      return {};
  }
}

function randomRequest(): Request {
  const route = rnd.int(12);
  let path: string;
  let methods: string[];
  switch (route) {
    case 0:
      [path, methods] = ["/", ["GET", "POST", "POST"]];
      break;
    case 1:
      [path, methods] = [`/${segment("index")}/`, ["GET", "GET", "GET", "POST", "PUT", "DELETE"]];
      break;
    case 2:
    case 3:
      [path, methods] = ["/documents/", ["GET", "GET", "POST"]];
      break;
    case 4:
      [path, methods] = [`/documents/${segment("doc")}/`, ["GET", "GET", "POST", "PUT", "DELETE"]];
      break;
    case 5:
      [path, methods] = [`/documents/${segment("doc")}/metadata/`, ["POST", "PUT", "GET"]];
      break;
    case 6:
      [path, methods] = [`/documents/${segment("doc")}/attachments/`, ["GET", "POST"]];
      break;
    case 7:
      [path, methods] = [
        `/documents/${segment("doc")}/attachments/${segment("file")}/`,
        ["GET", "POST", "PUT", "DELETE"],
      ];
      break;
    case 8:
      [path, methods] = [
        `/documents/${segment("doc")}/attachments/${segment("file")}/download/`,
        ["GET"],
      ];
      break;
    case 9:
      [path, methods] = ["/attachments/", ["GET"]];
      break;
    case 10:
      [path, methods] = [`/${segment("index")}/`, ["GET"]];
      break;
    default:
      [path, methods] = [
        `/${Array.from({ length: rnd.int(7) }, () => segment(rnd.pick(["index", "doc", "file"]))).join("/")}${rnd.pick(["/", ""])}`,
        ["GET", "POST", "PATCH", "OPTIONS", "DELETE"],
      ];
  }
  if (rnd.chance(0.1)) path = path.replace(/\/$/, "");
  const method = rnd.chance(0.05)
    ? rnd.pick(["PATCH", "OPTIONS", "HEAD", "PROPFIND"])
    : rnd.pick(methods);
  const init: RequestInit = { method };
  if (method !== "GET" && method !== "HEAD") {
    const b = body();
    init.body = b.body;
    if (b.contentType !== undefined) init.headers = { "content-type": b.contentType };
  }
  if (rnd.chance(0.05))
    init.headers = {
      ...(init.headers as Record<string, string>),
      key: text().replace(/[^\x20-\x7e]/g, ""),
    };
  return new Request(`${TEST_ORIGIN}/scout${path}${queryString()}`, init);
}

/** Remember what the answers name (documents, indexes, files), so later requests hit real things. */
function learn(body: Record<string, unknown>) {
  const remember = (pool: string[], value: unknown) => {
    if ((typeof value === "string" || typeof value === "number") && !pool.includes(String(value))) {
      pool.push(String(value));
      if (pool.length > 50) pool.shift();
    }
  };
  if ("content" in body) {
    remember(state.docs, body.id);
    remember(state.docs, body.identifier);
  } else if ("name" in body) {
    remember(state.indexes, body.name);
  }
  for (const a of (body.attachments as { filename?: string }[] | undefined) ?? [])
    remember(state.files, a.filename);
  for (const d of (body.documents as { id?: number }[] | undefined) ?? []) {
    if (typeof d === "object" && d) remember(state.docs, d.id);
  }
}

/** A successful DELETE: stop aiming at what it removed. */
function forget(pathname: string) {
  const parts = pathname
    .split("/")
    .filter(Boolean)
    .slice(1)
    .map((p) => decodeURIComponent(p));
  const drop = (pool: string[], value: string | undefined) => {
    const i = value === undefined ? -1 : pool.indexOf(value);
    if (i !== -1 && pool.length > 1) pool.splice(i, 1);
  };
  if (parts[0] === "documents") {
    if (parts.length <= 2) drop(state.docs, parts[1]);
  } else {
    drop(state.indexes, parts[0]);
  }
}

let t: ReturnType<typeof createTestSearchDatabase>;

beforeAll(async () => {
  t = createTestSearchDatabase();
  const call = (method: string, path: string, json?: unknown) =>
    handleScoutRequest(
      t,
      new Request(`${TEST_ORIGIN}/scout${path}`, {
        method,
        body: json === undefined ? undefined : JSON.stringify(json),
        headers: { "content-type": "application/json" },
      }),
      { prefix: "/scout" },
    );
  for (const name of state.indexes) await call("POST", "/", { name });
  for (let i = 0; i < 30; i++) {
    await call("POST", "/documents/", {
      content: `${rnd.pick(WORDS)} ${rnd.pick(WORDS)} document ${i} ${text()}`,
      indexes: [rnd.pick(state.indexes)],
      identifier: i < 5 ? `doc-${i}` : null,
      metadata: { color: rnd.pick(["red", "blue"]), n: String(rnd.int(100)), name: text() },
    });
  }
});
afterAll(() => t.cleanup());

test(`fuzz: ${REQUESTS} random and hostile requests to every route (seed ${SEED}), never a 5xx, database intact`, async () => {
  const options: ScoutOptions = {
    prefix: "/scout",
    pageSize: 7,
    limits: { json: 64 * 1024, multipart: 256 * 1024 },
  };
  const statuses = new Map<number, number>();
  for (let i = 0; i < REQUESTS; i++) {
    const request = randomRequest();
    const description = `#${i} ${request.method} ${request.url.slice(0, 300)}`;
    const response = await handleScoutRequest(
      t,
      request,
      rnd.chance(0.05) ? { ...options, masterKey: "fuzz-key" } : options,
    );
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    expect(response.status, description).toBeLessThan(500);
    const isDownload =
      /\/download\/?(\?|$)/.test(new URL(request.url).pathname + "?") && response.status === 200;
    const raw = await response.text();
    if (request.method === "HEAD") {
      expect(raw, description).toBe("");
    } else if (!isDownload) {
      expect(response.headers.get("content-type"), description).toBe("application/json");
      const parsed = JSON.parse(raw) as Record<string, unknown>;
      if (response.status >= 400) expect(typeof parsed.error, description).toBe("string");
      learn(parsed);
      if (request.method === "DELETE" && response.status === 200)
        forget(new URL(request.url).pathname);
    }
  }
  // Every class of answer happened: the fuzzer reached real work, not only errors.
  expect(statuses.get(200)).toBeGreaterThan(REQUESTS / 6);
  expect(statuses.get(400)).toBeGreaterThan(REQUESTS / 20);
  expect(statuses.get(404)).toBeGreaterThan(0);

  await t.writer.drain();
  expect(t.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
  expect(t.sqlite.pragma("foreign_key_check")).toEqual([]);
  expect(() =>
    t.sqlite
      .prepare("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)")
      .run(),
  ).not.toThrow();
  expect(
    t.sqlite
      .prepare("SELECT count(*) FROM blobs WHERE hash NOT IN (SELECT hash FROM attachments)")
      .pluck()
      .get(),
  ).toBe(0);
}, 120_000);
