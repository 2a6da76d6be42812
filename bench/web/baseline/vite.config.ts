/**
 * The anchor of the web bench (issue 30): Remix's own Express template, built on its own (`remix vite:build
 * bench/web/baseline`, run by bench/web/run-web-benchmarks.ts) into bench/web/baseline/build/ (gitignored). The
 * template's flags, React's own JSX runtime (not the app's furigana runtime), nothing of Tsunagi's.
 */
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    remix({
      appDirectory: "app",
      buildDirectory: "build",
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  // The root tsconfig.json names the app's furigana JSX runtime; the template uses React's.
  esbuild: { jsx: "automatic", jsxImportSource: "react" },
  build: { target: "es2022" },
  logLevel: "error",
});
