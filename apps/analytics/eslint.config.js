import base, { boundaries } from "@quire/eslint-config/base";
import next from "@quire/eslint-config/next";

export default [
  ...base,
  ...next,
  boundaries("analytics"),
  // The custom server is plain JavaScript run by Node.
  {
    files: ["server.mjs"],
    languageOptions: {
      globals: { console: "readonly", process: "readonly", fetch: "readonly", setTimeout: "readonly", globalThis: "readonly" },
    },
  },
];
