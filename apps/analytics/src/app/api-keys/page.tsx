import { Card } from "@quire/ui";

import { env } from "~/env";
import { adminPage } from "~/server/caller";

import { ApiKeys } from "./_components/api-keys";

export const metadata = { title: "API keys" };

/** Stats API keys: create (shown once), list, revoke. `ANALYTICS_API_KEY` (env) works beside them. */
export default async function ApiKeysPage() {
  await adminPage("/api-keys");
  const endpoint = `${env.ANALYTICS_URL.replace(/\/+$/, "")}/api/v2/query`;
  return (
    <>
      <h1>API keys</h1>
      <p className="q-muted">
        Keys for the Stats API (<code>POST {endpoint}</code>, Plausible&apos;s v2 query format) with{" "}
        <code>Authorization: Bearer &lt;key&gt;</code>. A key is shown once, when it is created; only its hash is kept.
        {env.ANALYTICS_API_KEY ? " The key set in ANALYTICS_API_KEY works as well." : null}
      </p>
      <Card>
        <ApiKeys />
      </Card>
    </>
  );
}
