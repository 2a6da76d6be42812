import { isLoopbackHost } from "./loopback";

/** 0.0.0.0 and :: listen on every interface of the machine. */
export function listensEverywhere(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "[::]";
}

/**
 * A URL that reaches, from this machine, a server listening on `host`: through loopback (spelled `loopbackName`)
 * when it listens there or everywhere, else through the one address it listens on.
 */
export function localUrlOf(host: string, port: number, loopbackName = "127.0.0.1"): string {
  if (listensEverywhere(host) || isLoopbackHost(host)) return `http://${loopbackName}:${port}`;
  return `http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`;
}

/** For the start banner: who can reach a server listening on `host`, and the setting that changes it. */
export function reachOf(host: string, setting: string): string {
  if (isLoopbackHost(host)) return `this machine only; ${setting} opens it`;
  if (listensEverywhere(host)) return `every interface (${setting}=${host})`;
  return `${host} only (${setting})`;
}
