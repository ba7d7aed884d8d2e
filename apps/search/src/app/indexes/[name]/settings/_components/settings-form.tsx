"use client";

import type { MetadataType } from "@quire/search-db";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useTRPCClient } from "~/app/_components/trpc";

const TYPES = ["string", "number", "date", "boolean"] as const;

/** A text field of a form ("" when absent or a file). */
const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/** `car: automobile, auto` per line ⇄ `{ car: ["automobile", "auto"] }`. */
function synonymsText(synonyms: Record<string, string[]>): string {
  return Object.entries(synonyms)
    .map(([word, list]) => `${word}: ${list.join(", ")}`)
    .join("\n");
}
function parseSynonyms(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of text.split("\n")) {
    const [word, rest] = line.split(":");
    if (!word?.trim() || !rest) continue;
    out[word.trim()] = rest
      .split(",")
      .map((w) => w.trim())
      .filter(Boolean);
  }
  return out;
}

export function SettingsForm({
  index,
  effective,
  declared,
  inferred,
}: {
  index: string;
  effective: {
    weights: { title: number; content: number };
    synonyms: Record<string, string[]>;
    stopWords: string[];
  };
  declared: Record<string, MetadataType>;
  inferred: Record<string, Record<string, number>>;
}) {
  const client = useTRPCClient();
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const keys = [...new Set([...Object.keys(inferred), ...Object.keys(declared)])].sort();

  return (
    <>
      <form
        className="q-form"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const fields: Record<string, MetadataType | null> = {};
          for (const key of keys) {
            const value = text(form, `field:${key}`);
            fields[key] = (TYPES as readonly string[]).includes(value)
              ? (value as MetadataType)
              : null;
          }
          setMessage(null);
          Promise.all([
            client.indexes.updateSettings.mutate({
              name: index,
              data: {
                weights: {
                  title: Number(form.get("title")),
                  content: Number(form.get("content")),
                },
                synonyms: parseSynonyms(text(form, "synonyms")),
                stopWords: text(form, "stopWords")
                  .split(/[\s,]+/)
                  .filter(Boolean),
              },
            }),
            keys.length > 0 ? client.indexes.setFields.mutate({ index, fields }) : null,
          ])
            .then(() => {
              setMessage({ ok: true, text: "Saved." });
              router.refresh();
            })
            .catch((e: unknown) => setMessage({ ok: false, text: (e as Error).message }));
        }}
      >
        <fieldset>
          <legend>Ranking: how much a word counts in each field (bm25 column weights)</legend>
          <label>
            Title
            <input
              name="title"
              type="number"
              step="0.1"
              min="0.1"
              max="100"
              defaultValue={effective.weights.title}
            />
          </label>
          <label>
            Content
            <input
              name="content"
              type="number"
              step="0.1"
              min="0.1"
              max="100"
              defaultValue={effective.weights.content}
            />
          </label>
        </fieldset>
        <label>
          Synonyms: one word per line, then what it also finds (<code>car: automobile, auto</code>)
          <textarea name="synonyms" rows={5} defaultValue={synonymsText(effective.synonyms)} />
        </label>
        <label>
          Stop words: left out of queries (unless only they are typed)
          <textarea name="stopWords" rows={3} defaultValue={effective.stopWords.join(" ")} />
        </label>
        {keys.length > 0 ? (
          <fieldset>
            <legend>Metadata types (filters, sorting and facets read a declared type)</legend>
            {keys.map((key) => (
              <label key={key}>
                {key}{" "}
                <small className="q-muted">
                  (values:{" "}
                  {Object.entries(inferred[key] ?? {})
                    .map(([type, n]) => `${n} ${type}`)
                    .join(", ") || "none"}
                  )
                </small>
                <select name={`field:${key}`} defaultValue={declared[key] ?? ""}>
                  <option value="">inferred</option>
                  {TYPES.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
        ) : null}
        <button className="q-button" type="submit">
          Save
        </button>
      </form>
      {message ? <p className={message.ok ? "q-notice" : "q-error"}>{message.text}</p> : null}
    </>
  );
}
