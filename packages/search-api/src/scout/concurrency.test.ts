import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";

import { scoutClient } from "./testing";

let t: ReturnType<typeof createTestSearchDatabase>;
let scout: ReturnType<typeof scoutClient>;

beforeAll(async () => {
  t = createTestSearchDatabase();
  scout = scoutClient(t, { prefix: "/scout", pageSize: 100 });
  for (const name of ["even", "odd"])
    expect((await scout("POST", "/", { json: { name } })).status).toBe(200);
});
afterAll(() => t.cleanup());

const WRITERS = 6;
const ROUNDS = 60;
const READERS = 12;
const SLOTS = 5; // identifiers per writer, so writers keep rewriting the same documents

/**
 * Every write makes one document self-consistent in four places: the version
 * appears in its content, in its metadata, in which index it is in, and in
 * the size of its attachment. A reader that ever saw a half-written
 * document would find them disagreeing.
 */
function expectWhole(doc: {
  content: string;
  metadata: Record<string, string>;
  indexes: string[];
  attachments: { filename: string; data_length: number }[];
}) {
  const version = /version (\d+)/.exec(doc.content)?.[1];
  expect(version, doc.content).toBeDefined();
  expect(doc.metadata.version).toBe(version);
  expect(doc.metadata.parity).toBe(Number(version) % 2 === 0 ? "even" : "odd");
  expect(doc.indexes).toEqual([doc.metadata.parity]);
  expect(doc.attachments.map((a) => [a.filename, a.data_length])).toEqual([
    ["state.txt", `v${version}`.length],
  ]);
}

test("several writers and many readers at once: no errors, every document read whole", async () => {
  let writes = 0;
  let reads = 0;
  let done = false;

  const writer = async (w: number) => {
    for (let round = 0; round < ROUNDS; round++) {
      const identifier = `w${w}-s${round % SLOTS}`;
      const version = w * 10_000 + round;
      const parity = version % 2 === 0 ? "even" : "odd";
      const op = round % 7;
      let r;
      if (op === 6) {
        r = await scout("DELETE", `/documents/${identifier}/`);
        expect([200, 404]).toContain(r.status);
      } else {
        // create-or-update by identifier, metadata, index and attachment in one request
        r = await scout("POST", "/documents/", {
          form: {
            data: JSON.stringify({
              content: `document ${identifier} version ${version}`,
              identifier,
              index: parity,
              metadata: { version, parity },
            }),
            files: [["state.txt", `v${version}`]],
          },
        });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expectWhole(r.body);
      }
      writes++;
    }
  };

  const reader = async (n: number) => {
    while (!done) {
      const kind = (reads + n) % 5;
      if (kind === 0) {
        const r = await scout("GET", "/documents/?q=document&ranking=bm25");
        expect(r.status).toBe(200);
        for (const doc of r.body.documents) expectWhole(doc);
      } else if (kind === 1) {
        const r = await scout("GET", `/${n % 2 ? "odd" : "even"}/?q=version&highlight=1`);
        expect(r.status).toBe(200);
        for (const doc of r.body.documents) {
          expectWhole(doc);
          expect(doc.indexes).toEqual([n % 2 ? "odd" : "even"]);
        }
      } else if (kind === 2) {
        const r = await scout("GET", `/documents/w${n % WRITERS}-s${reads % SLOTS}/`);
        expect([200, 404]).toContain(r.status);
        if (r.status === 200) expectWhole(r.body);
      } else if (kind === 3) {
        // An any-query of several words over every document: scored phrase by
        // phrase from scores cached until the index changes (term-scores.ts).
        const r = await scout("GET", `/documents/?mode=simple&q=w${n % WRITERS}+document+version+`);
        expect(r.status).toBe(200);
        expect(r.body.filtered_count).toBe(r.body.documents.length); // one page holds them all
        for (const doc of r.body.documents) expectWhole(doc);
      } else {
        const r = await scout("GET", "/documents/?parity=odd&version__ge=0&mode=simple&q=docu");
        expect(r.status).toBe(200);
        for (const doc of r.body.documents) {
          expectWhole(doc);
          expect(doc.metadata.parity).toBe("odd");
        }
      }
      reads++;
      // Let writers' batches commit between reads.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  const writers = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w))).finally(() => {
    done = true;
  });
  await Promise.all([writers, ...Array.from({ length: READERS }, (_, n) => reader(n))]);

  expect(writes).toBe(WRITERS * ROUNDS);
  expect(reads).toBeGreaterThan(READERS);
  expect(t.writer.metrics().failedBatches).toBe(0);
  // Group commit actually grouped: fewer transactions than writes.
  expect(t.writer.metrics().batches).toBeLessThan(writes);
  expect(t.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
  expect(
    t.sqlite
      .prepare("SELECT count(*) FROM blobs WHERE hash NOT IN (SELECT hash FROM attachments)")
      .pluck()
      .get(),
  ).toBe(0);
  const final = await scout("GET", "/documents/");
  for (const doc of final.body.documents) expectWhole(doc);
}, 120_000);
