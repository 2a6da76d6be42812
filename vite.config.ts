import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { fileWatching } from "./server/vite-file-watching";
import { onBuildWarning } from "./server/vite-build-warnings";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    // Not the files under .data/ and build/, and nothing where the app never reloads (tests; issue 26).
    fileWatching(),
    remix({
      // Every v3 flag on, so the move to React Router v7 stays a codemod (docs/decisions/001-stack.md).
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
  resolve: {
    alias: { "~": new URL("./app", import.meta.url).pathname },
  },
  // React's JSX runtime with furigana for やさしい日本語 (ADR 037); tsconfig.json says the same to tsc and tsx.
  esbuild: { jsxImportSource: "@tsunagi/furigana-jsx" },
  // Resource routes make empty client chunks: not worth a line each (server/vite-build-warnings.ts).
  build: { target: "es2022", rollupOptions: { onwarn: onBuildWarning } },
  server: { port: 3000 },
});
