// ESLint flat config. `npm test` runs `eslint . --max-warnings 0`, so a warning fails the build like an error.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Code that runs under Node only and talks to people through the terminal.
const nodeScriptDirs = ["scripts/**", "prisma/**", "pipeline-bridge/**", "tests/**", "bench/**"];

export default defineConfig([
  globalIgnores([
    "build/",
    "app/generated/",
    "node_modules/",
    ".data/",
    ".cache/",
    "test-results/",
    "playwright-report/",
    "public/build/",
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // The app logs through console.warn/console.error on purpose; stray console.log is a leftover.
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },

  // The Remix app: browser code, plus server modules that also see Node's globals.
  {
    files: ["app/**/*.{js,jsx,ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["app/**/*.server.{ts,tsx}", "app/**/.server/**", "app/entry.server.tsx", "app/routes/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.node } },
  },

  // Hooks rules wherever components and hooks live.
  {
    files: ["**/*.tsx", "app/**/*.ts"],
    ...reactHooks.configs.flat.recommended,
  },

  // Scripts, database tooling, the pipeline bridge, tests and config files run under Node.
  {
    files: [...nodeScriptDirs, "*.config.{js,ts,mjs,cjs}", "emails/**"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: nodeScriptDirs,
    rules: { "no-console": "off" },
  },
]);
