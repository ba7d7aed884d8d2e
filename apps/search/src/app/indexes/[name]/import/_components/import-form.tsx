"use client";

import { formatNumber } from "@quire/ui";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { errorText } from "~/app/_lib/error-text";
import { useTRPCClient } from "~/app/_components/trpc";

interface Totals {
  read: number;
  created: number;
  updated: number;
  failed: number;
}

interface State {
  status: "idle" | "running" | "done" | "failed";
  sent: number;
  total: number;
  totals: Totals;
  documentCount?: number;
  errors: { item: number; error: string }[];
  message?: string;
}

const EMPTY: Totals = { read: 0, created: 0, updated: 0, failed: 0 };
/** Lines (or array elements) per call: each call is one import on the server, group-committed. */
const CHUNK = 2000;

/**
 * Reads the chosen file, sends it in chunks through `documents.import` and
 * keeps exact running counts; errors are renumbered to positions in the file.
 */
export function ImportForm({ index }: { index: string }) {
  const client = useTRPCClient();
  const router = useRouter();
  const [state, setState] = useState<State>({
    status: "idle",
    sent: 0,
    total: 0,
    totals: EMPTY,
    errors: [],
  });

  async function run(file: File) {
    const text = await file.text();
    const isArray = text.trimStart().startsWith("[");
    const chunks: { offset: number; lineOffset: number; call: () => Promise<unknown> }[] = [];
    try {
      if (isArray) {
        const items = JSON.parse(text) as unknown;
        if (!Array.isArray(items)) throw new Error("The file is not a JSON array.");
        for (let i = 0; i < items.length; i += CHUNK) {
          const documents = items.slice(i, i + CHUNK) as Record<string, unknown>[];
          chunks.push({
            offset: i,
            lineOffset: 0,
            call: () => client.documents.import.mutate({ index, documents }),
          });
        }
      } else {
        const lines = text.split("\n");
        let items = 0;
        for (let i = 0; i < lines.length; i += CHUNK) {
          const part = lines.slice(i, i + CHUNK);
          const ndjson = part.join("\n");
          chunks.push({
            offset: items,
            lineOffset: i,
            call: () => client.documents.import.mutate({ index, ndjson }),
          });
          items += part.filter((l) => l.trim() !== "").length;
        }
      }
    } catch (error) {
      setState((s) => ({ ...s, status: "failed", message: (error as Error).message }));
      return;
    }
    const totals = { ...EMPTY };
    const errors: State["errors"] = [];
    setState({ status: "running", sent: 0, total: chunks.length, totals, errors });
    for (const [n, chunk] of chunks.entries()) {
      try {
        const r = (await chunk.call()) as Totals & {
          documentCount: number;
          errors: { item: number; error: string }[];
        };
        totals.read += r.read;
        totals.created += r.created;
        totals.updated += r.updated;
        totals.failed += r.failed;
        for (const e of r.errors) {
          if (errors.length >= 100) break;
          errors.push({
            item: e.item + chunk.offset,
            error: e.error.replace(
              /^Line (\d+)/,
              (_, l: string) => `Line ${Number(l) + chunk.lineOffset}`,
            ),
          });
        }
        setState({
          status: n + 1 === chunks.length ? "done" : "running",
          sent: n + 1,
          total: chunks.length,
          totals: { ...totals },
          documentCount: r.documentCount,
          errors: [...errors],
        });
      } catch (error) {
        // The chunks before this one are in: say so, and show the new count.
        setState((s) => ({ ...s, status: "failed", message: errorText(error) }));
        router.refresh();
        return;
      }
    }
    if (chunks.length === 0) setState((s) => ({ ...s, status: "done" }));
    router.refresh(); // the header's document count
  }

  const t = state.totals;
  return (
    <>
      <form
        className="q-form"
        onSubmit={(event) => {
          event.preventDefault();
          const file = new FormData(event.currentTarget).get("file");
          if (file instanceof File && file.size > 0) void run(file);
        }}
      >
        <label>
          File
          <input type="file" name="file" accept=".ndjson,.jsonl,.json,application/json" required />
        </label>
        <button className="q-button" type="submit" disabled={state.status === "running"}>
          Import
        </button>
      </form>
      {state.status !== "idle" ? (
        <div data-testid="import-progress">
          <progress
            max={Math.max(1, state.total)}
            value={state.sent}
            aria-label="Import progress"
          />
          <p>
            {formatNumber(t.created)} created, {formatNumber(t.updated)} updated,{" "}
            {formatNumber(t.failed)} refused of {formatNumber(t.read)} read
            {state.documentCount !== undefined
              ? ` · the index holds ${formatNumber(state.documentCount)} documents`
              : ""}
            {state.status === "done" ? " · done" : ""}
          </p>
          {state.message ? (
            <p className="q-error" role="alert">
              {state.message}
            </p>
          ) : null}
          {state.errors.length > 0 ? (
            <ul className="q-muted">
              {state.errors.map((e) => (
                <li key={e.item}>
                  item {e.item}: {e.error}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
