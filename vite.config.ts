import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type Plugin } from "vite";
import { compression, defineAlgorithm } from "vite-plugin-compression2";
import { fileWatching } from "./server/vite-file-watching";
import { onBuildWarning } from "./server/vite-build-warnings";
import { routeTexts } from "./server/vite-route-texts";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The browser's files compressed once at build, brotli at its best and gzip beside it (issue 60 item 2; ADR 154): the
 * server sends the .br or .gz a browser accepts (server/app-server.ts) instead of compressing each answer at level 1.
 * The client build only: the server's bundle is never downloaded.
 */
function precompressedAssets(): Plugin {
  const plugin = compression({ include: /\.(js|css|svg|json|webmanifest)$/, exclude: /(^|\/)\.vite\//, threshold: 1024, algorithms: [defineAlgorithm("brotliCompress"), defineAlgorithm("gzip", { level: 9 })], logLevel: "silent", scheduler: { limit: 2 } }) as Plugin;
  return { ...plugin, apply: (_config, env) => env.command === "build" && !env.isSsrBuild };
}

/** The translator of every language and the texts themselves: imported for their exports only. */
const textsModule = /\/app\/i18n\/(i18n|resources|bundles\/[^/]+)\.ts$|\/locales\/[^/]+\/[^/]+\.json$/;
/** The domain's browser-side modules: definitions only (schemas, rules, tables), nothing that runs for its effect. */
const domainModule = /\/app\/domain\/.*\.tsx?$/;

export default defineConfig(({ command, isSsrBuild }) => ({
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
    // Each page's texts with its route (ADR 156).
    routeTexts(),
    precompressedAssets(),
  ],
  resolve: {
    alias: {
      "~": new URL("./app", import.meta.url).pathname,
      // The browser's build takes react-i18next's hook and provider from a module of our own (ADR 162); the server's and
      // Vite's development server keep the package.
      ...(command === "build" && isSsrBuild !== true ? { "react-i18next": new URL("./app/i18n/browser-react-i18next.ts", import.meta.url).pathname } : {}),
    },
  },
  // React's JSX runtime with furigana for やさしい日本語 (ADR 037); tsconfig.json says the same to tsc and tsx.
  esbuild: { jsxImportSource: "@tsunagi/furigana-jsx" },
  // Resource routes make empty client chunks: not worth a line each (server/vite-build-warnings.ts).
  // The manifest is kept (build/client/.vite/manifest.json): the server reads from it where each language's texts went,
  // to have a page preload its own (ADR 153).
  // The texts' modules have no side effects (ADR 153): a client module that imports the server's translator without
  // calling it (installable-app's manifest words, a route's action) must not pull every language's texts into the page.
  // The domain's modules are declared effect-free for the browser's build only (ADR 161): on the server, a domain module
  // may be imported for what it does as it loads (the build instance a test serves read another's settings without).
  // The server's build stays one module (a dynamic import, as of the table of every text file, would split it): a test
  // that serves its own instance of the build (server/app-server.ts, ownBuildInstance) gets its own copy of every module.
  build: {
    target: "es2022",
    manifest: true,
    rollupOptions: {
      onwarn: onBuildWarning,
      treeshake: { moduleSideEffects: (id) => !textsModule.test(id) && (isSsrBuild === true || !domainModule.test(id)) },
      ...(isSsrBuild === true ? { output: { inlineDynamicImports: true } } : {}),
    },
  },
  server: { port: 3000 },
}));
