"use client";

import type { MetadataType, Tokenizer } from "@quire/search-db";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { errorText } from "~/app/_lib/error-text";
import { useTRPCClient } from "~/app/_components/trpc";

const TYPES = ["string", "number", "date", "boolean"] as const;

/** The FTS5 tokenizers an index may use (search-db's TOKENIZERS), with what each finds. */
const TOKENIZER_CHOICES: { value: Tokenizer; label: string }[] = [
  { value: "porter", label: "porter: English stemming (“runs” finds “running”), the default" },
  { value: "unicode61", label: "unicode61: words as written (case and accents folded)" },
  { value: "trigram", label: "trigram: any 3+ character substring, inside words too" },
];
const isTokenizer = (value: string): value is Tokenizer =>
  TOKENIZER_CHOICES.some((t) => t.value === value);

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
/** Parse the synonyms field; a line that is not `word: other, words` is an error naming it. */
function parseSynonyms(
  text: string,
): { ok: true; value: Record<string, string[]> } | { ok: false; message: string } {
  const out: Record<string, string[]> = {};
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const colon = line.indexOf(":");
    const word = colon === -1 ? "" : line.slice(0, colon).trim();
    const list = (colon === -1 ? "" : line.slice(colon + 1))
      .split(",")
      .map((w) => w.trim())
      .filter(Boolean);
    if (!word || list.length === 0) {
      return {
        ok: false,
        message: `Synonyms, line ${i + 1}: write a word, a colon, then the words it also finds (car: automobile, auto).`,
      };
    }
    if (list.length > 20) {
      return { ok: false, message: `Synonyms, line ${i + 1}: at most 20 words per line.` };
    }
    out[word] = list;
  }
  return { ok: true, value: out };
}

/** A weight field: a number from 0.1 to 100, else a message. */
function parseWeight(value: string, label: string): number | string {
  const n = Number(value);
  return value.trim() !== "" && Number.isFinite(n) && n > 0 && n <= 100
    ? n
    : `${label} weight must be a number above 0, at most 100.`;
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
    tokenizer: Tokenizer;
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
        className="q-form qs-wide"
        aria-label={`Settings of ${index}`}
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
          const title = parseWeight(text(form, "title"), "Title");
          const content = parseWeight(text(form, "content"), "Content");
          const synonyms = parseSynonyms(text(form, "synonyms"));
          const invalid = [title, content].find((w) => typeof w === "string");
          if (typeof invalid === "string") return setMessage({ ok: false, text: invalid });
          if (!synonyms.ok) return setMessage({ ok: false, text: synonyms.message });
          const tokenizer = text(form, "tokenizer");
          if (!isTokenizer(tokenizer))
            return setMessage({ ok: false, text: "Choose a tokenizer." });
          setMessage(null);
          Promise.all([
            client.indexes.updateSettings.mutate({
              name: index,
              data: {
                weights: { title: title as number, content: content as number },
                synonyms: synonyms.value,
                // Only a change is sent: a new tokenizer reindexes every document of the index.
                ...(tokenizer !== effective.tokenizer ? { tokenizer } : {}),
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
            .catch((e: unknown) => setMessage({ ok: false, text: errorText(e) }));
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
          Tokenizer: how text is cut into searchable terms (changing it reindexes the documents)
          <select name="tokenizer" defaultValue={effective.tokenizer}>
            {TOKENIZER_CHOICES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>
            Synonyms: one word per line, then what it also finds (<code>car: automobile, auto</code>
            )
          </span>
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
      {message ? (
        <p className={message.ok ? "q-notice" : "q-error"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      ) : null}
    </>
  );
}
