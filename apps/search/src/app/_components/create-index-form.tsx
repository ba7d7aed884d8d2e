"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";

import { errorText } from "~/app/_lib/error-text";
import { useTRPCClient } from "~/app/_components/trpc";

/** Create an index by name, then open it; a taken or bad name is said inline. */
export function CreateIndexForm() {
  const client = useTRPCClient();
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="q-form qs-searchbar"
      aria-label="Create an index"
      onSubmit={(event) => {
        event.preventDefault();
        const value = new FormData(event.currentTarget).get("name");
        const name = typeof value === "string" ? value.trim() : "";
        if (name === "") return setError("Enter a name for the index.");
        if (name.includes("/")) return setError('An index name may not contain "/".');
        setError(null);
        setBusy(true);
        client.indexes.create
          .mutate({ name })
          .then((index) => router.push(`/indexes/${encodeURIComponent(index.name)}`))
          .catch((e: unknown) => {
            setError(errorText(e));
            setBusy(false);
          });
      }}
    >
      <label className="qs-grow">
        New index name
        <input
          name="name"
          maxLength={255}
          autoComplete="off"
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </label>
      <button className="q-button" type="submit" disabled={busy}>
        Create index
      </button>
      {error ? (
        <p className="q-error" role="alert" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </form>
  );
}
