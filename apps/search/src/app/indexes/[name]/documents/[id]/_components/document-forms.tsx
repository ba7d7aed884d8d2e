"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";

import { errorText } from "~/app/_lib/error-text";
import { useTRPCClient } from "~/app/_components/trpc";
import { parseMetadataJson } from "../../../_lib/metadata-json";

/** Metadata as JSON: checked as typed, saved as a whole (keys left out are removed). */
export function MetadataEditor({ id, metadata }: { id: number; metadata: Record<string, string> }) {
  const client = useTRPCClient();
  const router = useRouter();
  const fieldId = useId();
  const [text, setText] = useState(() => JSON.stringify(metadata, null, 2));
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const check = parseMetadataJson(text);
  return (
    <form
      className="q-form qs-wide"
      aria-label="Edit metadata"
      onSubmit={(event) => {
        event.preventDefault();
        if (!check.ok) return;
        setSaving(true);
        setStatus(null);
        client.documents.update
          .mutate({ id, data: { metadata: check.value } })
          .then((doc) => {
            setText(JSON.stringify(doc.metadata, null, 2));
            setStatus({ ok: true, text: "Metadata saved." });
            router.refresh();
          })
          .catch((e: unknown) => setStatus({ ok: false, text: errorText(e) }))
          .finally(() => setSaving(false));
      }}
    >
      <label htmlFor={fieldId}>Metadata (JSON object; values are stored as text)</label>
      <textarea
        id={fieldId}
        name="metadata"
        rows={Math.min(20, Math.max(4, text.split("\n").length + 1))}
        value={text}
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          setStatus(null);
        }}
        aria-invalid={!check.ok}
        aria-describedby={`${fieldId}-check`}
      />
      <p
        id={`${fieldId}-check`}
        className={check.ok ? "q-muted" : "q-error"}
        role={check.ok ? undefined : "alert"}
        data-testid="metadata-check"
      >
        {check.ok
          ? `${Object.keys(check.value).length} key${Object.keys(check.value).length === 1 ? "" : "s"}.`
          : check.message}
      </p>
      <div className="qs-actions">
        <button className="q-button" type="submit" disabled={!check.ok || saving}>
          {saving ? "Saving…" : "Save metadata"}
        </button>
      </div>
      {status ? (
        <p className={status.ok ? "q-notice" : "q-error"} role={status.ok ? "status" : "alert"}>
          {status.text}
        </p>
      ) : null}
    </form>
  );
}

/** Delete, after an inline confirmation (the button names what it deletes). */
export function DeleteDocument({ id, label, after }: { id: number; label: string; after: string }) {
  const client = useTRPCClient();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!confirming) {
    return (
      <button className="q-button secondary" type="button" onClick={() => setConfirming(true)}>
        Delete this document
      </button>
    );
  }
  return (
    <div className="qs-actions" role="group" aria-label="Confirm deletion">
      <p>
        Delete {label} with its metadata and attachments, from every index? This cannot be undone.
      </p>
      <button
        className="q-button danger"
        type="button"
        disabled={busy}
        autoFocus
        onClick={() => {
          setBusy(true);
          setError(null);
          client.documents.delete
            .mutate({ id })
            .then(() => router.push(after))
            .catch((e: unknown) => {
              setError(errorText(e));
              setBusy(false);
            });
        }}
      >
        Yes, delete {label}
      </button>
      <button className="q-button secondary" type="button" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {error ? (
        <p className="q-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
