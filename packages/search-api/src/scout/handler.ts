import { timingSafeEqual } from "node:crypto";

import {
  countDocuments,
  countDocumentsInIndexes,
  findIndexesByNames,
  readSnapshot,
} from "@quire/search-db";
import type {
  AttachmentOrderKey,
  IndexOrderKey,
  MetadataType,
  SearchDatabase,
} from "@quire/search-db";

import {
  attachFiles,
  detachFile,
  downloadAttachment,
  getAttachment,
  listDocumentAttachments,
  prepareFiles,
  replaceAttachment,
  searchAttachments,
} from "../attachments";
import {
  createDocument,
  deleteDocument,
  getDocument,
  mergeDocumentMetadata,
  updateDocument,
} from "../documents";
import type { MetadataInput, DocumentChanges } from "../documents";
import { authenticateKey, hasApiKeys } from "../api-keys";
import type { KeyAccess } from "../api-keys";
import { importDocuments, ImportParseError } from "../bulk";
import type { ImportResult } from "../bulk";
import { badRequest, notFound, ScoutError, sqliteCode } from "../errors";
import { formatOfContentType, parseImport } from "../import-stream";
import { getIndexSettings, updateIndexSettings } from "../settings";
import {
  checkIndexCount,
  createIndex,
  deleteIndex,
  getIndexByName,
  getIndexFields,
  listIndexPage,
  renameIndex,
  updateIndexFields,
} from "../indexes";
import { parseMetadataFilters } from "../search/filters";
import { MATCHINGS, SEARCH_MODES } from "../search/query";
import type { Matching, SearchMode } from "../search/query";
import { DEFAULT_HIGHLIGHT, MAX_ORDERING, RANKINGS, runSearch } from "../search/search";
import type { HighlightSettings, Ranking } from "../search/search";
import { enforceKeyAccess, importItemGuard } from "./access";
import { checkFields, DEFAULT_BODY_LIMITS, readScoutBody } from "./body";
import type { BodyLimits, ScoutBody } from "./body";
import { scoutUrls, serializeAttachment, serializeDocument, serializeIndex } from "./serialize";
import type { ScoutUrls } from "./serialize";

export interface ScoutOptions {
  /** When set, every request must carry it as header `key` or query `?key=`. */
  masterKey?: string | null;
  /** URL path the API is mounted under, e.g. `/scout` (Scout's `--url-prefix`). */
  prefix?: string;
  /** Results per page (Scout's `PAGINATE_BY`, default 50). */
  pageSize?: number;
  limits?: Partial<BodyLimits>;
}

interface Context {
  quire: SearchDatabase;
  request: Request;
  url: URL;
  params: URLSearchParams;
  urls: ScoutUrls;
  pageSize: number;
  limits: BodyLimits;
  /** The indexes an API key is limited to (scout/access.ts checks the rest); null: any. */
  keyIndexes: string[] | null;
  /** Read once: the key check may need it before the route. */
  parsedBody?: Promise<ScoutBody>;
}

const JSON_HEADERS = { "content-type": "application/json", "cache-control": "no-store" };

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

const success = () => json({ success: true });

function sameKey(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Scout's `page`: digits, at least 1; anything else is page 1. */
function parsePage(value: string | null): number {
  if (value === null || !/^\d+$/.test(value)) return 1;
  return Math.max(1, Math.min(Number(value), 1e12));
}

/** The same request URL on another page (absolute, other parameters kept), as Scout's next_url/previous_url. */
function pageUrl(ctx: Context, page: number): string {
  const url = new URL(ctx.url);
  url.searchParams.set("page", String(page));
  return url.toString();
}

function pagination(ctx: Context, page: number, pages: number) {
  return {
    page,
    pages,
    next_url: page < pages ? pageUrl(ctx, page + 1) : null,
    previous_url: page > 1 ? pageUrl(ctx, page - 1) : null,
  };
}

function parseOrdering<K extends string>(
  values: readonly string[],
  allowed: readonly K[],
): { key: K; desc: boolean }[] {
  if (values.length > MAX_ORDERING)
    throw badRequest(`Too many ordering values (at most ${MAX_ORDERING}).`);
  return values.map((raw) => {
    const value = raw.trim();
    const name = value.replace(/^-+/, "");
    if (!(allowed as readonly string[]).includes(name))
      throw badRequest(`Unrecognized ordering: "${name}"`);
    return { key: name as K, desc: value.startsWith("-") };
  });
}

function asText(value: unknown, field: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw badRequest(`"${field}" must be a string.`);
}

/** A text field that may be cleared: null or "" mean none. */
function optionalText(value: unknown, field: string): string | null {
  return value === null || value === undefined || value === "" ? null : asText(value, field);
}

// Python truthiness, which Scout's checks rely on.
const truthy = (v: unknown) =>
  !(
    v === null ||
    v === undefined ||
    v === false ||
    v === 0 ||
    v === "" ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0)
  );

function indexList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => asText(v, "indexes"));
}

/**
 * Scout's `validate_indexes`: `index` (one name) or `indexes` (a list).
 * Undefined when neither is given; on update an empty one clears the links.
 */
function indexNames(data: Record<string, unknown>, required: boolean): string[] | undefined {
  if (truthy(data.index)) return indexList(data.index);
  if (truthy(data.indexes)) return indexList(data.indexes);
  const hasKey = Object.hasOwn(data, "index") || Object.hasOwn(data, "indexes");
  return hasKey && !required ? [] : undefined;
}

function metadataObject(value: unknown): MetadataInput | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object" || Array.isArray(value))
    throw badRequest("Metadata must be a JSON object.");
  return value as MetadataInput;
}

async function body(ctx: Context): Promise<ScoutBody> {
  return (ctx.parsedBody ??= readScoutBody(ctx.request, ctx.limits));
}

function highlightSettings(params: URLSearchParams): HighlightSettings | null {
  const flag = (params.get("highlight") ?? "").toLowerCase();
  if (!["1", "true", "yes", "on"].includes(flag)) return null;
  const text = (name: string, fallback: string) => {
    const value = params.get(name) ?? fallback;
    if (value.length > 100) throw badRequest(`"${name}" is too long (at most 100 characters).`);
    return value;
  };
  const cropText = params.get("highlight_crop");
  let crop = DEFAULT_HIGHLIGHT.crop;
  if (cropText !== null) {
    if (!/^\d{1,3}$/.test(cropText) || Number(cropText) < 1 || Number(cropText) > 64) {
      throw badRequest('"highlight_crop" must be a number of tokens from 1 to 64.');
    }
    crop = Number(cropText);
  }
  return {
    start: text("highlight_start", DEFAULT_HIGHLIGHT.start),
    end: text("highlight_end", DEFAULT_HIGHLIGHT.end),
    ellipsis: text("highlight_ellipsis", DEFAULT_HIGHLIGHT.ellipsis),
    crop,
  };
}

/** Scout's `_search_response`, shared by `/:index/` and `/documents/`. */
function searchResponse(ctx: Context, indexIds: readonly number[] | null, documentCount: number) {
  const p = ctx.params;
  const mode = (p.get("mode") || "advanced") as SearchMode;
  if (!SEARCH_MODES.includes(mode)) {
    throw badRequest(`Unrecognized "mode" value. Valid options are ${SEARCH_MODES.join(", ")}`);
  }
  // Scout's default (plain bm25) for its own syntax; the ranking rules for simple mode.
  const ranking = (p.get("ranking") || (mode === "advanced" ? "bm25" : "default")) as Ranking;
  if (!RANKINGS.includes(ranking)) {
    throw badRequest(`Unrecognized "ranking" value. Valid options are ${RANKINGS.join(", ")}`);
  }
  const matching = (p.get("matching") || "any") as Matching;
  if (!MATCHINGS.includes(matching)) {
    throw badRequest(`Unrecognized "matching" value. Valid options are ${MATCHINGS.join(", ")}`);
  }
  const typosText = (p.get("typos") ?? "").toLowerCase();
  if (!["", "0", "1", "true", "false"].includes(typosText)) {
    throw badRequest('Unrecognized "typos" value. Valid options are 0, 1');
  }
  const ordering = p.getAll("ordering");
  const { filters, echo } = parseMetadataFilters(p);
  // `facets=topic,year` (or repeated): value counts over the whole result.
  const facets = p
    .getAll("facets")
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  const facetLimitText = p.get("facet_limit");
  if (
    facetLimitText !== null &&
    (!/^\d{1,4}$/.test(facetLimitText) ||
      Number(facetLimitText) < 1 ||
      Number(facetLimitText) > 1000)
  ) {
    throw badRequest('"facet_limit" must be a number from 1 to 1000.');
  }
  const rawQ = p.get("q") ?? "";
  const q = rawQ.trim();
  const result = runSearch(ctx.quire, {
    q: rawQ,
    mode,
    ranking,
    matching,
    typos: typosText !== "0" && typosText !== "false",
    indexIds,
    filters,
    ordering,
    page: parsePage(p.get("page")),
    pageSize: ctx.pageSize,
    highlight: highlightSettings(p),
    facets,
    facetLimit: facetLimitText === null ? undefined : Number(facetLimitText),
  });
  return {
    document_count: documentCount,
    documents: result.documents.map((d) => serializeDocument(d, ctx.urls)),
    filtered_count: result.filteredCount,
    filters: echo,
    ordering,
    ...pagination(ctx, result.page, result.pages),
    ...(q ? { ranking, search_term: q } : {}),
    ...(result.facets ? { facets: result.facets } : {}),
  };
}

// ---- routes ----------------------------------------------------------------

async function indexListRoute(ctx: Context, method: string) {
  if (method === "GET") {
    const ordering = ctx.params.getAll("ordering");
    const page = parsePage(ctx.params.get("page"));
    const order = parseOrdering<IndexOrderKey>(ordering, ["name", "id", "document_count"]);
    const offset = (page - 1) * ctx.pageSize;
    let { rows, total } = listIndexPage(ctx.quire, {
      ordering: order,
      limit: ctx.keyIndexes ? 1e9 : ctx.pageSize,
      offset: ctx.keyIndexes ? 0 : offset,
    });
    if (ctx.keyIndexes) {
      // A key limited to indexes sees those alone (at most 100 names: paged here).
      const mine = new Set(ctx.keyIndexes);
      const visible = rows.filter((i) => mine.has(i.name));
      rows = visible.slice(offset, offset + ctx.pageSize);
      total = visible.length;
    }
    return json({
      indexes: rows.map((i) => serializeIndex(i, ctx.urls)),
      ordering,
      ...pagination(ctx, page, Math.ceil(total / ctx.pageSize)),
    });
  }
  const { data } = await body(ctx);
  checkFields(data, ["name"]);
  const index = await createIndex(ctx.quire, asText(data.name, "name"));
  return indexDetail(ctx, index.name);
}

function indexDetail(ctx: Context, name: string) {
  const index = getIndexByName(ctx.quire, name);
  return json({
    id: index.id,
    name: index.name,
    ...searchResponse(ctx, [index.id], index.documentCount),
  });
}

async function indexRoute(ctx: Context, method: string, name: string) {
  if (method === "GET") return indexDetail(ctx, name);
  if (method === "DELETE") {
    await deleteIndex(ctx.quire, name);
    return success();
  }
  getIndexByName(ctx.quire, name); // 404 before looking at the body, as Scout
  const { data } = await body(ctx);
  checkFields(data, ["name"]);
  const renamed = await renameIndex(ctx.quire, name, asText(data.name, "name"));
  return indexDetail(ctx, renamed.name);
}

async function documentListRoute(ctx: Context, method: string) {
  if (method === "GET") {
    const names = ctx.params.getAll("index"); // narrowed to a limited key's indexes by enforceKeyAccess
    checkIndexCount(names);
    const scope = readSnapshot(ctx.quire, (db) => {
      if (names.length === 0) return { indexIds: null, count: countDocuments(db) };
      const ids = findIndexesByNames(db, names).map((i) => i.id);
      return { indexIds: ids, count: countDocumentsInIndexes(db, ids) };
    });
    return json(searchResponse(ctx, scope.indexIds, scope.count));
  }
  const { data, files } = await body(ctx);
  checkFields(data, ["content"], ["identifier", "index", "indexes", "metadata", "title"]);
  const indexes = indexNames(data, true);
  if (indexes === undefined) throw badRequest('You must specify either an "index" or "indexes".');
  const prepared = await prepareFiles(files);
  const doc = await createDocument(
    ctx.quire,
    {
      content: asText(data.content, "content"),
      ...(Object.hasOwn(data, "title") ? { title: optionalText(data.title, "title") } : {}),
      indexes,
      identifier: truthy(data.identifier) ? asText(data.identifier, "identifier") : null,
      // Absent keeps an upserted document's metadata; null or {} clears it (Scout's update rule).
      metadata: Object.hasOwn(data, "metadata") ? metadataObject(data.metadata) : undefined,
    },
    prepared,
  );
  return json(serializeDocument(doc, ctx.urls));
}

async function documentRoute(ctx: Context, method: string, ref: string) {
  if (method === "GET") return json(serializeDocument(getDocument(ctx.quire, ref), ctx.urls));
  if (method === "DELETE") {
    await deleteDocument(ctx.quire, ref);
    return success();
  }
  getDocument(ctx.quire, ref); // 404 first
  const { data, files } = await body(ctx);
  checkFields(data, [], ["content", "identifier", "index", "indexes", "metadata", "title"]);
  const input: DocumentChanges = {};
  if (data.content !== undefined && data.content !== null)
    input.content = asText(data.content, "content");
  if (Object.hasOwn(data, "title")) input.title = optionalText(data.title, "title");
  if (Object.hasOwn(data, "identifier")) {
    input.identifier = truthy(data.identifier) ? asText(data.identifier, "identifier") : null;
  }
  const indexes = indexNames(data, false);
  if (indexes !== undefined) input.indexes = indexes;
  if (Object.hasOwn(data, "metadata")) input.metadata = metadataObject(data.metadata);
  const doc = await updateDocument(ctx.quire, ref, input, await prepareFiles(files));
  return json(serializeDocument(doc, ctx.urls));
}

async function metadataRoute(ctx: Context, ref: string) {
  getDocument(ctx.quire, ref);
  const { data } = await body(ctx);
  checkFields(data, ["metadata"]);
  const changes = metadataObject(data.metadata) ?? {};
  return json(serializeDocument(await mergeDocumentMetadata(ctx.quire, ref, changes), ctx.urls));
}

const DOCUMENT_ATTACHMENT_ORDER: AttachmentOrderKey[] = [
  "id",
  "document",
  "hash",
  "filename",
  "mimetype",
  "timestamp",
];
const GLOBAL_ATTACHMENT_ORDER: AttachmentOrderKey[] = ["filename", "mimetype", "timestamp", "id"];

async function attachmentListRoute(ctx: Context, method: string, ref: string) {
  if (method === "GET") {
    const ordering = ctx.params.getAll("ordering");
    const page = parsePage(ctx.params.get("page"));
    const { rows, total } = listDocumentAttachments(ctx.quire, ref, {
      ordering: parseOrdering(ordering, DOCUMENT_ATTACHMENT_ORDER),
      limit: ctx.pageSize,
      offset: (page - 1) * ctx.pageSize,
    });
    return json({
      attachments: rows.map((a) => serializeAttachment(a, ctx.urls)),
      ordering,
      ...pagination(ctx, page, Math.ceil(total / ctx.pageSize)),
    });
  }
  getDocument(ctx.quire, ref);
  const { data, files } = await body(ctx);
  checkFields(data, []);
  const attached = await attachFiles(ctx.quire, ref, files);
  return json({ attachments: attached.map((a) => serializeAttachment(a, ctx.urls)) });
}

async function attachmentRoute(ctx: Context, method: string, ref: string, filename: string) {
  if (method === "GET")
    return json(serializeAttachment(getAttachment(ctx.quire, ref, filename), ctx.urls));
  if (method === "DELETE") {
    await detachFile(ctx.quire, ref, filename);
    return success();
  }
  getAttachment(ctx.quire, ref, filename);
  const { data, files } = await body(ctx);
  checkFields(data, []);
  const replaced = await replaceAttachment(ctx.quire, ref, filename, files);
  return json(serializeAttachment(replaced, ctx.urls));
}

async function downloadRoute(ctx: Context, ref: string, filename: string) {
  const { attachment, bytes } = await downloadAttachment(ctx.quire, ref, filename);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": attachment.mimetype,
      "content-length": String(bytes.byteLength),
      "content-disposition": `inline; filename=${attachment.filename}`,
      // Uploaded HTML or SVG must not run script on this origin (where the admin session lives).
      "content-security-policy": "sandbox",
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    },
  });
}

function globalAttachmentsRoute(ctx: Context) {
  const p = ctx.params;
  const ordering = p.getAll("ordering");
  const page = parsePage(p.get("page"));
  const indexes = p.getAll("index");
  const { rows, total } = searchAttachments(
    ctx.quire,
    {
      indexes: indexes.length > 0 ? indexes : undefined,
      filename: p.get("filename") ?? undefined,
      mimetype: p.get("mimetype") ?? undefined,
    },
    {
      ordering: parseOrdering(ordering, GLOBAL_ATTACHMENT_ORDER),
      limit: ctx.pageSize,
      offset: (page - 1) * ctx.pageSize,
    },
  );
  return json({
    attachments: rows.map((a) => serializeAttachment(a, ctx.urls)),
    ordering,
    ...pagination(ctx, page, Math.ceil(total / ctx.pageSize)),
  });
}

/** Scout-style (snake_case) import result. */
function serializeImport(result: ImportResult) {
  return {
    index: result.index,
    read: result.read,
    created: result.created,
    updated: result.updated,
    failed: result.failed,
    document_count: result.documentCount,
    errors: result.errors,
  };
}

/**
 * `POST /:index/bulk/` (an extension of Scout's API): NDJSON or a JSON array
 * of `{ identifier?, title?, content, metadata? }`, streamed into the index
 * (created with `?create=1`, else it must exist). Answers the exact counts;
 * with `Accept: application/x-ndjson` (or `?progress=1`) it streams a progress
 * line at most every 250 ms, then the result line.
 */
async function bulkRoute(ctx: Context, name: string) {
  const create = ["1", "true", "yes"].includes((ctx.params.get("create") ?? "").toLowerCase());
  if (!create) getIndexByName(ctx.quire, name); // 404 before reading the body
  const contentType = ctx.request.headers.get("content-type") ?? "";
  if (contentType.toLowerCase().startsWith("multipart/")) {
    throw badRequest(
      "Send the documents as the body: NDJSON (application/x-ndjson) or a JSON array.",
    );
  }
  const declared = Number(ctx.request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > ctx.limits.bulk) {
    throw new ScoutError(413, `Request body is too large (limit ${ctx.limits.bulk} bytes).`);
  }
  let bytes = 0;
  let tooLarge = false;
  const guard = ctx.keyIndexes ? importItemGuard(ctx.quire, ctx.keyIndexes) : null;
  const source = ctx.request.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  async function* limited() {
    for await (const item of parseImport(
      source,
      formatOfContentType(contentType),
      (n) => (bytes += n),
    )) {
      if (bytes > ctx.limits.bulk) {
        tooLarge = true;
        yield new ImportParseError(
          `Stopped reading: the body passed the ${ctx.limits.bulk}-byte limit.`,
        );
        return;
      }
      const refused = guard && !(item instanceof ImportParseError) ? guard(item) : null;
      yield refused ? new ImportParseError(refused.message) : item;
    }
  }
  const streaming =
    ["1", "true"].includes(ctx.params.get("progress") ?? "") ||
    (ctx.request.headers.get("accept") ?? "").includes("application/x-ndjson");
  if (!streaming) {
    const result = await importDocuments(ctx.quire, name, limited(), { createIndex: create });
    return json(serializeImport(result), tooLarge ? 413 : 200);
  }
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (value: unknown) =>
        controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
      let last = 0;
      importDocuments(ctx.quire, name, limited(), {
        createIndex: create,
        onProgress: (p) => {
          const now = performance.now();
          if (now - last < 250) return;
          last = now;
          send({ progress: { ...p, bytes } });
        },
      })
        .then((result) => send(serializeImport(result)))
        .catch((error: unknown) => {
          if (!(error instanceof ScoutError)) console.error("Bulk import failed:", error);
          send({
            error:
              error instanceof ScoutError
                ? error.message
                : "The import stopped; the documents of the last progress line are in.",
          });
        })
        .finally(() => controller.close());
    },
  });
  return new Response(body, {
    status: 200,
    headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" },
  });
}

/**
 * `/:index/fields/` (an extension): GET the declared metadata types and the
 * inferred ones; POST/PUT `{"fields": {"year": "number", "old": null}}`
 * declares (null undeclares) types.
 */
async function fieldsRoute(ctx: Context, method: string, name: string) {
  if (method !== "GET") {
    getIndexByName(ctx.quire, name); // 404 first
    const { data } = await body(ctx);
    checkFields(data, ["fields"]);
    const fields = data.fields;
    if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
      throw badRequest('"fields" must be an object of key → type.');
    }
    await updateIndexFields(ctx.quire, name, fields as Record<string, MetadataType | null>);
  }
  return json(getIndexFields(ctx.quire, name));
}

/**
 * `/:index/settings/` (an extension): GET the index's search settings (as
 * stored and with defaults); POST/PUT `{"weights": {"title": 2, "content": 1},
 * "synonyms": {"car": ["automobile"]}, "stopWords": ["the"], "tokenizer":
 * "trigram"}` replaces the fields given (null: back to the default).
 */
async function settingsRoute(ctx: Context, method: string, name: string) {
  if (method === "GET") return json(getIndexSettings(ctx.quire, name));
  getIndexByName(ctx.quire, name); // 404 first
  const { data } = await body(ctx);
  checkFields(data, [], ["weights", "synonyms", "stopWords", "tokenizer"]);
  return json(await updateIndexSettings(ctx.quire, name, data));
}

// ---- dispatch --------------------------------------------------------------

type Route = { methods: string[]; run: (method: string) => Promise<Response> | Response };

function route(ctx: Context, segments: string[]): Route | undefined {
  const [a, b, c, d, e, ...rest] = segments;
  if (rest.length > 0) return undefined;
  if (a === undefined) return { methods: ["GET", "POST"], run: (m) => indexListRoute(ctx, m) };
  if (a === "attachments" && b === undefined)
    return { methods: ["GET"], run: () => globalAttachmentsRoute(ctx) };
  if (a === "documents") {
    if (b === undefined) return { methods: ["GET", "POST"], run: (m) => documentListRoute(ctx, m) };
    if (c === undefined)
      return { methods: ["GET", "POST", "PUT", "DELETE"], run: (m) => documentRoute(ctx, m, b) };
    if (c === "metadata" && d === undefined)
      return { methods: ["POST", "PUT"], run: () => metadataRoute(ctx, b) };
    if (c === "attachments") {
      if (d === undefined)
        return { methods: ["GET", "POST"], run: (m) => attachmentListRoute(ctx, m, b) };
      if (e === undefined) {
        return {
          methods: ["GET", "POST", "PUT", "DELETE"],
          run: (m) => attachmentRoute(ctx, m, b, d),
        };
      }
      if (e === "download") return { methods: ["GET"], run: () => downloadRoute(ctx, b, d) };
    }
    return undefined;
  }
  if (b === undefined)
    return { methods: ["GET", "POST", "PUT", "DELETE"], run: (m) => indexRoute(ctx, m, a) };
  if (b === "bulk" && c === undefined) return { methods: ["POST"], run: () => bulkRoute(ctx, a) };
  if (b === "settings" && c === undefined) {
    return { methods: ["GET", "POST", "PUT"], run: (m) => settingsRoute(ctx, m, a) };
  }
  if (b === "fields" && c === undefined) {
    return { methods: ["GET", "POST", "PUT"], run: (m) => fieldsRoute(ctx, m, a) };
  }
  return undefined;
}

/** Path segments below the prefix, decoded; undefined when the path is not ours or malformed. */
function segmentsOf(pathname: string, prefix: string): string[] | undefined {
  let path = pathname;
  if (prefix) {
    if (path !== prefix && !path.startsWith(`${prefix}/`)) return undefined;
    path = path.slice(prefix.length);
  }
  // Scout's paths end in "/"; accept them without it too.
  const inner = path.replace(/^\//, "").replace(/\/$/, "");
  if (inner === "") return [];
  const parts = inner.split("/");
  if (parts.some((p) => p === "")) return undefined;
  try {
    return parts.map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}

function errorResponse(error: unknown): Response {
  if (error instanceof ScoutError) {
    return json({ error: error.message }, error.status);
  }
  const code = sqliteCode(error) ?? "";
  const name = (error as { name?: string } | null)?.name;
  if (
    /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|NOMEM)/.test(code) ||
    name === "WriterClosedError"
  ) {
    return json({ error: "The search database is busy or unavailable; try again." }, 503, {
      "retry-after": "1",
    });
  }
  console.error("Scout API request failed:", error);
  return json({ error: "Internal server error" }, 500);
}

/**
 * The Scout-compatible REST API as one fetch handler: Scout's routes (index
 * list and detail, documents, metadata, attachments, downloads) with its
 * request and response shapes, JSON errors, the optional master key, a URL
 * prefix, body limits (413). Mount it in a catch-all route.
 *
 * @example
 * export const GET = (request: Request) => handleScoutRequest(quire, request, { prefix: "/scout", masterKey });
 */
export async function handleScoutRequest(
  quire: SearchDatabase,
  request: Request,
  options: ScoutOptions = {},
): Promise<Response> {
  const response = await respond(quire, request, options);
  return request.method.toUpperCase() === "HEAD"
    ? new Response(null, { status: response.status, headers: response.headers })
    : response;
}

async function respond(
  quire: SearchDatabase,
  request: Request,
  options: ScoutOptions,
): Promise<Response> {
  try {
    const url = new URL(request.url);
    const prefix = (options.prefix ?? "").replace(/\/+$/, "");
    // The master key, or a stored API key; with neither configured, the API is open.
    const key = request.headers.get("key") ?? url.searchParams.get("key");
    let access: KeyAccess | null = { scope: "admin", indexes: null };
    if (!(options.masterKey && sameKey(key, options.masterKey))) {
      access = key ? authenticateKey(quire, key) : null;
      if (!access && (options.masterKey || hasApiKeys(quire))) {
        return json({ error: "Invalid API key" }, 401);
      }
      access ??= { scope: "admin", indexes: null };
    }
    const segments = segmentsOf(url.pathname, prefix);
    const ctx: Context = {
      quire,
      request,
      url,
      params: url.searchParams,
      urls: scoutUrls(prefix),
      pageSize: options.pageSize ?? 50,
      limits: { ...DEFAULT_BODY_LIMITS, ...options.limits },
      keyIndexes: access.indexes,
    };
    const found = segments && route(ctx, segments);
    if (!found) throw notFound("Not found.");
    const requested = request.method.toUpperCase();
    // HEAD is a GET without the body, as in Flask.
    const method = requested === "HEAD" ? "GET" : requested;
    if (!found.methods.includes(method)) {
      return json({ error: "Method not allowed." }, 405, { allow: found.methods.join(", ") });
    }
    await enforceKeyAccess(access, {
      quire,
      segments,
      method,
      params: ctx.params,
      body: () => body(ctx),
    });
    return await found.run(method);
  } catch (error) {
    return errorResponse(error);
  }
}
