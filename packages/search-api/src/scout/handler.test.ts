import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

import { scoutClient, TEST_ORIGIN } from "./testing";

let t: ReturnType<typeof createTestSearchDatabase>;
let scout: ReturnType<typeof scoutClient>;

beforeEach(() => {
  t = createTestSearchDatabase();
  scout = scoutClient(t, { prefix: "/scout", pageSize: 10 });
});
afterEach(async () => {
  await t.cleanup();
});

const CORPUS = [
  "A faith is a necessity to a man. Woe to him who believes in nothing.",
  "All who call on God in true faith, earnestly from the heart, will certainly be heard, and will receive what they have asked and desired.",
  "Be faithful in small things because it is in them that your strength lies.",
  "Faith consists in believing when it is beyond the power of reason to believe.",
  "Faith has to do with things that are not seen and hope with things that are not at hand.",
];

async function index(name: string) {
  const r = await scout("POST", "/", { json: { name } });
  expect(r.status).toBe(200);
  return r.body as { id: number };
}

async function doc(
  content: string,
  indexes: string | string[],
  extra: Record<string, unknown> = {},
) {
  const r = await scout("POST", "/documents/", {
    json: { content, ...(Array.isArray(indexes) ? { indexes } : { index: indexes }), ...extra },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as {
    id: number;
    identifier: string | null;
    metadata: Record<string, string>;
    indexes: string[];
  };
}

async function corpus(name = "default") {
  await index(name);
  for (const content of CORPUS) await doc(content, name);
}

const contents = (body: { documents: { content: string }[] }) =>
  body.documents.map((d) => d.content);

describe("indexes", () => {
  test("create answers the index detail; list shows counts and Scout's shape", async () => {
    const created = await scout("POST", "/", { json: { name: "blog" } });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: 1,
      name: "blog",
      document_count: 0,
      documents: [],
      filtered_count: 0,
      filters: {},
      ordering: [],
      page: 1,
      pages: 0,
      next_url: null,
      previous_url: null,
    });
    await index("photos");
    await doc("hello", "blog");
    const list = await scout("GET", "/");
    expect(list.status).toBe(200);
    expect(list.headers.get("content-type")).toBe("application/json");
    expect(list.body).toEqual({
      indexes: [
        { id: 1, name: "blog", documents: "/scout/blog/", document_count: 1 },
        { id: 2, name: "photos", documents: "/scout/photos/", document_count: 0 },
      ],
      ordering: [],
      page: 1,
      pages: 1,
      next_url: null,
      previous_url: null,
    });
  });

  test("list ordering: name, -name, -document_count, id; unknown is a 400", async () => {
    for (const name of ["alpha", "charlie", "bravo"]) await index(name);
    await doc("d1", "alpha");
    await doc("d2", "alpha");
    await doc("d3", "bravo");
    const names = async (q: string) =>
      ((await scout("GET", `/${q}`)).body.indexes as { name: string }[]).map((i) => i.name);
    expect(await names("")).toEqual(["alpha", "bravo", "charlie"]);
    expect(await names("?ordering=-name")).toEqual(["charlie", "bravo", "alpha"]);
    expect(await names("?ordering=-document_count")).toEqual(["alpha", "bravo", "charlie"]);
    expect(await names("?ordering=id")).toEqual(["alpha", "charlie", "bravo"]);
    const bad = await scout("GET", "/?ordering=size");
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'Unrecognized ordering: "size"' });
  });

  test("create errors: duplicate, missing name, bad JSON, wrong content type, unknown keys, reserved names", async () => {
    await index("idx");
    expect(await scout("POST", "/", { json: { name: "idx" } })).toMatchObject({
      status: 400,
      body: { error: '"idx" already exists.' },
    });
    for (const json of [{}, { name: null }, { name: "" }]) {
      expect((await scout("POST", "/", { json })).body).toEqual({
        error: "Missing required fields: name",
      });
    }
    expect(
      (await scout("POST", "/", { body: '{"not" "json}', contentType: "application/json" })).body,
    ).toEqual({ error: "Unable to parse JSON data from request." });
    expect(
      (await scout("POST", "/", { body: "not json", contentType: "text/plain" })).body,
    ).toEqual({
      error: 'Missing correct content-type or missing "data" field.',
    });
    expect((await scout("POST", "/", { json: [1, 2] })).status).toBe(400);
    expect((await scout("POST", "/", { json: { name: "x", extra: 1 } })).body).toEqual({
      error: "Invalid keys: extra",
    });
    expect((await scout("POST", "/", { json: { name: "documents" } })).status).toBe(400);
    expect((await scout("POST", "/", { json: { name: { a: 1 } } })).status).toBe(400);
  });

  test("rename (POST and PUT), collision, 404; delete keeps the documents", async () => {
    await index("idx");
    await index("alt-idx");
    const shared = await doc("foo", ["idx", "alt-idx"]);
    await doc("idx only", "idx");
    await doc("alt only", "alt-idx");

    const renamed = await scout("POST", "/idx/", { json: { name: "idx-updated" } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: 1, name: "idx-updated", document_count: 2 });
    expect(contents(renamed.body)).toEqual(["foo", "idx only"]);
    expect((await scout("PUT", "/idx-updated/", { json: { name: "idx" } })).body.name).toBe("idx");
    expect((await scout("POST", "/idx/", { json: { name: "alt-idx" } })).body).toEqual({
      error: '"alt-idx" is already in use.',
    });
    expect((await scout("POST", "/missing/", { json: { name: "x" } })).status).toBe(404);

    const deleted = await scout("DELETE", "/idx/");
    expect(deleted.body).toEqual({ success: true });
    expect((await scout("GET", "/idx/")).status).toBe(404);
    const all = await scout("GET", "/documents/");
    expect(all.body.document_count).toBe(3);
    expect((await scout("GET", `/documents/${shared.id}/`)).body.indexes).toEqual(["alt-idx"]);
  });

  test("unknown paths and indexes are JSON 404s; wrong methods are 405", async () => {
    const missing = await scout("GET", "/missing/");
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatch(/not found/);
    expect((await scout("GET", "/a/b/c/")).status).toBe(404);
    expect((await scout("GET", "/documents/1/nope/")).status).toBe(404);
    const wrong = await scout("DELETE", "/");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, POST");
    expect((await scout("GET", "/documents/1/metadata/")).status).toBe(405);
    const head = await scout("HEAD", "/");
    expect(head.status).toBe(200);
    expect(head.bytes).toHaveLength(0);
  });

  test("paths work with and without the trailing slash, and with a percent-encoded index name", async () => {
    await index("my index?");
    expect((await scout("GET", "/my%20index%3F/")).body.name).toBe("my index?");
    expect((await scout("GET", "/my%20index%3F")).body.name).toBe("my index?");
    expect((await scout("GET", "/documents")).status).toBe(200);
    expect((await scout("GET", "")).status).toBe(200);
    expect((await scout("GET", "/%E0%A4%A/")).status).toBe(404);
  });
});

describe("documents", () => {
  test("create with index or indexes, metadata as strings, Scout's shape", async () => {
    await index("idx-a");
    await index("idx-b");
    const r = await scout("POST", "/documents/", {
      json: {
        content: "doc 1",
        index: "idx-a",
        metadata: { k1: "v1", n: 33, ok: true, gone: null },
      },
    });
    expect(r.body).toEqual({
      id: 1,
      identifier: null,
      content: "doc 1",
      indexes: ["idx-a"],
      metadata: { k1: "v1", n: "33", ok: "True" },
      attachments: [],
    });
    const two = await doc("doc 2", ["idx-b", "idx-a"], { identifier: null });
    expect(two.indexes).toEqual(["idx-a", "idx-b"]);
    // metadata keys are plain text, even ones that name object internals
    const odd = await scout("POST", "/documents/", {
      body: '{"content": "x", "index": "idx-a", "metadata": {"__proto__": "p", "constructor": "c"}}',
      contentType: "application/json",
    });
    expect(Object.keys(odd.body.metadata)).toEqual(["__proto__", "constructor"]);
    expect((await scout("GET", "/idx-a/?__proto____eq=p")).body.filtered_count).toBe(1);
  });

  test("create validation: index required and must exist, content required, keys, identifier charset", async () => {
    await index("idx");
    const err = async (json: unknown) => {
      const r = await scout("POST", "/documents/", { json });
      expect(r.status).toBe(400);
      return r.body.error as string;
    };
    expect(await err({ content: "foo" })).toBe('You must specify either an "index" or "indexes".');
    expect(await err({ content: "x", index: "" })).toBe(
      'You must specify either an "index" or "indexes".',
    );
    expect(await err({ content: "x", indexes: [] })).toBe(
      'You must specify either an "index" or "indexes".',
    );
    expect(await err({ content: "foo", index: "missing" })).toBe(
      "The following indexes were not found: missing.",
    );
    expect(await err({ content: "foo", indexes: ["missing", "idx", "blah"] })).toBe(
      "The following indexes were not found: missing, blah.",
    );
    expect(await err({ index: "idx" })).toBe("Missing required fields: content");
    expect(await err({ content: null, index: "idx" })).toBe("Missing required fields: content");
    expect(await err({ content: "test", index: "idx", evil_key: null })).toBe(
      "Invalid keys: evil_key",
    );
    for (const identifier of ["has spaces", "slashes/in/it", "q?mark", "pct%20enc", "ünï"]) {
      expect(await err({ content: "x", index: "idx", identifier })).toBe(
        'Identifier may only consist of the following: letters, numbers, "_", "-", ".", ":"',
      );
    }
    expect(await err({ content: "x", index: "idx", metadata: "nope" })).toBe(
      "Metadata must be a JSON object.",
    );
    expect(await err({ content: { a: 1 }, index: "idx" })).toBe('"content" must be a string.');
    expect((await scout("GET", "/documents/")).body.document_count).toBe(0);
  });

  test("an existing identifier turns create into an update (upsert)", async () => {
    await index("idx");
    await index("other");
    const first = await doc("original", "idx", {
      identifier: "ident-1",
      metadata: { k: "v", old: "x" },
    });
    const again = await doc("updated via create", ["idx", "other"], {
      identifier: "ident-1",
      metadata: { k: "new-v" },
    });
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({
      identifier: "ident-1",
      indexes: ["idx", "other"],
      metadata: { k: "new-v" },
    });
    expect((await scout("GET", "/documents/")).body.document_count).toBe(1);
    // without "metadata" the upsert keeps it; with {} it clears it
    expect((await doc("again", "idx", { identifier: "ident-1" })).metadata).toEqual({ k: "new-v" });
    expect((await doc("again", "idx", { identifier: "ident-1", metadata: {} })).metadata).toEqual(
      {},
    );
  });

  test("detail resolves the identifier first, then the numeric id", async () => {
    await index("idx");
    for (let i = 0; i < 5; i++) await doc(`filler-${i}`, "idx");
    const target = await doc("the target", "idx", { identifier: "3" });
    const named = await doc("named", "idx", { identifier: "post:42" });
    expect((await scout("GET", "/documents/3/")).body.content).toBe("the target");
    expect((await scout("GET", `/documents/${target.id}/`)).body.content).toBe("the target");
    expect((await scout("GET", "/documents/2/")).body.content).toBe("filler-1");
    expect((await scout("GET", "/documents/post:42/")).body.id).toBe(named.id);
    expect((await scout("GET", "/documents/9999/")).status).toBe(404);
    expect((await scout("GET", "/documents/nope/")).status).toBe(404);
  });

  test("update is partial: content, metadata replaces, indexes replace or clear, empty content allowed", async () => {
    await index("idx");
    await index("alt-idx");
    const d = await doc("test doc", "idx", { metadata: { foo: "bar", nug: "baze" } });
    const other = await doc("alt doc", "idx");
    const url = `/documents/${d.id}/`;
    const get = async () => (await scout("GET", url)).body;

    await scout("POST", url, { json: { content: "updated" } });
    expect(await get()).toMatchObject({
      content: "updated",
      metadata: { foo: "bar", nug: "baze" },
      indexes: ["idx"],
    });
    await scout("PUT", url, { json: { metadata: { nug: "baz", herp: "derp" } } });
    expect((await get()).metadata).toEqual({ nug: "baz", herp: "derp" });
    await scout("POST", url, { json: { metadata: null } });
    expect((await get()).metadata).toEqual({});
    await scout("POST", url, { json: { indexes: ["idx", "alt-idx"] } });
    expect((await get()).indexes).toEqual(["alt-idx", "idx"]);
    await scout("POST", url, { json: { indexes: [] } });
    expect((await get()).indexes).toEqual([]);
    await scout("POST", url, { json: { index: "idx" } });
    await scout("POST", url, { json: { content: "re-updated" } });
    expect(await get()).toMatchObject({ content: "re-updated", indexes: ["idx"] });
    await scout("POST", url, { json: { content: "" } });
    expect((await get()).content).toBe("");
    expect((await scout("GET", `/documents/${other.id}/`)).body).toMatchObject({
      content: "alt doc",
      indexes: ["idx"],
    });
    expect((await scout("POST", url, { json: { bogus: 1 } })).body).toEqual({
      error: "Invalid keys: bogus",
    });
    expect((await scout("POST", url, { json: { indexes: ["nope"] } })).body).toEqual({
      error: "The following indexes were not found: nope.",
    });
    expect((await scout("POST", "/documents/404/", { json: { content: "x" } })).status).toBe(404);
  });

  test("identifiers: reassigning takes it from the owner, null or empty clears it", async () => {
    await index("idx");
    const owner = await doc("owner", "idx", { identifier: "mine" });
    const thief = await doc("thief", "idx", { identifier: "other" });
    const stolen = await scout("PUT", `/documents/${thief.id}/`, { json: { identifier: "mine" } });
    expect(stolen.body.identifier).toBe("mine");
    expect((await scout("GET", "/documents/mine/")).body.id).toBe(thief.id);
    expect((await scout("GET", `/documents/${owner.id}/`)).body.identifier).toBeNull();
    expect((await scout("GET", "/documents/other/")).status).toBe(404);

    await scout("PUT", "/documents/mine/", { json: { identifier: null } });
    expect((await scout("GET", "/documents/mine/")).status).toBe(404);
    await scout("PUT", `/documents/${thief.id}/`, { json: { identifier: "again" } });
    await scout("PUT", "/documents/again/", { json: { identifier: "" } });
    expect((await scout("GET", `/documents/${thief.id}/`)).body.identifier).toBeNull();
    expect(
      (await scout("PUT", `/documents/${thief.id}/`, { json: { identifier: "bad id" } })).status,
    ).toBe(400);
  });

  test("delete removes links and metadata, 404 the second time", async () => {
    await index("idx");
    await index("alt");
    const d1 = await doc("doc 1", ["idx", "alt"], { metadata: { k1: "v1", k2: "v2" } });
    const d2 = await doc("doc 2", ["idx", "alt"], { metadata: { k3: "v3" } });
    expect((await scout("DELETE", `/documents/${d2.id}/`)).body).toEqual({ success: true });
    expect((await scout("DELETE", `/documents/${d2.id}/`)).status).toBe(404);
    expect(t.sqlite.prepare("SELECT count(*) FROM metadata").pluck().get()).toBe(2);
    expect(t.sqlite.prepare("SELECT count(*) FROM index_documents").pluck().get()).toBe(2);
    expect((await scout("GET", "/idx/")).body.documents.map((d: { id: number }) => d.id)).toEqual([
      d1.id,
    ]);
  });

  test("metadata endpoint merges, null deletes a key, {} clears", async () => {
    await index("idx");
    const d = await doc("doc", "idx", { metadata: { keep: "yes" } });
    const url = `/documents/${d.id}/metadata/`;
    expect(
      (await scout("POST", url, { json: { metadata: { k1: "v1", k2: "v2" } } })).body.metadata,
    ).toEqual({
      keep: "yes",
      k1: "v1",
      k2: "v2",
    });
    expect(
      (await scout("PUT", url, { json: { metadata: { k1: "v1-updated", k3: 3 } } })).body.metadata,
    ).toEqual({
      keep: "yes",
      k1: "v1-updated",
      k2: "v2",
      k3: "3",
    });
    expect(
      (await scout("POST", url, { json: { metadata: { k2: null, nope: null } } })).body.metadata,
    ).toEqual({
      keep: "yes",
      k1: "v1-updated",
      k3: "3",
    });
    const cleared = await scout("POST", url, { json: { metadata: {} } });
    expect(cleared.body).toMatchObject({ id: d.id, content: "doc", metadata: {} });
    expect((await scout("POST", url, { json: {} })).body).toEqual({
      error: "Missing required fields: metadata",
    });
    expect((await scout("POST", url, { json: { metadata: [] } })).status).toBe(400);
    expect(
      (await scout("POST", "/documents/missing/metadata/", { json: { metadata: {} } })).status,
    ).toBe(404);
  });
});

describe("search", () => {
  test("FTS5 syntax: bareword, AND, OR, NOT, phrases, prefix, NEAR, ^initial, grouping, stemming", async () => {
    await corpus();
    const q = async (query: string) => {
      const r = await scout("GET", `/default/?q=${encodeURIComponent(query)}`);
      expect(r.status, `${query}: ${JSON.stringify(r.body)}`).toBe(200);
      return contents(r.body);
    };
    const c = (...i: number[]) => i.map((n) => CORPUS[n]);
    expect(await q("believe")).toEqual(c(3, 0));
    expect(await q("faith man")).toEqual(c(0));
    expect(await q("faith AND hope")).toEqual(c(4));
    expect(await q("man OR hope")).toEqual(c(0, 4));
    expect(await q("believe NOT nothing")).toEqual(c(3));
    expect(await q("(man OR hope) NOT believe")).toEqual(c(4));
    expect(await q('"true faith"')).toEqual(c(1));
    expect(await q('"things small"')).toEqual([]);
    expect(await q("beli*")).toEqual(c(3, 0));
    expect(await q("NEAR(true faith, 1)")).toEqual(c(1));
    expect(await q("NEAR(call desired, 2)")).toEqual([]);
    expect(await q("^faith")).toEqual(c(3, 4));
    expect(await q("believing")).toEqual(c(3, 0));
    expect((await q("FAITH")).length).toBe(5);
    expect(await q("blah")).toEqual([]);
  });

  test("scores are negative bm25 ranks, best first; ranking=none drops them; response echoes", async () => {
    await corpus();
    const r = await scout("GET", "/default/?q=faith");
    expect(r.body).toMatchObject({
      ranking: "bm25",
      search_term: "faith",
      filtered_count: 5,
      document_count: 5,
    });
    const scores = r.body.documents.map((d: { score: number }) => d.score);
    expect(scores.every((s: number) => s < 0)).toBe(true);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));

    const none = await scout("GET", "/default/?q=faith&ranking=none");
    expect(none.body.ranking).toBe("none");
    expect(none.body.documents.every((d: object) => !("score" in d))).toBe(true);
    expect(none.body.documents.map((d: { id: number }) => d.id)).toEqual([1, 2, 3, 4, 5]);

    const bad = await scout("GET", "/default/?q=faith&ranking=invalid");
    expect(bad).toMatchObject({
      status: 400,
      body: { error: 'Unrecognized "ranking" value. Valid options are default, bm25, none' },
    });

    const all = await scout("GET", "/default/");
    expect(all.body).not.toHaveProperty("ranking");
    expect(all.body).not.toHaveProperty("search_term");
    expect(all.body.documents[0]).not.toHaveProperty("score");
    const star = await scout("GET", "/default/?q=*");
    expect(star.body).toMatchObject({ search_term: "*", filtered_count: 5 });
    expect(star.body.documents[0]).not.toHaveProperty("score");
  });

  test("ordering: score, -score, id, -id, content, repeated; score needs a query", async () => {
    await corpus();
    const ids = async (qs: string) =>
      (await scout("GET", `/default/?${qs}`)).body.documents.map((d: { id: number }) => d.id);
    expect(await ids("q=faith&ordering=-id")).toEqual([5, 4, 3, 2, 1]);
    expect(await ids("q=faith&ordering=id")).toEqual([1, 2, 3, 4, 5]);
    const byScoreDesc = (
      await scout("GET", "/default/?q=faith&ordering=-score")
    ).body.documents.map((d: { score: number }) => d.score);
    expect(byScoreDesc).toEqual([...byScoreDesc].sort((a, b) => b - a));
    const byContent = contents((await scout("GET", "/default/?q=faith&ordering=content")).body);
    expect(byContent).toEqual([...byContent].sort());
    expect((await scout("GET", "/documents/?ordering=-identifier&ordering=id")).status).toBe(200);
    expect((await scout("GET", "/default/?ordering=score")).body).toEqual({
      error: 'Unrecognized ordering: "score"',
    });
    expect((await scout("GET", "/default/?q=faith&ordering=rank")).status).toBe(400);
    const indexes = Array.from({ length: 40_000 }, (_, i) => `index=i${i}`).join("&");
    expect((await scout("GET", `/documents/?${indexes}`)).body).toEqual({
      error: "Too many indexes (at most 100).",
    });
    expect((await scout("GET", `/attachments/?${indexes}`)).status).toBe(400);
    const names = Array.from({ length: 40_000 }, (_, i) => `i${i}`);
    expect(
      (await scout("POST", "/documents/", { json: { content: "x", indexes: names } })).status,
    ).toBe(400);
    const many = Array.from({ length: 3000 }, () => "ordering=id").join("&");
    for (const path of ["/default/", "/documents/", "/", "/attachments/"]) {
      expect((await scout("GET", `${path}?${many}`)).body).toEqual({
        error: "Too many ordering values (at most 10).",
      });
    }
  });

  test("malformed FTS5 queries are 400 with SQLite's reason, on both search routes", async () => {
    await corpus();
    const r = await scout("GET", `/default/?q=${encodeURIComponent('"unbalanced')}`);
    expect(r).toMatchObject({
      status: 400,
      body: { error: "Invalid search query: unterminated string" },
    });
    for (const query of [
      "OR",
      "NOT",
      "AND",
      "foo AND OR bar",
      "(foo AND bar",
      "foo AND bar)",
      "()",
      "NEAR()",
      "NEAR(",
      "identifier: secret",
      "-",
      "^",
      "* foo",
      "(".repeat(2000) + "a" + ")".repeat(2000),
    ]) {
      for (const path of ["/default/", "/documents/"]) {
        const res = await scout("GET", `${path}?q=${encodeURIComponent(query)}`);
        expect(res.status, query).toBe(400);
        expect(res.body.error).toMatch(/^Invalid search query: /);
      }
    }
  });

  test("metadata filters: eq default, every operator, numeric ranges, repeated key = OR, different keys = AND", async () => {
    await index("people");
    const rows: [string, Record<string, string | number>][] = [
      ["huey", { dob: "2010-06-01", city: "Lawrence", state: "KS", age: 9, name: "googie" }],
      [
        "mickey",
        { dob: "2008-04-01", city: "Lawrence", state: "KS", age: 10, name: "nuggie zaizee" },
      ],
      [
        "zaizee",
        { dob: "2012-05-01", city: "Lawrence", state: "KS", age: 100, name: "huey mickey" },
      ],
      ["harley", { dob: "2008-04-20", city: "Topeka", state: "KS", age: -2.5, name: "50%_off" }],
      ["boo", { dob: "2012-01-01", city: "Kansas City", state: "MO", age: 33, name: "boo" }],
    ];
    for (const [content, metadata] of rows) await doc(content, "people", { metadata });
    const names = async (qs: string) => {
      const r = await scout("GET", `/people/?${qs}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return contents(r.body).sort();
    };
    expect(await names("state=KS")).toEqual(["harley", "huey", "mickey", "zaizee"]);
    expect(await names("state__eq=MO")).toEqual(["boo"]);
    expect(await names("state__ne=KS")).toEqual(["boo"]);
    expect(await names("dob__ge=2010-01-01&dob__lt=2012-05-01")).toEqual(["boo", "huey"]);
    expect(await names("dob__gt=2012-01-01")).toEqual(["zaizee"]);
    expect(await names("dob__le=2008-04-01")).toEqual(["mickey"]);
    // numeric when the value looks numeric: 9 < 10 < 100 (as text "100" < "9")
    expect(await names("age__gt=9")).toEqual(["boo", "mickey", "zaizee"]);
    expect(await names("age__lt=0")).toEqual(["harley"]);
    expect(await names("age__le=10&age__ge=-2.5")).toEqual(["harley", "huey", "mickey"]);
    expect(await names("city__in=Lawrence, Topeka&state=KS")).toEqual([
      "harley",
      "huey",
      "mickey",
      "zaizee",
    ]);
    expect(await names("city=Lawrence&city=Topeka")).toEqual([
      "harley",
      "huey",
      "mickey",
      "zaizee",
    ]);
    expect(await names("city=Lawrence&city=Topeka&age__gt=9")).toEqual(["mickey", "zaizee"]);
    expect(await names("name__contains=GIE")).toEqual(["huey", "mickey"]);
    expect(await names("name__contains=%25_")).toEqual(["harley"]);
    expect(await names("name__contains=_")).toEqual(["harley"]);
    expect(await names("name__startswith=nug")).toEqual(["mickey"]);
    expect(await names("name__endswith=key")).toEqual(["zaizee"]);
    expect(await names("name__regex=gie$")).toEqual(["huey"]);
    expect(await names("name__regex=gie")).toEqual(["huey", "mickey"]);
    expect(await names("name__regex=^b&q=boo")).toEqual(["boo"]);
    expect(await names("missing=x")).toEqual([]);

    const echo = await scout(
      "GET",
      "/people/?q=huey&city=Lawrence&city=Topeka&age__gt=1&page=1&ranking=bm25",
    );
    expect(echo.body.filters).toEqual({ city: ["Lawrence", "Topeka"], age__gt: ["1"] });
    expect(echo.body).toMatchObject({ document_count: 5, filtered_count: 1 });
  });

  test("filter errors are 400s: unknown operator, bad or dangerous regex, too many values", async () => {
    await corpus();
    const unknown = await scout("GET", "/default/?name__xx=1");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe(
      "Unrecognized operation: xx. Supported operations are:\ncontains\nendswith\neq\nge\ngt\nin\nle\nlt\nne\nregex\nstartswith",
    );
    expect((await scout("GET", "/default/?k__regex=(")).body.error).toMatch(
      /^Invalid regular expression/,
    );
    expect((await scout("GET", "/default/?k__regex=(a%2B)%2B$")).body.error).toMatch(/too complex/);
    expect((await scout("GET", "/default/?k__regex=(a|aa)*b")).status).toBe(400);
    const many = Array.from({ length: 201 }, (_, i) => `k=${i}`).join("&");
    expect((await scout("GET", `/default/?${many}`)).status).toBe(400);
    // a reserved name is still a filter when the operator is spelled out
    expect((await scout("GET", "/default/?mode__eq=fast")).body.filters).toEqual({
      mode__eq: ["fast"],
    });
  });

  test("/documents/: all documents or some indexes (index= repeatable), distinct document_count", async () => {
    await index("idx-a");
    await index("idx-b");
    for (let i = 0; i < 5; i++) await doc(`doc-a-${i}`, "idx-a");
    for (let i = 0; i < 3; i++) await doc(`doc-b-${i}`, "idx-b");
    await doc("shared doc", ["idx-a", "idx-b"]);
    const count = async (qs: string) => (await scout("GET", `/documents/?${qs}`)).body;
    expect((await count("")).document_count).toBe(9);
    expect((await count("index=idx-a")).document_count).toBe(6);
    expect((await count("index=idx-b")).document_count).toBe(4);
    expect(await count("index=idx-a&index=idx-b")).toMatchObject({
      document_count: 9,
      filtered_count: 9,
    });
    expect(await count("index=nope")).toMatchObject({
      document_count: 0,
      filtered_count: 0,
      documents: [],
    });
    expect(await count("q=shared&index=idx-b")).toMatchObject({ filtered_count: 1 });
  });

  test("pagination: absolute next/previous URLs keeping the prefix and the other parameters", async () => {
    await index("idx");
    for (let i = 0; i < 25; i++) await doc(`document ${i}`, "idx", { metadata: { color: "red" } });
    const p1 = (await scout("GET", "/documents/")).body;
    expect(p1).toMatchObject({
      page: 1,
      pages: 3,
      previous_url: null,
      next_url: `${TEST_ORIGIN}/scout/documents/?page=2`,
    });
    expect(p1.documents).toHaveLength(10);
    const p2 = (await scout("GET", "/documents/?page=2")).body;
    expect(p2.next_url).toBe(`${TEST_ORIGIN}/scout/documents/?page=3`);
    expect(p2.previous_url).toBe(`${TEST_ORIGIN}/scout/documents/?page=1`);
    const p3 = (await scout("GET", "/documents/?page=3")).body;
    expect(p3).toMatchObject({ next_url: null, page: 3 });
    expect(p3.documents).toHaveLength(5);
    const beyond = (await scout("GET", "/documents/?page=9")).body;
    expect(beyond).toMatchObject({ page: 9, pages: 3, documents: [], next_url: null });
    for (const junk of ["abc", "0", "-1", ""])
      expect((await scout("GET", `/documents/?page=${junk}`)).body.page).toBe(1);
    expect((await scout("GET", "/documents/?page=99999999999999999999")).status).toBe(200);

    const searched = (await scout("GET", "/idx/?q=document&color=red")).body;
    const next = new URL(searched.next_url as string);
    expect(next.pathname).toBe("/scout/idx/");
    expect(Object.fromEntries(next.searchParams)).toEqual({
      q: "document",
      color: "red",
      page: "2",
    });

    for (let i = 0; i < 12; i++) await index(`idx-${String(i).padStart(2, "0")}`);
    const indexes = (await scout("GET", "/?ordering=-name")).body;
    expect(indexes).toMatchObject({
      pages: 2,
      next_url: `${TEST_ORIGIN}/scout/?ordering=-name&page=2`,
    });
  });

  test("simple mode: anything typed is valid; last word prefix-matched; quotes honoured", async () => {
    await corpus();
    const q = async (query: string, extra = "") => {
      const r = await scout("GET", `/default/?mode=simple&q=${encodeURIComponent(query)}${extra}`);
      expect(r.status, query).toBe(200);
      return r.body as { documents: { content: string }[]; filtered_count: number };
    };
    expect(contents(await q("belie"))).toEqual([CORPUS[3], CORPUS[0]]);
    // Any word may match; documents with every word come first ("has", "heart").
    const any = await q("faith ha");
    expect(any.filtered_count).toBe(5);
    expect(contents(any).slice(0, 2).sort()).toEqual([CORPUS[1], CORPUS[4]].sort());
    expect((await q("faith ha", "&matching=all")).filtered_count).toBe(2);
    expect((await q('"small things"')).filtered_count).toBe(1);
    expect((await q('"things small"')).filtered_count).toBe(0);
    for (const hostile of [
      '"unbalanced',
      "NEAR(",
      "AND OR NOT",
      "*",
      "-",
      "^",
      "content:faith",
      "foo AND OR bar",
      "()",
      "🎉",
      "\u0000",
    ]) {
      await q(hostile);
    }
    // NOT is a word here, not an operator
    expect((await q("faith NOT man", "&matching=all")).filtered_count).toBe(0);
    expect((await q("faith NOT man")).filtered_count).toBe(5);
    expect((await scout("GET", "/default/?mode=simple&q=x&matching=some")).status).toBe(400);
    expect((await scout("GET", "/default/?mode=fuzzy&q=x")).status).toBe(400);
  });

  test("highlight=1 adds escaped highlight and snippet; tags, crop and ellipsis configurable", async () => {
    await index("idx");
    await doc(
      "<b>Faith</b> & hope: a long text about faith, hope and many other words that go on and on",
      "idx",
    );
    const r = await scout("GET", "/idx/?q=faith&highlight=1&highlight_crop=5");
    const d = r.body.documents[0];
    expect(d.highlight).toBe(
      "&lt;b&gt;<mark>Faith</mark>&lt;/b&gt; &amp; hope: a long text about <mark>faith</mark>, hope and many other words that go on and on",
    );
    expect(d.snippet).toMatch(/<mark>Faith<\/mark>.*…$/);
    const custom = await scout(
      "GET",
      "/idx/?q=hope&highlight=true&highlight_start=[&highlight_end=]&highlight_ellipsis=...&highlight_crop=3",
    );
    expect(custom.body.documents[0].snippet).toContain("[hope]");
    expect(custom.body.documents[0].snippet).toMatch(/\.\.\.$/);
    const plain = await scout("GET", "/idx/?q=faith");
    expect(plain.body.documents[0]).not.toHaveProperty("highlight");
    const all = await scout("GET", "/idx/?highlight=1&highlight_crop=2");
    expect(all.body.documents[0].snippet).toBe("&lt;b&gt;Faith&lt;/b&gt; &amp;…");
    expect((await scout("GET", "/idx/?q=faith&highlight=1&highlight_crop=0")).status).toBe(400);
    // not filters
    expect(r.body.filters).toEqual({});
  });
});

describe("titles", () => {
  test("a document may carry a title: stored, returned when set, cleared by null, searched and highlighted", async () => {
    await index("papers");
    const created = await doc("the lift of a wing in a propeller slipstream", "papers", {
      title: "Wings in slipstreams",
      identifier: "p1",
    });
    expect(created).toMatchObject({ title: "Wings in slipstreams" });
    const plain = await doc("a slipstream study without a title", "papers");
    expect(plain).not.toHaveProperty("title"); // Scout's shape when there is no title
    const found = await scout("GET", "/papers/?mode=simple&q=wings&highlight=1");
    expect(found.body.documents[0]).toMatchObject({
      identifier: "p1",
      title_highlight: "<mark>Wings</mark> in slipstreams",
      highlight: "the lift of a <mark>wing</mark> in a propeller slipstream",
    });
    // The default ranking weighs the title: the titled document outranks an equal body match.
    await doc("wings wings", "papers", { identifier: "p3" });
    const ranked = await scout("GET", "/papers/?mode=simple&q=slipstream");
    expect(ranked.body.documents[0].identifier).toBe("p1");
    expect(ranked.body.ranking).toBe("default");
    expect((await scout("GET", "/papers/?q=title:wings")).body.documents).toHaveLength(1);
    // Update: absent keeps it, null clears it; a number is not a title.
    const kept = await scout("PUT", "/documents/p1/", { json: { content: "changed" } });
    expect(kept.body.title).toBe("Wings in slipstreams");
    const cleared = await scout("PUT", "/documents/p1/", { json: { title: null } });
    expect(cleared.body).not.toHaveProperty("title");
    const bad = await scout("POST", "/documents/", {
      json: { content: "x", index: "papers", title: {} },
    });
    expect(bad).toMatchObject({ status: 400, body: { error: '"title" must be a string.' } });
  });
});

describe("bulk import", () => {
  const ndjson = (docs: unknown[]) => docs.map((d) => JSON.stringify(d)).join("\n");

  test("POST /:index/bulk/ takes NDJSON or a JSON array, upserts by identifier, answers exact counts", async () => {
    await index("papers");
    const docs = Array.from({ length: 120 }, (_, i) => ({
      identifier: `p${i}`,
      title: `Paper ${i}`,
      content: `wings and flaps, paper ${i}`,
      metadata: { n: i },
    }));
    const first = await scout("POST", "/papers/bulk/", {
      body: `${ndjson(docs)}\nnot json\n{"content": ""}\n`,
      contentType: "application/x-ndjson",
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      index: "papers",
      read: 122,
      created: 120,
      updated: 0,
      failed: 2,
      document_count: 120,
      errors: [
        { item: 121, error: "Line 121: invalid JSON." },
        { item: 122, error: "Missing required fields: content" },
      ],
    });
    const again = await scout("POST", "/papers/bulk/", {
      json: [{ identifier: "p0", content: "replaced" }, { content: "new one" }],
    });
    expect(again.body).toMatchObject({ created: 1, updated: 1, failed: 0, document_count: 121 });
    const doc = await scout("GET", "/documents/p0/");
    expect(doc.body).toMatchObject({ content: "replaced", indexes: ["papers"] });
    expect(doc.body).not.toHaveProperty("title");
    expect((await scout("GET", "/papers/")).body.document_count).toBe(121);
    expect((await scout("GET", "/papers/?mode=simple&q=flaps")).body.filtered_count).toBe(119);
  });

  test("unknown index is a 404 unless ?create=1; multipart and oversize bodies are refused", async () => {
    const missing = await scout("POST", "/nope/bulk/", { body: '{"content":"x"}' });
    expect(missing.status).toBe(404);
    const created = await scout("POST", "/fresh/bulk/?create=1", { body: '{"content":"x"}' });
    expect(created.body).toMatchObject({ index: "fresh", created: 1, document_count: 1 });
    expect((await scout("POST", "/fresh/bulk/", { form: { data: "{}" } })).status).toBe(400);
    expect((await scout("GET", "/fresh/bulk/")).status).toBe(405);
    const small = scoutClient(t, { prefix: "/scout", limits: { bulk: 64 } });
    const big = await small("POST", "/fresh/bulk/", {
      body: ndjson(Array.from({ length: 10 }, (_, i) => ({ content: `document number ${i}` }))),
    });
    expect(big.status).toBe(413);
    expect(big.body.errors.at(-1).error).toMatch(/passed the 64-byte limit/);
    expect(big.body.created).toBeLessThan(10);
  });

  test("with Accept: application/x-ndjson the answer streams progress lines, then the result", async () => {
    await index("stream");
    const docs = Array.from({ length: 3000 }, (_, i) => ({ content: `streamed ${i}` }));
    const r = await scout("POST", "/stream/bulk/", {
      body: ndjson(docs),
      headers: { accept: "application/x-ndjson" },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = new TextDecoder()
      .decode(r.bytes)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ created: 3000, failed: 0, document_count: 3000 });
    for (const line of lines.slice(0, -1)) expect(line.progress.read).toBeGreaterThan(0);
  });
});

describe("typed metadata, facets, sorting", () => {
  async function papers() {
    await index("papers");
    const rows = [
      ["wings in flow", { topic: "wings", year: 1999, published: "1999-03-01", open: true }],
      ["flow over plates", { topic: "flow", year: 2010, published: "2010-06-15", open: false }],
      ["wings and heat", { topic: "wings", year: 9, published: "2011-01-01", open: true }],
      ["heat flow", { topic: "heat", year: "n/a" }],
    ] as const;
    for (const [content, metadata] of rows) await doc(content, "papers", { metadata });
  }

  test("facets=topic,year: value counts over the whole result, not the page; numeric range; facet_limit", async () => {
    await papers();
    const r = await scout("GET", "/papers/?q=flow&mode=simple&facets=topic,year&facet_limit=2");
    expect(r.status).toBe(200);
    expect(r.body.filtered_count).toBe(3);
    expect(r.body.facets).toEqual({
      topic: {
        values: [
          { value: "flow", count: 1 },
          { value: "heat", count: 1 },
        ],
        documents: 3,
        distinct: 3,
        min: null,
        max: null,
        declared: null,
      },
      year: {
        values: [
          { value: "1999", count: 1 },
          { value: "2010", count: 1 },
        ],
        documents: 3,
        distinct: 3,
        min: 1999,
        max: 2010,
        declared: null,
      },
    });
    // Filters narrow facets too; without facets the key is absent (Scout's shape).
    const filtered = await scout("GET", "/papers/?facets=topic&year__ge=1000");
    expect(filtered.body.facets.topic.documents).toBe(2);
    expect(await scout("GET", "/papers/")).not.toHaveProperty("body.facets");
    expect((await scout("GET", "/papers/?facets=a&facet_limit=0")).status).toBe(400);
  });

  test("ordering=metadata.year sorts by value (numbers as numbers, missing last); dates and booleans filter typed", async () => {
    await papers();
    const years = async (ordering: string) =>
      (await scout("GET", `/papers/?ordering=${ordering}`)).body.documents.map(
        (d: any) => d.metadata.year,
      );
    expect(await years("metadata.year")).toEqual(["9", "1999", "2010", "n/a"]);
    expect(await years("-metadata.year")).toEqual(["2010", "1999", "9", "n/a"]);
    const recent = await scout("GET", "/papers/?published__ge=2010-01-01");
    expect(recent.body.documents.map((d: any) => d.metadata.year)).toEqual(["2010", "9"]);
    const open = await scout("GET", "/papers/?open=true");
    expect(open.body.filtered_count).toBe(2); // stored as Scout writes booleans: "True"
  });

  test("/:index/fields/: declared types change how a key is filtered and sorted; bad values are 400s", async () => {
    await papers();
    const fields = await scout("GET", "/papers/fields/");
    expect(fields.body).toEqual({
      declared: {},
      inferred: {
        open: { boolean: 3 },
        published: { date: 3 },
        topic: { string: 4 },
        year: { number: 3, string: 1 },
      },
    });
    const set = await scout("PUT", "/papers/fields/", { json: { fields: { year: "string" } } });
    expect(set.body.declared).toEqual({ year: "string" });
    // As text, "9" sorts after "2010".
    const byText = await scout("GET", "/papers/?ordering=metadata.year");
    expect(byText.body.documents.map((d: any) => d.metadata.year)).toEqual([
      "1999",
      "2010",
      "9",
      "n/a",
    ]);
    await scout("POST", "/papers/fields/", { json: { fields: { year: "number" } } });
    const bad = await scout("GET", "/papers/?year__gt=abc");
    expect(bad).toMatchObject({
      status: 400,
      body: { error: '"year" is a number in this index: "abc" is not a number.' },
    });
    const facet = await scout("GET", "/papers/?facets=year");
    expect(facet.body.facets.year).toMatchObject({ documents: 3, declared: "number" });
    expect(
      (await scout("PUT", "/papers/fields/", { json: { fields: { year: "int" } } })).status,
    ).toBe(400);
    expect((await scout("PUT", "/papers/fields/", { json: { fields: [] } })).status).toBe(400);
    expect((await scout("GET", "/nope/fields/")).status).toBe(404);
    const cleared = await scout("PUT", "/papers/fields/", { json: { fields: { year: null } } });
    expect(cleared.body.declared).toEqual({});
  });
});

describe("auth and limits", () => {
  test("with a master key every route needs it, as header or query parameter", async () => {
    const secured = scoutClient(t, { prefix: "/scout", masterKey: "s3cret-key" });
    for (const [method, path] of [
      ["GET", "/"],
      ["GET", "/documents/"],
      ["POST", "/"],
      ["GET", "/attachments/"],
      ["GET", "/nope/"],
      ["DELETE", "/documents/1/"],
    ] as const) {
      const r = await secured(method, path);
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: "Invalid API key" });
    }
    expect((await secured("GET", "/?key=wrong")).status).toBe(401);
    expect((await secured("GET", "/", { headers: { key: "s3cret-key-x" } })).status).toBe(401);
    expect((await secured("GET", "/?key=s3cret-key")).status).toBe(200);
    expect(
      (await secured("POST", "/", { json: { name: "x" }, headers: { key: "s3cret-key" } })).status,
    ).toBe(200);
    // the key parameter is not a metadata filter
    expect((await secured("GET", "/x/?key=s3cret-key")).body.filters).toEqual({});
  });

  test("oversize bodies are 413, by Content-Length or by counting", async () => {
    const small = scoutClient(t, { prefix: "/scout", limits: { json: 1000, multipart: 2000 } });
    const big = "x".repeat(5000);
    const r = await small("POST", "/", { json: { name: big } });
    expect(r.status).toBe(413);
    expect(r.body.error).toMatch(/too large/);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode("x".repeat(500)));
        controller.close();
      },
    });
    const chunked = await small("POST", "/", {
      body: stream,
      contentType: "application/json",
    });
    expect(chunked.status).toBe(413);
    expect(
      (await small("POST", "/", { form: { data: "{}", files: [["a.bin", new Uint8Array(3000)]] } }))
        .status,
    ).toBe(413);
  });
});
