"use client";

import { useActionState } from "react";

import { saveSettingsAction } from "../../actions";
import type { SettingsField, SettingsFormState } from "../../actions";

const FIELDS: {
  name: SettingsField;
  label: string;
  hint: string;
  multiline?: boolean;
  maxLength: number;
}[] = [
  {
    name: "title",
    label: "Site title",
    hint: "In every page's title, the feeds and OpenGraph.",
    maxLength: 100,
  },
  {
    name: "description",
    label: "Description",
    hint: "The home page's meta description and the feeds'.",
    maxLength: 300,
  },
  {
    name: "lang",
    label: "Language",
    hint: "A language tag: en, fr, pt-BR. Sets <html lang>.",
    maxLength: 35,
  },
  {
    name: "author",
    label: "Author",
    hint: "The byline of the feeds and the Content API's author.",
    maxLength: 100,
  },
  {
    name: "navigation",
    label: "Navigation links",
    hint: "One per line: Label | /path or Label | https://… (after Home, Tags, Search and the pages).",
    multiline: true,
    maxLength: 6000,
  },
];

/** The settings form: saved by a server action, each invalid field with its message beside it. */
export function SettingsForm({ initial }: { initial: SettingsFormState["values"] }) {
  const [state, action, pending] = useActionState(saveSettingsAction, {
    values: initial,
    errors: {},
    saved: false,
  });
  return (
    <form action={action} noValidate data-testid="settings-form">
      {state.saved ? (
        <p className="q-notice" role="status">
          Settings saved.
        </p>
      ) : null}
      {Object.keys(state.errors).length > 0 ? (
        <p className="q-error" role="alert">
          Nothing was saved: check the fields marked below.
        </p>
      ) : null}
      {FIELDS.map((f) => {
        const error = state.errors[f.name];
        const props = {
          name: f.name,
          defaultValue: state.values[f.name],
          maxLength: f.maxLength,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": `${f.name}-hint${error ? ` ${f.name}-error` : ""}`,
        };
        return (
          // The key includes the submitted value, so a server answer resets what is shown.
          <div className="q-fields" key={`${f.name}:${state.values[f.name]}`}>
            <label htmlFor={`settings-${f.name}`}>{f.label}</label>
            {f.multiline ? (
              <textarea id={`settings-${f.name}`} rows={5} {...props} />
            ) : (
              <input id={`settings-${f.name}`} {...props} />
            )}
            <small className="q-muted" id={`${f.name}-hint`}>
              {f.hint}
            </small>
            {error ? (
              <small
                className="q-field-error"
                id={`${f.name}-error`}
                data-testid={`error-${f.name}`}
              >
                {error}
              </small>
            ) : null}
          </div>
        );
      })}
      <p>
        <button className="q-button" type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </button>
      </p>
    </form>
  );
}
