import { describe, expect, it } from "vitest";
import { consentWire, streamWires } from "@tsunagi/bridge-wire/relay-wire";
import { postChanges } from "./bridge-client";
import { relayStreams } from "./relay-streams";

describe("the relay posts to the bridge as @tsunagi/bridge-wire defines it (ADR 128)", () => {
  it("carries every stream on the wire, and no stream the wire does not have", () => {
    expect(relayStreams.map((stream) => stream.wire)).toEqual(streamWires);
  });

  it("has exactly one stream whose mark is the heartbeat itself: the consent outbox's", () => {
    expect(relayStreams.filter((stream) => !stream.wire.heartbeat.optional).map((stream) => stream.wire)).toEqual([consentWire]);
  });

  it("cannot post to a path typed here: the path is the wire's", async () => {
    const nowhere = new AbortController();
    nowhere.abort(new Error("not sent"));
    const typed = { ...consentWire, changes: { ...consentWire.changes, path: "/internal/v1/consent-change" } };
    // @ts-expect-error A path typed as text is not a WirePath; the bridge would not know it.
    await expect(postChanges("http://127.0.0.1:9", "token", typed, [], nowhere.signal)).rejects.toThrow("not sent");
  });
});
