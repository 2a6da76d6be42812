import { describe, expect, it } from "vitest";
import { releaseFormFor } from "./release-form";

const V2 = "application/vnd.tsunagi.release.v2+json";

describe("the form a release is answered in (ADR 160)", () => {
  it("is the attached form unless the detached one is named, until the sunset", () => {
    for (const accept of [undefined, "", "application/json", "*/*", "application/*", "application/vnd.tsunagi.release.v1+json", "text/html"]) {
      expect(releaseFormFor(accept), String(accept)).toEqual({ ok: true, form: "attached" });
    }
  });

  it("is the detached form when named at a quality no lower than the attached one's", () => {
    for (const accept of [V2, `${V2}, application/json;q=0.5`, `application/json, ${V2}`, `APPLICATION/VND.TSUNAGI.RELEASE.V2+JSON`, `${V2};q=0.8, */*;q=0.8`, `application/json;q=0, ${V2};q=0.1`]) {
      expect(releaseFormFor(accept), accept).toEqual({ ok: true, form: "detached" });
    }
    expect(releaseFormFor(`${V2};q=0.4, application/json`)).toEqual({ ok: true, form: "attached" });
    expect(releaseFormFor(`${V2};q=0, */*`)).toEqual({ ok: true, form: "attached" });
  });

  it("is refused when only forms the bridge does not speak are acceptable", () => {
    expect(releaseFormFor("application/vnd.tsunagi.release.v3+json")).toEqual({ ok: false, asked: ["application/vnd.tsunagi.release.v3+json"] });
    expect(releaseFormFor(`application/json;q=0, ${V2};q=0`)).toEqual({ ok: false, asked: [] });
    expect(releaseFormFor("application/vnd.tsunagi.release.v3+json, application/json;q=0.1")).toEqual({ ok: true, form: "attached" });
  });
});
