"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "../../_components/trpc";

const when = (date: Date | null) => (date ? date.toLocaleString("en", { dateStyle: "medium", timeStyle: "short" }) : "never");

/** Create (the new key is shown once, here), list and revoke Stats API keys. */
export function ApiKeys() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (key) => {
        setCreated({ name: key.name, key: key.key });
        setCopied(false);
        setName("");
        void refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.apiKeys.delete.mutationOptions({ onSuccess: () => void refresh() }));
  const error = create.error ?? revoke.error ?? keys.error;

  return (
    <div className="qa-keys">
      <form
        className="q-form"
        data-testid="create-api-key"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name });
        }}
      >
        <label>
          Name
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Grafana" maxLength={100} required />
        </label>
        <div>
          <button className="q-button" type="submit" disabled={create.isPending}>
            Create key
          </button>
        </div>
      </form>

      {error ? (
        <p className="q-error" role="alert">
          {error.message}
        </p>
      ) : null}

      {created ? (
        <div className="qa-new-key" role="status" data-testid="new-api-key">
          <p>
            <strong>{created.name}</strong>: copy this key now — it will not be shown again.
          </p>
          <code data-testid="new-api-key-value">{created.key}</code>{" "}
          <button
            className="q-button secondary"
            type="button"
            onClick={() => void navigator.clipboard?.writeText(created.key).then(() => setCopied(true), () => setCopied(false))}
          >
            {copied ? "Copied" : "Copy"}
          </button>{" "}
          <button className="q-button secondary" type="button" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      ) : null}

      {keys.data && keys.data.length === 0 ? (
        <p className="q-muted" data-testid="no-api-keys">
          No API keys yet.
        </p>
      ) : null}
      {keys.data && keys.data.length > 0 ? (
        <table className="qa-table" data-testid="api-keys">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data.map((key) => (
              <tr key={key.id} data-testid="api-key">
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{when(key.createdAt)}</td>
                <td data-testid="api-key-last-used">{when(key.lastUsedAt)}</td>
                <td>
                  <button
                    className="q-button secondary"
                    type="button"
                    disabled={revoke.isPending}
                    onClick={() => {
                      if (window.confirm(`Revoke "${key.name}"? Anything using it stops working at once.`)) revoke.mutate({ id: key.id });
                    }}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
