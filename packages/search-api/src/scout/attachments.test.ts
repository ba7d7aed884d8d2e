import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterEach, beforeEach, expect, test } from "vitest";

import { sanitizeFilename } from "../attachments";
import { guessMimetype } from "../mimetypes";
import { scoutClient } from "./testing";

let t: ReturnType<typeof createTestSearchDatabase>;
let scout: ReturnType<typeof scoutClient>;

beforeEach(async () => {
  t = createTestSearchDatabase();
  scout = scoutClient(t, { prefix: "/scout", pageSize: 10 });
  await scout("POST", "/", { json: { name: "idx" } });
  await scout("POST", "/", { json: { name: "idx2" } });
});
afterEach(async () => {
  await t.cleanup();
});

const count = (table: string) =>
  t.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const text = (s: string) => new TextEncoder().encode(s);

async function docWithFiles(
  content: string,
  index: string,
  files: [string, string | Uint8Array][],
  extra: object = {},
) {
  const r = await scout("POST", "/documents/", {
    form: { data: JSON.stringify({ content, index, ...extra }), files },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { id: number; attachments: { filename: string }[] };
}

async function attach(ref: string | number, files: [string, string | Uint8Array][]) {
  const r = await scout("POST", `/documents/${ref}/attachments/`, { form: { data: "", files } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

test("create a document with files (multipart data + file parts); Scout's attachment shapes", async () => {
  const d = await docWithFiles(
    "doc a",
    "idx",
    [
      ["test1.txt", "testfile1"],
      ["test2.jpg", "testfile2"],
    ],
    {
      metadata: { k1: "v1-a" },
    },
  );
  expect(d).toMatchObject({ id: 1, content: "doc a", indexes: ["idx"], metadata: { k1: "v1-a" } });
  expect(d.attachments).toEqual([
    {
      filename: "test1.txt",
      mimetype: "text/plain",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      data_length: 9,
      data: "/scout/documents/1/attachments/test1.txt/download/",
    },
    {
      filename: "test2.jpg",
      mimetype: "image/jpeg",
      timestamp: expect.any(String),
      data_length: 9,
      data: "/scout/documents/1/attachments/test2.jpg/download/",
    },
  ]);
  const list = await scout("GET", "/documents/1/attachments/");
  expect(list.body).toEqual({
    attachments: [
      expect.objectContaining({
        filename: "test1.txt",
        document: "/scout/documents/1/",
        data_length: 9,
      }),
      expect.objectContaining({ filename: "test2.jpg", mimetype: "image/jpeg" }),
    ],
    ordering: [],
    page: 1,
    pages: 1,
    next_url: null,
    previous_url: null,
  });
  const detail = await scout("GET", "/documents/1/attachments/test2.jpg/");
  expect(detail.body).toEqual({
    filename: "test2.jpg",
    mimetype: "image/jpeg",
    timestamp: expect.any(String),
    data_length: 9,
    document: "/scout/documents/1/",
    data: "/scout/documents/1/attachments/test2.jpg/download/",
  });
});

test("download: raw bytes, stored mimetype, inline disposition, sandboxed; by id or identifier", async () => {
  const evil = new Uint8Array([
    13,
    10,
    ...text("--boundary\r\nContent-Disposition: bad\r\n\r\nfake"),
    0,
    255,
    254,
  ]);
  const d = await docWithFiles(
    "binary",
    "idx",
    [
      ["evil.bin", evil],
      ["page.html", "<script>alert(1)</script>"],
    ],
    { identifier: "evil-doc" },
  );
  for (const ref of [d.id, "evil-doc"]) {
    const r = await scout("GET", `/documents/${ref}/attachments/evil.bin/download/`);
    expect(r.status).toBe(200);
    expect(r.bytes).toEqual(evil);
    expect(r.headers.get("content-type")).toBe("application/octet-stream");
    expect(r.headers.get("content-disposition")).toBe("inline; filename=evil.bin");
    expect(r.headers.get("content-length")).toBe(String(evil.byteLength));
  }
  const html = await scout("GET", "/documents/evil-doc/attachments/page.html/download/");
  expect(html.headers.get("content-type")).toBe("text/html");
  expect(html.headers.get("content-security-policy")).toBe("sandbox");
  expect(html.headers.get("x-content-type-options")).toBe("nosniff");
  expect((await scout("GET", "/documents/evil-doc/attachments/nope.txt/download/")).status).toBe(
    404,
  );
  expect((await scout("GET", "/documents/9999/attachments/evil.bin/download/")).status).toBe(404);
});

test("blobs are stored once per distinct content (SHA-256), compressed; orphans go with their last attachment", async () => {
  const big = "all work and no play makes jack a dull boy ".repeat(500);
  const d1 = await docWithFiles("doc1", "idx", [
    ["a.txt", big],
    ["only1.txt", "unique one"],
  ]);
  const d2 = await docWithFiles("doc2", "idx", [["b.txt", big]]);
  expect(count("attachments")).toBe(3);
  expect(count("blobs")).toBe(2);
  const blob = t.sqlite
    .prepare("SELECT length(data) AS stored, size, hash FROM blobs WHERE size = ?")
    .get(big.length) as {
    stored: number;
    size: number;
    hash: string;
  };
  expect(blob.stored).toBeLessThan(big.length / 10);
  expect(blob.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(
    new TextDecoder().decode(
      (await scout("GET", `/documents/${d2.id}/attachments/b.txt/download/`)).bytes,
    ),
  ).toBe(big);

  expect((await scout("DELETE", `/documents/${d1.id}/attachments/a.txt/`)).body).toEqual({
    success: true,
  });
  expect(count("blobs")).toBe(2); // still used by doc2
  expect((await scout("DELETE", `/documents/${d1.id}/attachments/a.txt/`)).status).toBe(404);
  await scout("DELETE", `/documents/${d2.id}/attachments/b.txt/`);
  expect(count("blobs")).toBe(1);
  // Deleting the document takes its attachments and their now-orphaned blobs.
  await scout("DELETE", `/documents/${d1.id}/`);
  expect(count("attachments")).toBe(0);
  expect(count("blobs")).toBe(0);
});

test("document delete keeps blobs another document still uses", async () => {
  const d1 = await docWithFiles("doc1", "idx", [
    ["a.txt", "data-a"],
    ["b.txt", "data-b"],
    ["shared.txt", "shared"],
  ]);
  await docWithFiles("doc2", "idx", [["shared2.txt", "shared"]]);
  expect(count("blobs")).toBe(3);
  await scout("DELETE", `/documents/${d1.id}/`);
  expect(count("attachments")).toBe(1);
  expect(count("blobs")).toBe(1);
});

test("updating a document with files replaces same-named attachments and adds new ones", async () => {
  const d = await docWithFiles("test doc", "idx", [["foo.jpg", "empty"]], {
    metadata: { foo: "bar" },
  });
  const r = await scout("POST", `/documents/${d.id}/`, {
    form: {
      data: JSON.stringify({ content: "test doc-edited" }),
      files: [
        ["foo.jpg", "xx"],
        ["foo2.jpg", "yy"],
      ],
    },
  });
  expect(r.body).toMatchObject({ content: "test doc-edited", metadata: { foo: "bar" } });
  expect(r.body.attachments.map((a: { filename: string }) => a.filename)).toEqual([
    "foo.jpg",
    "foo2.jpg",
  ]);
  expect(count("attachments")).toBe(2);
  expect(count("blobs")).toBe(2); // "empty" is gone
  expect(
    new TextDecoder().decode(
      (await scout("GET", `/documents/${d.id}/attachments/foo.jpg/download/`)).bytes,
    ),
  ).toBe("xx");
});

test("attachment routes: attach, replace one file, errors for zero or two files, missing data field, keys", async () => {
  const d = await docWithFiles("doc", "idx", []);
  expect(d.attachments).toEqual([]);
  const added = await attach(d.id, [["hello.txt", "hello world"]]);
  expect(added.attachments).toHaveLength(1);
  expect(added.attachments[0]).toMatchObject({ filename: "hello.txt", data_length: 11 });

  const replaced = await scout("POST", `/documents/${d.id}/attachments/hello.txt/`, {
    form: { data: "{}", files: [["hello.txt", "updated"]] },
  });
  expect(replaced.body).toMatchObject({ filename: "hello.txt", data_length: 7 });
  const put = await scout("PUT", `/documents/${d.id}/attachments/hello.txt/`, {
    form: { data: "", files: [["hello.txt", "same"]] },
  });
  expect(put.status).toBe(200);
  expect(count("blobs")).toBe(1);

  const none = await scout("POST", `/documents/${d.id}/attachments/hello.txt/`, {
    form: { data: "{}" },
  });
  expect(none.body).toEqual({ error: "No file attachment found." });
  const two = await scout("POST", `/documents/${d.id}/attachments/hello.txt/`, {
    form: {
      data: "{}",
      files: [
        ["a.txt", "a"],
        ["b.txt", "b"],
      ],
    },
  });
  expect(two.body).toEqual({ error: "Only one attachment permitted when performing update." });
  expect(
    (await scout("POST", `/documents/${d.id}/attachments/`, { form: { data: "{}" } })).body,
  ).toEqual({ error: "No file attachments found." });
  expect(
    (await scout("POST", `/documents/${d.id}/attachments/`, { form: { files: [["a.txt", "a"]] } }))
      .body,
  ).toEqual({
    error: 'Missing correct content-type or missing "data" field.',
  });
  expect(
    (
      await scout("POST", `/documents/${d.id}/attachments/`, {
        form: { data: '{"x":1}', files: [["a.txt", "a"]] },
      })
    ).body,
  ).toEqual({
    error: "Invalid keys: x",
  });
  expect(
    (
      await scout("POST", `/documents/${d.id}/attachments/`, {
        form: { data: "{oops", files: [["a.txt", "a"]] },
      })
    ).body,
  ).toEqual({
    error: "Unable to parse JSON data from request.",
  });
  expect((await scout("POST", `/documents/${d.id}/attachments/`, { json: {} })).body).toEqual({
    error: "No file attachments found.",
  });
  expect((await scout("GET", `/documents/${d.id}/attachments/nope.txt/`)).status).toBe(404);
  expect((await scout("GET", "/documents/9999/attachments/anything/")).status).toBe(404);
  expect(
    (
      await scout("POST", "/documents/9999/attachments/", {
        form: { data: "", files: [["a.txt", "a"]] },
      })
    ).status,
  ).toBe(404);
  expect(
    (
      await scout("POST", `/documents/${d.id}/attachments/`, {
        body: "--x\r\nbroken",
        contentType: "multipart/form-data; boundary=x",
      })
    ).status,
  ).toBe(400);
  expect(
    new TextDecoder().decode(
      (await scout("GET", `/documents/${d.id}/attachments/hello.txt/download/`)).bytes,
    ),
  ).toBe("same");
});

test("a Python-client style multipart body (quoted boundary, data part first) is accepted", async () => {
  const boundary = "===============1234567890==";
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\n{"content": "py doc", "indexes": ["idx"], "identifier": null, "metadata": {}}` +
    `\r\n--${boundary}\r\nContent-Disposition: form-data; name="file_0"; filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\nsome notes` +
    `\r\n--${boundary}--\r\n`;
  const r = await scout("POST", "/documents/", {
    body,
    contentType: `multipart/form-data; boundary="${boundary}"`,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.attachments[0]).toMatchObject({ filename: "notes.txt", data_length: 10 });
});

test("filenames are sanitized on upload (werkzeug's rule); the safe name is the one to use", async () => {
  expect(sanitizeFilename("../../etc/passwd")).toBe("etc_passwd");
  expect(sanitizeFilename("My résumé.pdf")).toBe("My_resume.pdf");
  expect(sanitizeFilename("C:\\Users\\me\\file.txt")).toBe("C_Users_me_file.txt");
  expect(sanitizeFilename("...")).toBe("unnamed");
  expect(sanitizeFilename("")).toBe("unnamed");
  expect(sanitizeFilename("日本語")).toBe("unnamed");
  expect(sanitizeFilename("a\u0000b<>|?*.txt")).toBe("ab.txt");
  expect(sanitizeFilename(`${"x".repeat(400)}.pdf`)).toMatch(/^x{251}\.pdf$/);
  expect(guessMimetype("x.PDF")).toBe("application/pdf");
  expect(guessMimetype("noext")).toBe("text/plain");

  const d = await docWithFiles("doc", "idx", [
    ["../../etc/passwd", "root"],
    ["🎉", "anon"],
  ]);
  expect(d.attachments.map((a) => a.filename)).toEqual(["etc_passwd", "unnamed"]);
  expect((await scout("GET", `/documents/${d.id}/attachments/etc_passwd/download/`)).status).toBe(
    200,
  );
  expect(
    (await scout("GET", `/documents/${d.id}/attachments/..%2F..%2Fetc%2Fpasswd/`)).status,
  ).toBe(404);
});

test("global /attachments/: filter by index (repeatable), filename, mimetype; ordering; pagination", async () => {
  const empty = await scout("GET", "/attachments/");
  expect(empty.body).toMatchObject({ attachments: [], page: 1, pages: 0 });
  await docWithFiles("doc", "idx", [
    ["photo.jpg", "jpeg"],
    ["notes.txt", "text"],
    ["logo.png", "png"],
  ]);
  await docWithFiles("doc", "idx2", [
    ["d2.jpg", "jpeg2"],
    ["notes.txt", "text2"],
  ]);
  const names = async (qs: string) =>
    (await scout("GET", `/attachments/?${qs}`)).body.attachments.map(
      (a: { filename: string }) => a.filename,
    );
  expect(await names("")).toEqual(["d2.jpg", "logo.png", "notes.txt", "notes.txt", "photo.jpg"]);
  expect((await names("mimetype=image/jpeg")).sort()).toEqual(["d2.jpg", "photo.jpg"]);
  expect(await names("filename=notes.txt")).toHaveLength(2);
  expect((await names("index=idx2")).sort()).toEqual(["d2.jpg", "notes.txt"]);
  expect(await names("index=idx&index=idx2")).toHaveLength(5);
  expect(await names("index=nope")).toEqual([]);
  expect(await names("index=idx&ordering=-filename")).toEqual([
    "photo.jpg",
    "notes.txt",
    "logo.png",
  ]);
  expect((await scout("GET", "/attachments/?ordering=hash")).status).toBe(400);

  const d = await docWithFiles(
    "many",
    "idx",
    Array.from(
      { length: 15 },
      (_, i) => [`file_${String(i).padStart(2, "0")}.txt`, "data"] as [string, string],
    ),
  );
  const page = await scout("GET", `/documents/${d.id}/attachments/?ordering=-filename`);
  expect(page.body).toMatchObject({ pages: 2, ordering: ["-filename"] });
  expect(page.body.attachments[0].filename).toBe("file_14.txt");
  expect(page.body.next_url).toMatch(
    /\/scout\/documents\/\d+\/attachments\/\?ordering=-filename&page=2$/,
  );
  expect((await scout("GET", `/documents/${d.id}/attachments/?ordering=nope`)).status).toBe(400);
  expect(count("blobs")).toBe(6);
});
