import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { policyWithHashes } from "./public-page-cache";
import { onlyLanguageCookie, publicPageOf } from "./public-pages";
import { hashMarkedScripts } from "./render-public-page";

const sha = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

describe("which requests are public pages", () => {
  it("takes the listed pages with the parameters they take, in one order, and nothing else", () => {
    expect(publicPageOf("/transparency", "?months=all")?.key).toBe("/transparency?months=all");
    expect(publicPageOf("/transparency", "")?.key).toBe("/transparency");
    expect(publicPageOf("/transparency/reports/programme-2026/v/2", "")?.routeId).toBe("routes/public/transparency.reports.$slug.v.$version._index");
    expect(publicPageOf("/updates", "?page=2")?.key).toBe("/updates?page=2");
    // Values the page's form does not offer, repeated or unknown parameters, other paths: rendered per request.
    for (const [path, search] of [
      ["/transparency", "?months=13"],
      ["/transparency", "?months=12&months=24"],
      ["/transparency", "?months=12&x=1"],
      ["/updates", "?page=999"],
      ["/consultations/0000", ""],
      ["/home", ""],
    ] as const)
      expect(publicPageOf(path, search), `${path}${search}`).toBeNull();
  });

  it("is a signed-out reader's only when the language cookie is the only cookie", () => {
    expect(onlyLanguageCookie(undefined)).toEqual({ languageCookie: null });
    expect(onlyLanguageCookie("lang=ImVuIg%3D%3D")).toEqual({ languageCookie: "lang=ImVuIg%3D%3D" });
    expect(onlyLanguageCookie("tsunagi_session=abc; lang=x")).toBeNull();
    expect(onlyLanguageCookie("__Host-tsunagi_device=abc")).toBeNull();
    expect(onlyLanguageCookie("lang=a; lang=b")).toBeNull();
  });
});

describe("the page's CSP without a nonce", () => {
  it("hashes only the scripts that carry the render's marker, and takes the marker out", () => {
    const html = `<script nonce="M1">window.a=1</script><p><script>alert(1)</script></p><script type="module" nonce="M1">import "/assets/x.js"</script><link rel="modulepreload" nonce="M1" href="/assets/x.js"/>`;
    const { html: served, scriptHashes } = hashMarkedScripts(html, "M1");
    expect(scriptHashes).toEqual([sha("window.a=1"), sha('import "/assets/x.js"')].sort());
    expect(scriptHashes).not.toContain(sha("alert(1)"));
    expect(served).not.toContain("M1");
  });

  it("replaces the script sources of helmet's policy and keeps the rest", () => {
    const policy = "default-src 'self';script-src 'self' 'nonce-abc' 'strict-dynamic';object-src 'none'";
    expect(policyWithHashes(policy, ["'sha256-x'"])).toBe("default-src 'self';script-src 'self' 'sha256-x';object-src 'none'");
  });
});
