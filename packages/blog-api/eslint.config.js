import base, { boundaries } from "@quire/eslint-config/base";

export default [
  ...base,
  boundaries("blog"),
  {
    // Cross-app tests serve the peers in-process (their real router and a test
    // database, from the peers' `./testing` entries); app code still may not.
    files: ["src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@quire/blog",
                "@quire/search",
                "@quire/analytics",
                "@quire/diary",
                "**/apps/*",
              ],
              message: "Nothing imports an app: apps are leaves.",
            },
            ...["search", "analytics", "diary"].flatMap((app) => [
              {
                regex: `^@quire/${app}-db(/.*)?$`,
                message: `Only the ${app} app opens its own database: use @quire/${app}-api/testing in tests.`,
              },
              {
                regex: `^@quire/${app}-api(?!/(client|testing)$)(/.*)?$`,
                message: `Use @quire/${app}-api/client (or ./testing in tests) to talk to the ${app} app.`,
              },
            ]),
          ],
        },
      ],
    },
  },
];
