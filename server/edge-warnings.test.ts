import { describe, expect, it } from "vitest";
import { edgeWarnings } from "./edge-warnings";

describe("edgeWarnings", () => {
  it("has nothing to say about the defaults, or a deployment behind a named TLS proxy", () => {
    expect(edgeWarnings({ APP_URL: "http://localhost:3000", HOST: "127.0.0.1", TRUST_PROXY: undefined })).toEqual([]);
    expect(edgeWarnings({ APP_URL: "https://tsunagi.example.jp", HOST: "127.0.0.1", TRUST_PROXY: ["127.0.0.1"] })).toEqual([]);
  });

  it("says that plain http on a LAN address cannot keep the Secure sign-in cookie", () => {
    expect(edgeWarnings({ APP_URL: "http://192.168.1.20:3000", HOST: "0.0.0.0", TRUST_PROXY: undefined }).join("\n")).toMatch(/will not keep it/);
  });

  it("says when HOST opens the app while APP_URL still names this machine", () => {
    expect(edgeWarnings({ APP_URL: "http://localhost:3000", HOST: "0.0.0.0", TRUST_PROXY: undefined }).join("\n")).toMatch(/Set APP_URL/);
  });

  it("says when an https APP_URL has no proxy to believe", () => {
    expect(edgeWarnings({ APP_URL: "https://tsunagi.example.jp", HOST: "127.0.0.1", TRUST_PROXY: undefined }).join("\n")).toMatch(/TRUST_PROXY is unset/);
  });
});
