import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "./cross-site";

const origin = "http://localhost:3000";
const headers = (entries: Record<string, string>) => new Headers(entries);

describe("crossSiteRefusal", () => {
  it("lets reads through from anywhere", () => {
    expect(crossSiteRefusal("GET", headers({ "sec-fetch-site": "cross-site" }), origin)).toBeNull();
    expect(crossSiteRefusal("HEAD", headers({ origin: "null" }), origin)).toBeNull();
  });

  it("refuses a POST another site made the browser send", () => {
    expect(crossSiteRefusal("POST", headers({ "sec-fetch-site": "cross-site" }), origin)).toBe("cross_site");
    expect(crossSiteRefusal("POST", headers({ "sec-fetch-site": "same-site" }), origin)).toBe("cross_site");
    expect(crossSiteRefusal("POST", headers({ origin: "https://evil.example" }), origin)).toBe("origin_mismatch");
    expect(crossSiteRefusal("POST", headers({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }), origin)).toBe("origin_mismatch");
  });

  it("refuses an Origin that is not the app's whatever Sec-Fetch-Site claims: null, empty, garbled, another scheme or port (issue 54 item 4)", () => {
    for (const fetchSite of ["same-origin", "none", "cross-site", undefined]) {
      for (const value of ["null", "", "not a url", "https://localhost:3000", "http://localhost:3001", "http://localhost:3000/", "http://127.0.0.1:3000"]) {
        const sent = headers({ origin: value, ...(fetchSite ? { "sec-fetch-site": fetchSite } : {}) });
        expect(crossSiteRefusal("POST", sent, origin), `${JSON.stringify(value)} with ${fetchSite}`).toBe("origin_mismatch");
        expect(crossSiteRefusal("PUT", sent, origin), `PUT ${JSON.stringify(value)} with ${fetchSite}`).toBe("origin_mismatch");
      }
    }
  });

  it("accepts same-origin posts and typed-in navigations", () => {
    expect(crossSiteRefusal("POST", headers({ "sec-fetch-site": "same-origin" }), origin)).toBeNull();
    expect(crossSiteRefusal("POST", headers({ "sec-fetch-site": "none" }), origin)).toBeNull();
    expect(crossSiteRefusal("POST", headers({ origin }), origin)).toBeNull();
    expect(crossSiteRefusal("POST", headers({ origin, "sec-fetch-site": "same-origin" }), origin)).toBeNull();
    expect(crossSiteRefusal("POST", headers({}), origin)).toBeNull();
  });

  it("lets a mail client's one-click unsubscribe through, on exactly that path (RFC 8058)", () => {
    const token = "A".repeat(43);
    expect(crossSiteRefusal("POST", headers({ "sec-fetch-site": "cross-site" }), origin, `/updates/unsubscribe/${token}`)).toBeNull();
    expect(crossSiteRefusal("POST", headers({ origin: "https://mail.example" }), origin, `/updates/unsubscribe/${token}`)).toBeNull();
    expect(crossSiteRefusal("POST", headers({ origin: "null" }), origin, `/updates/unsubscribe/${token}`)).toBeNull();
    expect(crossSiteRefusal("POST", headers({ "sec-fetch-site": "cross-site" }), origin, "/updates")).toBe("cross_site");
    expect(crossSiteRefusal("POST", headers({ "sec-fetch-site": "cross-site" }), origin, `/updates/unsubscribe/${token}/more`)).toBe("cross_site");
    expect(crossSiteRefusal("POST", headers({ "sec-fetch-site": "cross-site" }), origin, "/updates/unsubscribe/")).toBe("cross_site");
    expect(crossSiteRefusal("POST", headers({ "sec-fetch-site": "cross-site" }), origin, `/consent/updates/unsubscribe/${token}`)).toBe("cross_site");
    expect(crossSiteRefusal("POST", headers({ origin: "null" }), origin, `/updates/unsubscribe/${token}.data`)).toBe("origin_mismatch");
  });
});
