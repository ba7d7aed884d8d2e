import type { SearchDatabase } from "@quire/search-db";

import { handleScoutRequest } from "./handler";
import type { ScoutOptions } from "./handler";

export const TEST_ORIGIN = "http://search.test";

export interface ScoutCall {
  json?: unknown;
  /** Raw body with its content type. */
  body?: BodyInit;
  contentType?: string;
  /** multipart/form-data: `data` is the JSON field (as text), files are `[filename, bytes]`. */
  form?: { data?: string; files?: [string, Uint8Array | string][] };
  headers?: Record<string, string>;
}

export interface ScoutResult {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON. */
  body: any;
  bytes: Uint8Array;
}

/**
 * Calls {@link handleScoutRequest} with real `Request` objects, the way the
 * Next route does: for tests (no server needed).
 *
 * @example
 * const scout = scoutClient(quire, { prefix: "/scout" });
 * const { status, body } = await scout("POST", "/", { json: { name: "blog" } });
 */
export function scoutClient(quire: SearchDatabase, options: ScoutOptions = {}) {
  const prefix = options.prefix ?? "";
  return async function call(
    method: string,
    path: string,
    init: ScoutCall = {},
  ): Promise<ScoutResult> {
    const headers = new Headers(init.headers);
    let body: BodyInit | undefined = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers.set("content-type", "application/json");
    } else if (init.form) {
      const form = new FormData();
      if (init.form.data !== undefined) form.set("data", init.form.data);
      init.form.files?.forEach(([name, bytes], i) =>
        form.append(
          `file_${i}`,
          new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name),
        ),
      );
      body = form;
    }
    if (init.contentType) headers.set("content-type", init.contentType);
    // duplex: required by undici when the body is a stream.
    const request = new Request(`${TEST_ORIGIN}${prefix}${path}`, {
      method,
      headers,
      body,
      duplex: "half",
    } as RequestInit);
    const response = await handleScoutRequest(quire, request, options);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const isJson = response.headers.get("content-type")?.startsWith("application/json");
    return {
      status: response.status,
      headers: response.headers,
      body: isJson && bytes.length > 0 ? JSON.parse(new TextDecoder().decode(bytes)) : undefined,
      bytes,
    };
  };
}
