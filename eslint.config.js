import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "data/**", "bin/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Configuration is read once at boot (src/config.ts) and handed down; the CLI is the edge.
    files: ["src/**/*.ts"],
    ignores: ["src/config.ts", "src/cli/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "read configuration in src/config.ts" },
      ],
    },
  },
  {
    // The core is pure: no I/O adapters.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            "**/storage/**",
            "**/http/**",
            "**/cli/**",
            "node:fs",
            "node:net",
            "node:http",
            "fastify",
            "kysely",
            "pg",
            "better-sqlite3",
          ],
        },
      ],
    },
  },
);
