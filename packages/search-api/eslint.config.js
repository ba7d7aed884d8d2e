import base, { boundaries } from "@quire/eslint-config/base";

export default [
  ...base,
  boundaries("search"),
  {
    // Tests read JSON answers of the REST API loosely (`body.documents[0].score`); the code under test stays strict.
    files: ["src/**/*.test.ts", "src/scout/testing.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
];
