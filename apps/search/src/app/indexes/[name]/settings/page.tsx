import {
  getIndexFields,
  getIndexSettings,
  IndexFieldsOutput,
  IndexSettingsOutput,
} from "@quire/search-api";

import { TRPCReactProvider } from "~/app/_components/trpc";
import { IndexHeader } from "../_components/index-header";
import { indexTitle, openIndexPage } from "../_lib/index-page";
import { SettingsForm } from "./_components/settings-form";

export const generateMetadata = indexTitle("Settings of");

/** An index's search settings (weights, tokenizer, synonyms, stop words) and declared metadata types. */
export default async function SettingsPage({ params }: { params: Promise<{ name: string }> }) {
  const { index, base, quire } = await openIndexPage(params, "settings");
  // Parsed by the procedures' output schemas: plain objects for the client component.
  const settings = IndexSettingsOutput.parse(getIndexSettings(quire, index.name));
  const fields = IndexFieldsOutput.parse(getIndexFields(quire, index.name));
  return (
    <>
      <IndexHeader index={index} base={base} current="settings" title={`Settings of ${index.name}`}>
        <p className="q-muted">These apply to searches in this index alone.</p>
      </IndexHeader>
      <TRPCReactProvider>
        <SettingsForm
          index={index.name}
          effective={settings.effective}
          declared={fields.declared}
          inferred={fields.inferred}
        />
      </TRPCReactProvider>
    </>
  );
}
