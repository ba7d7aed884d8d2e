import { Card, Notice } from "@quire/ui";
import { notFound } from "next/navigation";

import { env } from "~/env";
import { adminPage } from "~/server/caller";

import {
  createFunnelAction,
  createGoalAction,
  deleteFunnelAction,
  deleteGoalAction,
  deleteSiteAction,
  updateSiteAction,
} from "../../actions";

export const metadata = { title: "Site settings" };

export default async function SettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const caller = await adminPage(`/sites/${id}/settings`);
  const site = await caller.sites.get({ id: Number(id) }).catch(() => null);
  if (!site) notFound();
  const [goals, funnels] = await Promise.all([caller.goals.list({ siteId: site.id }), caller.funnels.list({ siteId: site.id })]);
  const origin = env.ANALYTICS_URL.replace(/\/+$/, "");
  return (
    <>
      <div className="qa-title">
        <h1>{site.domain} settings</h1>
        <a href={`/sites/${site.id}`}>Dashboard</a>
      </div>
      <Notice params={await searchParams} />
      <Card title="General">
        <form className="q-form" action={updateSiteAction} data-testid="site-settings">
          <input type="hidden" name="id" value={site.id} />
          <label>
            Domain
            <input name="domain" defaultValue={site.domain} required />
          </label>
          <label>
            Name
            <input name="name" defaultValue={site.name} />
          </label>
          <label>
            Time zone
            <input name="timezone" defaultValue={site.timezone} />
          </label>
          <label>
            Keep raw events (days, 0 = forever)
            <input name="retentionDays" type="number" min={0} defaultValue={site.retentionDays} />
          </label>
          <label>
            Excluded paths (one per line, * and ** wildcards)
            <textarea name="excludedPaths" rows={3} defaultValue={site.excludedPaths.join("\n")} />
          </label>
          <label className="qa-check">
            <input type="checkbox" name="publicShare" defaultChecked={site.shareToken !== null} /> Public share link (read-only, no login)
          </label>
          <button className="q-button" type="submit">
            Save
          </button>
        </form>
        {site.shareToken ? (
          <p data-testid="share-link">
            Share link: <a href={`/share/${site.shareToken}`}>{`${origin}/share/${site.shareToken}`}</a>
          </p>
        ) : null}
      </Card>

      <Card title="Tracking code">
        <p>Our tracker (≈1.4 KB gzipped: pageviews, SPA navigation, custom events, outbound links, file downloads):</p>
        <pre className="qa-code">{`<script defer data-domain="${site.domain}" src="${origin}/script.js"></script>`}</pre>
        <p>
          Plausible&apos;s trackers work unchanged with <code>apiHost: &quot;{origin}&quot;</code> (plausible-tracker) or{" "}
          <code>endpoint: &quot;{origin}/api/event&quot;</code> (@plausible-analytics/tracker). Umami clients: <code>hostUrl: &quot;{origin}&quot;</code>,{" "}
          <code>websiteId: &quot;{site.id}&quot;</code>. Without JavaScript:
        </p>
        <pre className="qa-code">{`<script src="${origin}/a.js?id=${site.domain}"></script>\n<noscript><img src="${origin}/a.gif?id=${site.domain}" alt=""></noscript>`}</pre>
      </Card>

      <Card title="Goals" testId="goals-settings">
        <span id="goals" />
        <ul>
          {goals.map((g) => (
            <li key={g.id}>
              {g.kind === "page" ? `Visit ${g.value}` : `Event ${g.value}`}{" "}
              <DeleteForm action={deleteGoalAction} siteId={site.id} id={g.id} label={`Delete goal ${g.value}`} />
            </li>
          ))}
        </ul>
        <form className="qa-inline" action={createGoalAction}>
          <input type="hidden" name="siteId" value={site.id} />
          <select name="kind" aria-label="Goal kind" defaultValue="page">
            <option value="page">Page visit</option>
            <option value="event">Custom event</option>
          </select>
          <input name="value" placeholder="/signup or Signup" aria-label="Goal page or event" required />
          <button className="q-button secondary" type="submit">
            Add goal
          </button>
        </form>
      </Card>

      <Card title="Funnels" testId="funnels-settings">
        <span id="funnels" />
        <ul>
          {funnels.map((f) => (
            <li key={f.id}>
              {f.name}: {f.steps.map((s) => s.value).join(" → ")}{" "}
              <DeleteForm action={deleteFunnelAction} siteId={site.id} id={f.id} label={`Delete funnel ${f.name}`} />
            </li>
          ))}
        </ul>
        <form className="q-form" action={createFunnelAction}>
          <input type="hidden" name="siteId" value={site.id} />
          <label>
            Funnel name
            <input name="name" required />
          </label>
          <label>
            Steps, one per line (a /path is a page, anything else an event)
            <textarea name="steps" rows={4} required placeholder={"/\n/pricing\nSignup"} />
          </label>
          <button className="q-button secondary" type="submit">
            Add funnel
          </button>
        </form>
      </Card>

      <Card title="Danger zone">
        <form action={deleteSiteAction}>
          <input type="hidden" name="id" value={site.id} />
          <button className="q-button" type="submit">
            Delete {site.domain} and all its data
          </button>
        </form>
      </Card>
    </>
  );
}

/** A one-button form that deletes a site's goal or funnel by id. */
function DeleteForm({
  action,
  siteId,
  id,
  label,
}: {
  action: (form: FormData) => Promise<void>;
  siteId: number;
  id: number;
  label: string;
}) {
  return (
    <form className="q-inline-form" action={action}>
      <input type="hidden" name="siteId" value={siteId} />
      <input type="hidden" name="id" value={id} />
      <button className="q-linkbutton" type="submit" aria-label={label}>
        delete
      </button>
    </form>
  );
}
