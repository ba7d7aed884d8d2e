import { checkPeers, getBlogHealth } from "@quire/blog-api";
import { requireAdmin } from "@quire/auth/next";
import type { PeerStatus } from "@quire/trpc";
import { Card, formatBytes, formatNumber, StatusPill } from "@quire/ui";

import { getPeers, runtime } from "~/server/runtime";

export const metadata = { title: "System" };

function Peer({ name, status }: { name: string; status: PeerStatus }) {
  return (
    <Card testId={`peer-${name}`}>
      <h3>
        {name} <StatusPill up={status.up} />
      </h3>
      <p className="q-muted">
        {status.url} · {status.latencyMs} ms
      </p>
      {status.up ? (
        <ul>
          {Object.entries(status.health.counts).map(([k, v]) => (
            <li key={k}>
              {k}: {formatNumber(v)}
            </li>
          ))}
          <li>database: {formatBytes(status.health.database.sizeBytes)}</li>
          <li>uptime: {status.health.uptimeSeconds} s</li>
        </ul>
      ) : (
        <p className="q-error">{status.error}</p>
      )}
    </Card>
  );
}

export default async function SystemPage() {
  await requireAdmin(await runtime.getAuth(), "/admin/system");
  await runtime.start();
  const [self, peers] = await Promise.all([
    getBlogHealth(runtime.getDb()),
    getPeers().then(checkPeers),
  ]);
  return (
    <>
      <h1>System</h1>
      <Card title="This blog" testId="self">
        <ul>
          <li>
            database: {runtime.location.databasePath} ({formatBytes(self.database.sizeBytes)},{" "}
            {self.database.journalMode})
          </li>
          <li>migrations applied: {self.database.migrations}</li>
          <li>
            writer: {formatNumber(self.writer.units)} writes in {formatNumber(self.writer.batches)}{" "}
            commits (mean batch {self.writer.meanBatchSize}), {self.writer.failedUnits} failed,
            queue {self.writer.queueDepth}
          </li>
          {Object.entries(self.counts).map(([k, v]) => (
            <li key={k}>
              {k}: {formatNumber(v)}
            </li>
          ))}
        </ul>
      </Card>
      <h2>Peers (over tRPC service calls)</h2>
      <div className="q-grid">
        <Peer name="search" status={peers.search} />
        <Peer name="analytics" status={peers.analytics} />
      </div>
    </>
  );
}
