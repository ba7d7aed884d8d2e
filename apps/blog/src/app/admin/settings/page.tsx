import { getSiteSettings } from "@quire/blog-api";

import { SettingsForm } from "./_components/settings-form";
import { adminPage } from "~/server/admin";

export const metadata = { title: "Settings" };

/** General settings, as in Ghost: what every public page, feed and the Content API show. */
export default async function AdminSettingsPage() {
  const { quire } = await adminPage("/admin/settings");
  const s = getSiteSettings(quire);
  return (
    <>
      <h1>Settings</h1>
      <SettingsForm
        initial={{
          title: s.title,
          description: s.description,
          lang: s.lang,
          author: s.author,
          navigation: s.navigation.map((l) => `${l.label} | ${l.url}`).join("\n"),
        }}
      />
    </>
  );
}
