import { describe, expect, it } from "vitest";
import { isCrossSiteRequest } from "./cross-site";

const origin = "http://localhost:3000";
const headers = (entries: Record<string, string>) => new Headers(entries);

describe("isCrossSiteRequest", () => {
  it("lets reads through from anywhere", () => {
    expect(isCrossSiteRequest("GET", headers({ "sec-fetch-site": "cross-site" }), origin)).toBe(false);
  });

  it("refuses a POST another site made the browser send", () => {
    expect(isCrossSiteRequest("POST", headers({ "sec-fetch-site": "cross-site" }), origin)).toBe(true);
    expect(isCrossSiteRequest("POST", headers({ "sec-fetch-site": "same-site" }), origin)).toBe(true);
    expect(isCrossSiteRequest("POST", headers({ origin: "https://evil.example" }), origin)).toBe(true);
  });

  it("accepts same-origin posts and typed-in navigations", () => {
    expect(isCrossSiteRequest("POST", headers({ "sec-fetch-site": "same-origin" }), origin)).toBe(false);
    expect(isCrossSiteRequest("POST", headers({ "sec-fetch-site": "none" }), origin)).toBe(false);
    expect(isCrossSiteRequest("POST", headers({ origin }), origin)).toBe(false);
  });

  it("lets a mail client's one-click unsubscribe through, on exactly that path (RFC 8058)", () => {
    const token = "A".repeat(43);
    expect(isCrossSiteRequest("POST", headers({ "sec-fetch-site": "cross-site" }), origin, `/updates/unsubscribe/${token}`)).toBe(false);
    expect(isCrossSiteRequest("POST", headers({ origin: "https://mail.example" }), origin, `/updates/unsubscribe/${token}`)).toBe(false);
    expect(isCrossSiteRequest("POST", headers({ "sec-fetch-site": "cross-site" }), origin, "/updates")).toBe(true);
    expect(isCrossSiteRequest("POST", headers({ "sec-fetch-site": "cross-site" }), origin, `/updates/unsubscribe/${token}/more`)).toBe(true);
    expect(isCrossSiteRequest("POST", headers({ "sec-fetch-site": "cross-site" }), origin, "/updates/unsubscribe/")).toBe(true);
    expect(isCrossSiteRequest("POST", headers({ "sec-fetch-site": "cross-site" }), origin, `/consent/updates/unsubscribe/${token}`)).toBe(true);
  });
});
