import { describe, expect, it } from "vitest";
import { heartbeatsPath, streamWires } from "@tsunagi/bridge-wire/relay-wire";
import { bridgeStreams } from "./bridge-streams";
import { Router } from "./http/router";
import { createRouter } from "./server";

describe("the bridge serves the relay's wire as @tsunagi/bridge-wire defines it (ADR 128)", () => {
  it("takes every stream on the wire, and no stream the wire does not have", () => {
    expect(bridgeStreams.map((stream) => stream.wire)).toEqual(streamWires);
  });

  it("serves every path of the wire, and nothing else under /internal/", () => {
    const wirePaths = [...streamWires.flatMap((wire) => [wire.changes.path, wire.heartbeat.path]), heartbeatsPath];
    const served = createRouter()
      .routes()
      .filter((route) => route.pattern.startsWith("/internal/"));
    expect(served.map((route) => route.method)).toEqual(served.map(() => "POST"));
    expect(served.map((route) => route.pattern).sort()).toEqual([...wirePaths].sort());
  });

  it("cannot register a path under /internal/ typed here: it must be the wire's", () => {
    const router = new Router();
    // @ts-expect-error A path under /internal/ typed as text is refused by the typecheck; the relay would not know it.
    router.post("/internal/v1/consent-change", () => undefined);
    router.post(heartbeatsPath, () => undefined);
    router.post("/v1/decisions", () => undefined);
    expect(router.routes().map((route) => route.pattern)).toEqual(["/internal/v1/consent-change", "/internal/v1/heartbeats", "/v1/decisions"]);
  });
});
