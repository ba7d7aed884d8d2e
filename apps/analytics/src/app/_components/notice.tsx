/** ?error= and ?saved= style messages after a form post. */
export function Notice({ params }: { params: Record<string, string | string[] | undefined> }) {
  const error = typeof params.error === "string" ? params.error.slice(0, 300) : null;
  const ok = ["saved", "deleted", "created"].find((k) => params[k] === "1");
  if (error)
    return (
      <p className="q-error" role="alert">
        {error}
      </p>
    );
  if (ok)
    return (
      <p className="q-notice" role="status">
        {ok[0]!.toUpperCase() + ok.slice(1)}.
      </p>
    );
  return null;
}
