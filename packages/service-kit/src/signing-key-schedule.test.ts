import { describe, expect, it } from "vitest";
import { DEFAULT_ACTIVATION_DELAY_MS, JWKS_MAX_AGE_SECONDS, MIN_ACTIVATION_DELAY_MS, nextSigningChange, signingKeyAt, signingKeyForService } from "./signing-key-schedule";

// ADR 054: which key of a signer's set signs at a given moment.
const at = (iso: string) => Date.parse(iso);
const key = (name: string, signsFrom: string | null, retired = false) => ({ name, signsFrom: signsFrom === null ? null : at(signsFrom), privateKey: retired ? null : { name } });
const names = (chosen: { name: string } | null) => chosen?.name ?? null;

describe("the key that signs at a moment", () => {
  it("a file from before rotations (no activation times) signs with its first key, as it always did", () => {
    const keys = [key("first", null), key("second", null)];
    expect(names(signingKeyAt(keys, at("1970-01-01T00:00:00Z")))).toBe("first");
    expect(names(signingKeyAt(keys, at("2099-01-01T00:00:00Z")))).toBe("first");
  });

  it("a rotated-in key signs from its activation time, to the millisecond, and the newest activation wins", () => {
    const keys = [key("old", null), key("next", "2026-11-24T10:00:00Z"), key("after", "2026-12-24T10:00:00Z")];
    expect(names(signingKeyAt(keys, at("2026-11-24T09:59:59.999Z")))).toBe("old");
    expect(names(signingKeyAt(keys, at("2026-11-24T10:00:00.000Z")))).toBe("next");
    expect(names(signingKeyAt(keys, at("2026-12-24T09:59:59.999Z")))).toBe("next");
    expect(names(signingKeyAt(keys, at("2026-12-24T10:00:00.000Z")))).toBe("after");
    // File order does not matter, only the times: the newest activation not in the future.
    expect(names(signingKeyAt([...keys].reverse(), at("2026-11-30T00:00:00Z")))).toBe("next");
  });

  it("on equal activation times the first in the file signs", () => {
    const keys = [key("a", "2026-11-24T10:00:00Z"), key("b", "2026-11-24T10:00:00Z"), key("forever", null)];
    expect(names(signingKeyAt(keys, at("2026-11-25T00:00:00Z")))).toBe("a");
    expect(names(signingKeyAt([key("x", null), key("y", null)], 0))).toBe("x");
  });

  it("a retired (public-only) key never signs, whatever its place or time", () => {
    const keys = [key("retired", "2026-12-01T00:00:00Z", true), key("current", "2026-11-01T00:00:00Z"), key("retired-forever", null, true)];
    expect(names(signingKeyAt(keys, at("2027-01-01T00:00:00Z")))).toBe("current");
    expect(names(signingKeyAt([key("retired", null, true)], at("2027-01-01T00:00:00Z")))).toBeNull();
  });

  it("no key may sign before every activation, or with only retired keys: null, which a service refuses at start", () => {
    const keys = [key("retired", null, true), key("pending", "2026-11-24T10:00:00Z")];
    expect(signingKeyAt(keys, at("2026-11-24T09:00:00Z"))).toBeNull();
    expect(signingKeyAt([], 0)).toBeNull();
    // A running service whose clock was stepped back keeps signing with the key that activates first.
    expect(names(signingKeyForService(keys, at("2026-11-24T09:00:00Z")))).toBe("pending");
    expect(signingKeyForService([key("retired", null, true)], 0)).toBeNull();
  });

  it("names the next change of signer, skipping activations that do not change it", () => {
    const keys = [key("old", null), key("current", "2026-11-24T10:00:00Z"), key("retired", "2026-11-20T00:00:00Z", true), key("next", "2026-12-01T00:00:00Z")];
    const tied = [key("old", null), key("a", "2026-11-24T10:00:00Z"), key("b", "2026-11-24T10:00:00Z")];
    expect(nextSigningChange(tied, at("2026-11-01T00:00:00Z"))).toEqual({ at: at("2026-11-24T10:00:00Z"), key: tied[1] });
    expect(nextSigningChange(keys, at("2026-11-25T00:00:00Z"))).toEqual({ at: at("2026-12-01T00:00:00Z"), key: keys[3] });
    expect(nextSigningChange(keys, at("2026-12-02T00:00:00Z"))).toBeNull();
  });

  it("a rotation's delays outlast every cache of the published keys", () => {
    expect(MIN_ACTIVATION_DELAY_MS).toBeGreaterThan(JWKS_MAX_AGE_SECONDS * 1000);
    expect(DEFAULT_ACTIVATION_DELAY_MS).toBeGreaterThanOrEqual(MIN_ACTIVATION_DELAY_MS);
  });
});
