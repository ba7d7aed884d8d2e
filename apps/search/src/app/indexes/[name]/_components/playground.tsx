"use client";

import { EmptyState, formatNumber } from "@quire/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useMemo, useState } from "react";

import { errorText } from "~/app/_lib/error-text";
import { useTRPC } from "~/app/_components/trpc";
import {
  describeFilter,
  FILTER_OPS,
  MAX_QUERY,
  searchInput,
  searchStateQuery,
} from "../_lib/search-state";
import type { Filter, SearchState } from "../_lib/search-state";
import type { FacetData, SearchData } from "../_lib/types";
import { ResultList } from "./results";

const DEBOUNCE_MS = 200;

/**
 * The search playground: results follow the typing (debounced), and the whole
 * state (query, mode, filters, facets, sort, page) is kept in the URL.
 */
export function Playground({
  index,
  documentCount,
  fields,
  initialState,
  initialResult,
  initialError,
}: {
  index: string;
  documentCount: number;
  /** Metadata keys of the index (inferred or declared). */
  fields: string[];
  initialState: SearchState;
  initialResult: SearchData | null;
  initialError: string | null;
}) {
  const trpc = useTRPC();
  const base = `/indexes/${encodeURIComponent(index)}`;
  const [text, setText] = useState(initialState.q);
  const [state, setState] = useState(initialState);

  // Typing changes `text` at once and the searched state after a pause.
  useEffect(() => {
    if (text === state.q) return;
    const timer = setTimeout(() => setState((s) => ({ ...s, q: text, page: 1 })), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, state.q]);

  const input = useMemo(() => searchInput(index, state), [index, state]);
  const initialQuery = useMemo(() => searchStateQuery(initialState), [initialState]);
  const isInitial = searchStateQuery(state) === initialQuery;
  const query = useQuery({
    ...trpc.search.queryOptions(input),
    placeholderData: keepPreviousData,
    initialData: isInitial && initialResult ? initialResult : undefined,
    retry: false,
  });
  // The URL follows the results shown (replace: typing is not history), so a
  // reload, a shared link, or a test waiting on the URL sees these very results.
  const settled = query.isError || (query.isSuccess && !query.isPlaceholderData);
  useEffect(() => {
    if (!settled) return;
    const search = searchStateQuery(state);
    const url = search ? `${base}?${search}` : base;
    if (url !== `${window.location.pathname}${window.location.search}`) {
      window.history.replaceState(null, "", url);
    }
  }, [settled, state, base]);
  const error = query.error
    ? errorText(query.error)
    : isInitial && !query.data
      ? initialError
      : null;
  const result = query.error ? undefined : query.data;
  const update = (change: Partial<SearchState>) => setState((s) => ({ ...s, page: 1, ...change }));

  const addFilter = (filter: Filter) =>
    update({
      filters: state.filters.some((f) => f.name === filter.name && f.value === filter.value)
        ? state.filters
        : [...state.filters, filter],
    });
  const removeFilter = (filter: Filter) =>
    update({
      filters: state.filters.filter((f) => !(f.name === filter.name && f.value === filter.value)),
    });

  return (
    <div className="qs-playground">
      <form
        className="q-form qs-searchbar"
        method="get"
        action={base}
        role="search"
        aria-label={`Search ${index}`}
        onSubmit={(event) => {
          event.preventDefault();
          update({ q: text });
        }}
      >
        <label className="qs-grow">
          Search
          <input
            type="search"
            name="q"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={
              state.mode === "simple"
                ? "Type words; the last one may be unfinished"
                : 'FTS5 syntax: sqlite AND "group commit", writ*, NEAR(a b)'
            }
            maxLength={MAX_QUERY}
            autoComplete="off"
          />
        </label>
        <label>
          Mode
          <select
            name="mode"
            value={state.mode}
            onChange={(e) =>
              update({ mode: e.target.value === "advanced" ? "advanced" : "simple" })
            }
          >
            <option value="simple">simple</option>
            <option value="advanced">advanced (FTS5)</option>
          </select>
        </label>
        <label>
          Sort by
          <select name="sort" value={state.sort} onChange={(e) => update({ sort: e.target.value })}>
            <option value="">relevance</option>
            {fields.flatMap((f) => [
              <option key={f} value={f}>
                {f} ↑
              </option>,
              <option key={`-${f}`} value={`-${f}`}>
                {f} ↓
              </option>,
            ])}
          </select>
        </label>
        <button className="q-button" type="submit">
          Search
        </button>
      </form>

      <div className="qs-columns">
        <aside className="qs-sidebar" aria-label="Facets and filters">
          <FacetPicker
            fields={fields}
            chosen={state.facets}
            onChange={(facets) => update({ facets })}
          />
          {state.facets.map((key) => (
            <FacetValues
              key={key}
              name={key}
              input={input}
              facet={result?.facets?.[key]}
              active={state.filters.filter((f) => f.name === key).map((f) => f.value)}
              onToggle={(value, on) =>
                on ? addFilter({ name: key, value }) : removeFilter({ name: key, value })
              }
            />
          ))}
          <FilterForm fields={fields} onAdd={addFilter} />
        </aside>

        <section className="qs-results" aria-label="Results" aria-busy={query.isFetching}>
          {state.filters.length > 0 ? (
            <ul className="qs-chips" aria-label="Active filters">
              {state.filters.map((f) => {
                const { key, label } = describeFilter(f.name);
                return (
                  <li key={`${f.name}=${f.value}`}>
                    <span className="q-tag">
                      {key} {label} {f.value}{" "}
                      <button
                        type="button"
                        className="q-linkbutton"
                        aria-label={`Remove filter ${key} ${label} ${f.value}`}
                        onClick={() => removeFilter(f)}
                      >
                        ×
                      </button>
                    </span>
                  </li>
                );
              })}
              <li>
                <button
                  type="button"
                  className="q-linkbutton"
                  onClick={() => update({ filters: [] })}
                >
                  Clear filters
                </button>
              </li>
            </ul>
          ) : null}

          {error ? (
            <p className="q-error" role="alert" data-testid="search-error">
              {error}
            </p>
          ) : null}

          <p className="q-muted" role="status" data-testid="result-count">
            {query.isFetching && !result
              ? "Searching…"
              : result
                ? `${formatNumber(result.filteredCount)} of ${formatNumber(documentCount)} document${documentCount === 1 ? "" : "s"} match`
                : ""}
          </p>

          {result && !error ? (
            documentCount === 0 ? (
              <EmptyState>
                No documents in this index yet. <Link href={`${base}/import`}>Import some</Link>.
              </EmptyState>
            ) : result.documents.length === 0 ? (
              <EmptyState>
                No document matches
                {state.q ? <> “{state.q}”</> : null}
                {state.filters.length > 0 ? " with these filters" : ""}.
              </EmptyState>
            ) : (
              <ResultList
                hits={result.documents}
                query={state.q}
                documentBase={`${base}/documents`}
              />
            )
          ) : null}

          {result && result.pages > 1 ? (
            <nav aria-label="Pages" className="q-muted qs-pager" data-testid="pager">
              <button
                type="button"
                className="q-linkbutton"
                disabled={state.page <= 1}
                onClick={() => setState((s) => ({ ...s, page: s.page - 1 }))}
              >
                ← Previous
              </button>{" "}
              Page {formatNumber(result.page)} of {formatNumber(result.pages)}{" "}
              <button
                type="button"
                className="q-linkbutton"
                disabled={result.page >= result.pages}
                onClick={() => setState((s) => ({ ...s, page: s.page + 1 }))}
              >
                Next →
              </button>
            </nav>
          ) : null}
        </section>
      </div>
    </div>
  );
}

function FacetPicker({
  fields,
  chosen,
  onChange,
}: {
  fields: string[];
  chosen: string[];
  onChange: (facets: string[]) => void;
}) {
  if (fields.length === 0) {
    return <p className="q-muted">No metadata in this index: nothing to facet on.</p>;
  }
  return (
    <fieldset className="qs-facet-picker">
      <legend>Facets</legend>
      {fields.map((key) => (
        <label key={key} className="qs-check">
          <input
            type="checkbox"
            checked={chosen.includes(key)}
            disabled={!chosen.includes(key) && chosen.length >= 20}
            onChange={(e) =>
              onChange(e.target.checked ? [...chosen, key] : chosen.filter((k) => k !== key))
            }
          />{" "}
          {key}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * One facet's values as checkboxes. Once some of its values are ticked, its
 * counts come from the same search without its own filter (values of one key
 * are OR-ed, so the others stay choosable, with the count each would add).
 */
function FacetValues({
  name,
  input,
  facet: resultFacet,
  active,
  onToggle,
}: {
  name: string;
  input: ReturnType<typeof searchInput>;
  facet: FacetData | undefined;
  active: string[];
  onToggle: (value: string, on: boolean) => void;
}) {
  const trpc = useTRPC();
  const { [name]: _own, ...otherFilters } = input.filters;
  const own = useQuery({
    ...trpc.search.queryOptions({
      ...input,
      filters: otherFilters,
      facets: [name],
      page: 1,
      pageSize: 1,
      highlight: false,
    }),
    enabled: active.length > 0,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const facet = active.length > 0 ? own.data?.facets?.[name] : resultFacet;
  // Active values stay listed (with their count when the search has them) so they can be unticked.
  const values = facet?.values ?? [];
  const extra = active.filter((v) => !values.some((x) => x.value === v));
  return (
    <fieldset className="qs-facet" data-testid={`facet-${name}`}>
      <legend>{name}</legend>
      {!facet ? (
        <p className="q-muted">Counting…</p>
      ) : values.length === 0 && extra.length === 0 ? (
        <p className="q-muted">No values in these results.</p>
      ) : (
        <>
          {[...values, ...extra.map((value) => ({ value, count: 0 }))].map(({ value, count }) => (
            <label key={value} className="qs-check">
              <input
                type="checkbox"
                checked={active.includes(value)}
                onChange={(e) => onToggle(value, e.target.checked)}
              />{" "}
              {value} <span className="q-muted">({formatNumber(count)})</span>
            </label>
          ))}
          {facet.distinct > values.length ? (
            <p className="q-muted">
              {formatNumber(facet.distinct - values.length)} more values not shown.
            </p>
          ) : null}
        </>
      )}
    </fieldset>
  );
}

/** Add a metadata filter: key, operator, value; checked before it is added. */
function FilterForm({ fields, onAdd }: { fields: string[]; onAdd: (filter: Filter) => void }) {
  const id = useId();
  const [message, setMessage] = useState<string | null>(null);
  if (fields.length === 0) return null;
  return (
    <form
      className="q-form qs-filter-form"
      aria-label="Add a metadata filter"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const field = (name: string) => {
          const value = form.get(name);
          return typeof value === "string" ? value : "";
        };
        const key = field("key");
        const op = field("op") || "eq";
        const value = field("value");
        if (!key) return setMessage("Choose a metadata key.");
        if (value.trim() === "") return setMessage("Enter a value to filter on.");
        if (op === "regex") {
          try {
            new RegExp(value);
          } catch {
            return setMessage("That is not a valid regular expression.");
          }
        }
        setMessage(null);
        onAdd({ name: op === "eq" ? key : `${key}__${op}`, value });
        (event.currentTarget.elements.namedItem("value") as HTMLInputElement).value = "";
      }}
    >
      <fieldset>
        <legend>Filter</legend>
        <label>
          Key
          <select name="key">
            {fields.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label>
          Condition
          <select name="op" defaultValue="eq">
            {FILTER_OPS.map((o) => (
              <option key={o.op} value={o.op}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Value
          <input
            name="value"
            type="text"
            maxLength={1000}
            aria-invalid={message !== null}
            aria-describedby={message ? `${id}-error` : undefined}
          />
        </label>
        <button className="q-button" type="submit">
          Add filter
        </button>
        {message ? (
          <p className="q-error" role="alert" id={`${id}-error`}>
            {message}
          </p>
        ) : null}
      </fieldset>
    </form>
  );
}
