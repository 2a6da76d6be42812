declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request CSP nonce; every inline script Remix renders carries it. */
    cspNonce: string;
    /** The client's address as Express saw it (loopback proxies trusted only). */
    clientAddress: string;
  }
}

export {};
