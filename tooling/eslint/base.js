import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Import boundaries that keep the architecture honest (see ARCHITECTURE.md):
 * nothing imports an app; a package or app may use another app's API only
 * through its `./client` entry, and never another app's database package.
 * `scripts/check-boundaries.mjs` checks the same rules over package.json files.
 */
export function boundaries(/** @type {string | undefined} */ ownApp) {
  const apps = ["blog", "search", "analytics", "diary"];
  const others = apps.filter((a) => a !== ownApp);
  return {
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@quire/blog", "@quire/search", "@quire/analytics", "@quire/diary", "**/apps/*"],
              message: "Nothing imports an app: apps are leaves.",
            },
            ...others.map((a) => ({
              regex: `^@quire/${a}-db(/.*)?$`,
              message: `Only the ${a} app opens its own database: talk to it over tRPC (@quire/${a}-api/client).`,
            })),
            ...others.map((a) => ({
              regex: `^@quire/${a}-api(?!/client$)(/.*)?$`,
              message: `Use @quire/${a}-api/client (typed tRPC client) to talk to the ${a} app.`,
            })),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ["**/.next/**", "**/dist/**", "**/node_modules/**", "**/*.config.*", "**/drizzle/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["warn", { prefer: "type-imports", fixStyle: "separate-type-imports" }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/only-throw-error": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
