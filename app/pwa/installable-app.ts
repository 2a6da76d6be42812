/**
 * The installable app (issue 32 item 4; ADR 109): what the web app manifest says in each language, and the app shell
 * the service worker keeps on the device — only the app's own, non-personal files: the offline page in each language,
 * the manifests, the icons and the offline page's stylesheet. Never a page of the app that a session could change.
 */
import { translator } from "../i18n/i18n";
import { htmlLangOf, supportedLanguages, type SupportedLanguage } from "../i18n/languages";

/** The manifest's address for a language: the browser fetches it without cookies, so the language is in the URL. */
export const manifestPath = (language: SupportedLanguage) => `/manifest/${language}`;

/** The page the service worker answers a navigation with when the network fails. */
export const offlinePath = (language: SupportedLanguage) => `/offline/${language}`;

/** The service worker's address and scope. `?lang=` tells it the reader's language (ADR 109). */
export const serviceWorkerPath = "/sw.js";

/** The offline page's own small stylesheet (public/offline.css): no build step names it, so its address never changes. */
export const offlineStylesheetPath = "/offline.css";

/** The participant's home: where the installed app opens (a reader not signed in is sent on to sign in). */
export const appStartPath = "/home";

/** The programme's blue (public/favicon.svg) and the page's white. */
export const themeColour = "#0b5394";
const backgroundColour = "#ffffff";

export interface ManifestIcon {
  src: string;
  sizes: string;
  type: "image/png" | "image/svg+xml";
  purpose: "any" | "maskable";
}

/** Drawn by scripts/make-app-icons.ts into public/ (committed; the server serves only its top-level files), beside the favicon. */
export const appIcons: readonly ManifestIcon[] = [
  { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
  { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
  { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
  { src: "/favicon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
];

/** For iOS, which reads no manifest icons: an opaque square at the address iOS also asks for unprompted (drawn with the others). */
export const appleTouchIconPath = "/apple-touch-icon.png";

/** The web app manifest for one language (W3C Web Application Manifest). */
export function webAppManifest(language: SupportedLanguage) {
  const t = translator(language, "common");
  return {
    // One app whatever the language: the id must not change with it, or each language would install as another app.
    id: appStartPath,
    name: t("installableApp.name"),
    short_name: t("installableApp.shortName"),
    description: t("installableApp.description"),
    lang: htmlLangOf(language),
    dir: "ltr",
    start_url: appStartPath,
    scope: "/",
    display: "standalone",
    theme_color: themeColour,
    background_color: backgroundColour,
    icons: appIcons.map((icon) => ({ ...icon })),
  };
}

/**
 * Everything the service worker keeps (its precache): fetched without cookies at install, none of it depends on who is
 * signed in. Adding a page of the app here would put what it shows on the device: only the offline pages belong.
 */
export function appShellPaths(): string[] {
  return [
    ...supportedLanguages.map(offlinePath),
    ...supportedLanguages.map(manifestPath),
    offlineStylesheetPath,
    ...appIcons.map((icon) => icon.src),
    appleTouchIconPath,
  ];
}

/**
 * The page's one line that registers the service worker (ADR 109): inline, so that it runs on pages sent without the
 * app's scripts (ADR 085) at the cost of no request, under the page's nonce (a cached public page allows it by its hash,
 * ADR 071). After the page's load event, so that installing never competes with the page the reader opened; without
 * JavaScript, or without service workers, nothing happens and every page works as it did.
 */
export function serviceWorkerRegistrationScript(language: SupportedLanguage): string {
  return `if("serviceWorker"in navigator)window.addEventListener("load",function(){navigator.serviceWorker.register(${JSON.stringify(serviceWorkerScriptUrl(language))},{scope:"/"}).catch(function(){});});`;
}

/**
 * The address every page registers the worker at: a page's own script that needs the registration (Web Push) should wait
 * for `navigator.serviceWorker.ready`, or register this same address — another one (a bare /sw.js) installs the worker
 * anew, and the next page installs it back.
 */
export function serviceWorkerScriptUrl(language: SupportedLanguage): string {
  return `${serviceWorkerPath}?lang=${encodeURIComponent(language)}`;
}
