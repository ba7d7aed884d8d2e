"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { errorText } from "~/app/_lib/error-text";
import { useTRPCClient } from "~/app/_components/trpc";

/** Create a key; the key itself is shown here once. */
export function CreateKeyForm({ indexes }: { indexes: string[] }) {
  const client = useTRPCClient();
  const router = useRouter();
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <form
        className="q-form"
        aria-label="Create an API key"
        onSubmit={(event) => {
          event.preventDefault();
          const element = event.currentTarget;
          const form = new FormData(element);
          const scope = form.get("scope") === "admin" ? "admin" : "search";
          const chosen = form.getAll("indexes").map(String);
          const nameValue = form.get("name");
          const name = typeof nameValue === "string" ? nameValue.trim() : "";
          if (name === "") return setError("Give the key a name (who or what uses it).");
          setError(null);
          setCreated(null);
          client.apiKeys.create
            .mutate({ name, scope, indexes: chosen })
            .then((r) => {
              setCreated(r.key);
              element.reset();
              router.refresh();
            })
            .catch((e: unknown) => setError(errorText(e)));
        }}
      >
        <label>
          Name
          <input name="name" maxLength={100} placeholder="blog search box" autoComplete="off" />
        </label>
        <label>
          Scope
          <select name="scope" defaultValue="search">
            <option value="search">search only</option>
            <option value="admin">admin</option>
          </select>
        </label>
        {indexes.length > 0 ? (
          <fieldset>
            <legend>Limit the key to these indexes (none checked: every index)</legend>
            {indexes.map((name) => (
              <label key={name} className="qs-check">
                <input type="checkbox" name="indexes" value={name} /> {name}
              </label>
            ))}
          </fieldset>
        ) : null}
        <button className="q-button" type="submit">
          Create key
        </button>
      </form>
      {error ? (
        <p className="q-error" role="alert">
          {error}
        </p>
      ) : null}
      {created ? (
        <p className="q-notice" data-testid="new-key">
          New key (copy it now, it is not shown again): <code>{created}</code>
        </p>
      ) : null}
    </>
  );
}

export function DeleteKeyButton({ id, name }: { id: number; name: string }) {
  const client = useTRPCClient();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="q-linkbutton"
        aria-label={`Delete the key ${name}`}
        onClick={() => {
          if (!window.confirm(`Delete the key "${name}"? Clients using it will be refused.`))
            return;
          setError(null);
          client.apiKeys.delete
            .mutate({ id })
            .then(() => router.refresh())
            .catch((e: unknown) => setError(errorText(e)));
        }}
      >
        Delete
      </button>
      {error ? (
        <span className="q-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
