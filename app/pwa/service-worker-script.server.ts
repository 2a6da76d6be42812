import { createHash } from "node:crypto";
import { translator } from "../i18n/i18n";
import { defaultLanguage, supportedLanguages } from "../i18n/languages";
import { appIcons, appShellPaths, appStartPath, offlinePath, webAppManifest } from "./installable-app";
import { offlinePageHtml } from "./offline-page.server";

/**
 * Raise when an icon or public/offline.css changes: the worker's version is otherwise a hash of what it serves from the
 * app (the offline pages, the manifests, this script), and these static files are not read to make it.
 */
const staticFilesRevision = 1;

/**
 * The service worker (ADR 109), as sent at /sw.js. Network-only: it answers from its cache only the app shell it
 * precached (when the network fails) and, for a navigation the network cannot answer, the offline page in the reader's
 * language. It stores no response of the app but the precached shell, and no other data (no IndexedDB, no messages).
 *
 * The language comes from the script's own address: the page registers `/sw.js?lang=<language>` (app/root.tsx), so the
 * worker knows it without reading a cookie (the `lang` cookie is HttpOnly) or storing anything; a reader who switches
 * language registers the other address and the browser installs the worker again under it.
 *
 * Web Push (ADR 110): `push` shows the payload's title and body (`{title, body, url, tag?, lang?}`) and keeps its
 * same-origin `url` for `notificationclick`; a missing or malformed payload shows a plain "Tsunagi" notice, in the
 * worker's language, that opens the home page. Another origin's `url` opens the home page too.
 */
const workerSource = String.raw`"use strict";
const CONFIG = __CONFIG__;
const CACHE = "tsunagi-shell-" + CONFIG.version;
const hinted = new URL(self.location.href).searchParams.get("lang");
const LANGUAGE = Object.prototype.hasOwnProperty.call(CONFIG.offline, hinted) ? hinted : CONFIG.defaultLanguage;

self.addEventListener("install", (event) => {
  // Fetched without cookies and past the HTTP cache: what is kept is the same for everyone and current.
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(CONFIG.shell.map((path) => new Request(path, { credentials: "omit", cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  // Every other cache of this origin goes: an older shell, or anything any earlier worker might have kept.
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => (self.registration.navigationPreload ? self.registration.navigationPreload.enable() : undefined))
      .then(() => self.clients.claim()),
  );
});

function fromShell(path) {
  return caches.open(CACHE).then((cache) => cache.match(path));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // The network's answer, as it is: never stored. Only when there is no network: the offline page.
    const offline = url.search === "" && Object.values(CONFIG.offline).includes(url.pathname) ? url.pathname : CONFIG.offline[LANGUAGE];
    event.respondWith(
      Promise.resolve(event.preloadResponse)
        .then((preloaded) => preloaded || fetch(request))
        .catch(() => fromShell(offline).then((page) => page || Response.error())),
    );
    return;
  }
  if (url.search === "" && CONFIG.shell.includes(url.pathname)) {
    event.respondWith(fetch(request).catch(() => fromShell(url.pathname).then((kept) => kept || Response.error())));
  }
  // Anything else is left to the browser: the network, as without a worker.
});

function sameOriginPath(value) {
  if (typeof value !== "string" || value === "") return null;
  try {
    const url = new URL(value, self.location.origin);
    return url.origin === self.location.origin ? url.pathname + url.search + url.hash : null;
  } catch {
    return null;
  }
}

self.addEventListener("push", (event) => {
  let message = null;
  try {
    message = event.data ? event.data.json() : null;
  } catch {
    message = null;
  }
  const valid = message !== null && typeof message === "object" && typeof message.title === "string" && message.title !== "" && typeof message.body === "string";
  const options = {
    body: valid ? message.body : CONFIG.notification[LANGUAGE],
    icon: CONFIG.icon,
    lang: valid && typeof message.lang === "string" && Object.prototype.hasOwnProperty.call(CONFIG.htmlLang, message.lang) ? CONFIG.htmlLang[message.lang] : CONFIG.htmlLang[LANGUAGE],
    data: { url: (valid && sameOriginPath(message.url)) || CONFIG.home },
  };
  if (valid && typeof message.tag === "string" && message.tag !== "") options.tag = message.tag;
  event.waitUntil(self.registration.showNotification(valid ? message.title : CONFIG.appName, options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const path = sameOriginPath(event.notification.data && event.notification.data.url) || CONFIG.home;
  const target = new URL(path, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => client.url === target && "focus" in client);
      return open ? open.focus() : self.clients.openWindow(target);
    }),
  );
});
`;

/** The worker's settings, written into the script as JSON. */
async function workerConfig() {
  const offline = Object.fromEntries(supportedLanguages.map((language) => [language, offlinePath(language)]));
  const pages = await Promise.all(supportedLanguages.map((language) => offlinePageHtml(language)));
  const manifests = supportedLanguages.map((language) => JSON.stringify(webAppManifest(language)));
  const settings = {
    shell: appShellPaths(),
    offline,
    defaultLanguage,
    home: appStartPath,
    appName: "Tsunagi",
    icon: appIcons[0]!.src,
    htmlLang: Object.fromEntries(supportedLanguages.map((language) => [language, language === "ja-easy" ? "ja" : language])),
    notification: Object.fromEntries(supportedLanguages.map((language) => [language, translator(language, "common")("installableApp.notification.genericBody")])),
  };
  // A new version whenever anything the worker keeps or says changes: the browser then installs it (the bytes differ),
  // and its activation deletes the old cache.
  const version = createHash("sha256")
    .update(JSON.stringify({ staticFilesRevision, workerSource, settings, pages, manifests }))
    .digest("hex")
    .slice(0, 16);
  return { version, ...settings };
}

let cached: Promise<string> | undefined;

/** The script served at /sw.js: the same bytes for every reader and request, made once per process. */
export function serviceWorkerScript(): Promise<string> {
  cached ??= workerConfig().then((config) => workerSource.replace("__CONFIG__", () => JSON.stringify(config)));
  return cached;
}

/** What the worker precaches, read back from the script as served (tests hold it to the app shell). */
export function precacheListOf(script: string): string[] {
  const match = /^const CONFIG = (.*);$/m.exec(script);
  if (!match) throw new Error("The service worker script names no CONFIG");
  return (JSON.parse(match[1]!) as { shell: string[] }).shell;
}
