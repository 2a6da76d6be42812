declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request CSP nonce; every inline script Remix renders carries it. */
    cspNonce: string;
    /** The client's address: the socket's peer, or what a proxy named in TRUST_PROXY reports (ADR 014). */
    clientAddress: string;
    /** The request's id (X-Request-Id; ADR 027), for a line written while answering it. Absent outside the app server. */
    requestId?: string;
    /**
     * One object per HTTP request, made by the server: what is worked out once for all of a page's loaders (the
     * session) is remembered against it. Remix hands each loader its own copy of the Request, so the Request cannot be.
     */
    requestScope?: object;
    /**
     * Where the production build put each language's texts that every page uses (`/assets/common-….js`, ADR 153, 156),
     * for a page with the app's scripts to preload its own; absent while developing (Vite serves them as asked for).
     */
    textsChunks?: Partial<Record<string, string[]>>;
    /** Where the build put each route module's texts, by module URL and language (ADR 156); absent while developing. */
    routeTexts?: import("./rendering/route-texts").RouteTextsMap;
  }
}

export {};
