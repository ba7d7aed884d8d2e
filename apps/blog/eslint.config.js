import base, { boundaries } from "@quire/eslint-config/base";
import next from "@quire/eslint-config/next";

export default [
  ...base,
  ...next,
  boundaries("blog"),
  // The custom server is plain JavaScript run by Node.
  { files: ["server.mjs"], languageOptions: { globals: { process: "readonly" } } },
];
