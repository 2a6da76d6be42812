// The service worker's script (ADR 109) run in a stand-in worker scope: what a navigation gets online and offline, that
// nothing but the shell is ever put in a cache, and what a push shows and opens (ADR 110's payload).
import { describe, expect, it, vi } from "vitest";
import { appShellPaths } from "./installable-app";
import { precacheListOf, serviceWorkerScript } from "./service-worker-script.server";

type Listener = (event: Record<string, unknown>) => void;

async function startWorker(language: string, options: { online: boolean }) {
  const listeners = new Map<string, Listener>();
  const stored = new Map<string, Map<string, Response>>();
  const fetched: string[] = [];
  const origin = "https://tsunagi.example";
  const caches = {
    open: async (name: string) => {
      const cache = stored.get(name) ?? new Map<string, Response>();
      stored.set(name, cache);
      return {
        addAll: async (requests: Request[]) => {
          for (const request of requests) cache.set(new URL(request.url, origin).pathname, new Response(`kept ${request.url}`));
        },
        match: async (path: string) => cache.get(path)?.clone(),
      };
    },
    keys: async () => [...stored.keys()],
    delete: async (name: string) => stored.delete(name),
  };
  const scope = {
    location: new URL(`${origin}/sw.js?lang=${language}`),
    addEventListener: (type: string, listener: Listener) => listeners.set(type, listener),
    skipWaiting: vi.fn(async () => {}),
    clients: { claim: vi.fn(async () => {}), matchAll: vi.fn(async () => []), openWindow: vi.fn(async () => null) },
    registration: { showNotification: vi.fn(async () => {}), navigationPreload: { enable: vi.fn(async () => {}) } },
  };
  const fetchStandIn = async (request: Request | string) => {
    const url = typeof request === "string" ? request : request.url;
    fetched.push(url);
    if (!options.online) throw new TypeError("Failed to fetch");
    return new Response(`from the network: ${url}`);
  };
  const RequestInScope = class extends Request {
    constructor(input: string, init?: RequestInit) {
      super(new URL(input, origin), init);
    }
  };
  new Function("self", "caches", "fetch", "Request", "Response", await serviceWorkerScript())(scope, caches, fetchStandIn, RequestInScope, Response);
  const dispatch = async (type: string, event: Record<string, unknown>) => {
    let answer: Promise<Response> | undefined;
    let waited: Promise<unknown> | undefined;
    listeners.get(type)!({ ...event, respondWith: (value: Promise<Response>) => (answer = value), waitUntil: (value: Promise<unknown>) => (waited = value) });
    await waited;
    return answer ? await answer : undefined;
  };
  return { scope, stored, fetched, dispatch, origin };
}

const navigation = (url: string) => ({ request: { method: "GET", mode: "navigate", url }, preloadResponse: Promise.resolve(undefined) });

describe("the service worker", () => {
  it("precaches the app shell and nothing else, and keeps only its own cache", async () => {
    expect(precacheListOf(await serviceWorkerScript())).toEqual(appShellPaths());
    const worker = await startWorker("en", { online: true });
    worker.stored.set("an-older-cache", new Map());
    await worker.dispatch("install", {});
    await worker.dispatch("activate", {});
    expect([...worker.stored.keys()]).toHaveLength(1);
    expect([...[...worker.stored.values()][0]!.keys()]).toEqual(appShellPaths());
    expect(worker.scope.clients.claim).toHaveBeenCalled();
  });

  it("answers a navigation from the network when there is one, and with the offline page of its language when not", async () => {
    const online = await startWorker("ja-easy", { online: true });
    await online.dispatch("install", {});
    expect(await (await online.dispatch("fetch", navigation(`${online.origin}/consent`)))!.text()).toBe(`from the network: ${online.origin}/consent`);
    // Nothing the network answered went into a cache.
    expect([...[...online.stored.values()][0]!.keys()]).toEqual(appShellPaths());

    for (const language of ["ja", "ja-easy", "en"]) {
      const offline = await startWorker(language, { online: false });
      await offline.dispatch("install", {});
      expect(await (await offline.dispatch("fetch", navigation(`${offline.origin}/consent/history`)))!.text()).toBe(`kept ${offline.origin}/offline/${language}`);
    }
    const unknown = await startWorker("fr", { online: false });
    await unknown.dispatch("install", {});
    expect(await (await unknown.dispatch("fetch", navigation(`${unknown.origin}/home`)))!.text()).toBe(`kept ${unknown.origin}/offline/ja`);
  });

  it("leaves other requests, posts and other origins to the browser", async () => {
    const worker = await startWorker("en", { online: true });
    expect(await worker.dispatch("fetch", { request: { method: "GET", mode: "cors", url: `${worker.origin}/consent.data` } })).toBeUndefined();
    expect(await worker.dispatch("fetch", { request: { method: "POST", mode: "navigate", url: `${worker.origin}/consent` } })).toBeUndefined();
    expect(await worker.dispatch("fetch", { request: { method: "GET", mode: "navigate", url: "https://elsewhere.example/" } })).toBeUndefined();
  });

  it("shows a push's title and body and opens its own page; a bad payload shows a plain notice that opens the home page", async () => {
    const worker = await startWorker("en", { online: true });
    const push = (data: unknown) => worker.dispatch("push", { data: data === undefined ? null : { json: () => (typeof data === "string" ? JSON.parse(data) : data) } });
    await push({ title: "A decision waits", body: "Open Tsunagi to see it.", url: "/consent", tag: "reconsent", lang: "ja-easy" });
    expect(worker.scope.registration.showNotification).toHaveBeenLastCalledWith("A decision waits", expect.objectContaining({ body: "Open Tsunagi to see it.", tag: "reconsent", lang: "ja", data: { url: "/consent" } }));
    await push({ title: "Elsewhere", body: "…", url: "https://evil.example/steal" });
    expect(worker.scope.registration.showNotification).toHaveBeenLastCalledWith("Elsewhere", expect.objectContaining({ data: { url: "/home" } }));
    for (const bad of [undefined, "not json", { body: "no title" }, [1, 2]]) {
      await push(bad);
      expect(worker.scope.registration.showNotification).toHaveBeenLastCalledWith("Tsunagi", expect.objectContaining({ body: "There is something new for you in Tsunagi.", data: { url: "/home" } }));
    }

    const close = vi.fn();
    await worker.dispatch("notificationclick", { notification: { close, data: { url: "/consent/questions" } } });
    expect(close).toHaveBeenCalled();
    expect(worker.scope.clients.openWindow).toHaveBeenLastCalledWith(`${worker.origin}/consent/questions`);
    await worker.dispatch("notificationclick", { notification: { close, data: { url: "javascript:alert(1)" } } });
    expect(worker.scope.clients.openWindow).toHaveBeenLastCalledWith(`${worker.origin}/home`);
  });
});
