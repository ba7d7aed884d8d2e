import base, { boundaries } from "@quire/eslint-config/base";

export default [
  ...base,
  boundaries(),
  // The custom server and its page cache are plain JavaScript run by Node untranspiled.
  {
    files: ["src/**/*.mjs"],
    languageOptions: {
      globals: {
        Buffer: "readonly",
        console: "readonly",
        fetch: "readonly",
        globalThis: "readonly",
        process: "readonly",
        setTimeout: "readonly",
      },
    },
  },
];
