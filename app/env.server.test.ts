import { describe, expect, it } from "vitest";
import { parseEnv as parseProcessEnv } from "./env.server";

const parseEnv = (values: Record<string, string>) => parseProcessEnv(values as NodeJS.ProcessEnv);

describe("TRUST_PROXY", () => {
  it("is off unless set: no proxy is believed", () => {
    expect(parseEnv({}).TRUST_PROXY).toBeUndefined();
  });

  it("takes addresses, CIDR ranges and Express's names, comma-separated", () => {
    expect(parseEnv({ TRUST_PROXY: "10.0.0.0/8, 192.0.2.1,::1 , fd00::/8,loopback" }).TRUST_PROXY).toEqual(["10.0.0.0/8", "192.0.2.1", "::1", "fd00::/8", "loopback"]);
  });

  it("refuses what would believe any client (true, a hop count) and what is not an address, naming the variable", () => {
    for (const value of ["true", "1", "*", "10.0.0.0/33", "proxy.example", "10.0.0.0/8/1", "10.0.0.0/8,"]) {
      expect(() => parseEnv({ TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY/);
    }
  });
});

describe("HOST and BRIDGE_HOST", () => {
  it("keep the app and the bridge on this machine unless opened", () => {
    expect(parseEnv({})).toMatchObject({ HOST: "127.0.0.1", BRIDGE_HOST: "127.0.0.1" });
    expect(parseEnv({ HOST: "0.0.0.0", BRIDGE_HOST: "::" })).toMatchObject({ HOST: "0.0.0.0", BRIDGE_HOST: "::" });
  });
});

describe("APP_URL", () => {
  it("follows PORT when unset, so links in mail reach an app started on another port", () => {
    expect(parseEnv({}).APP_URL).toBe("http://localhost:3000");
    expect(parseEnv({ PORT: "4100" }).APP_URL).toBe("http://localhost:4100");
    expect(parseEnv({ PORT: "4100", APP_URL: "https://tsunagi.example.jp" }).APP_URL).toBe("https://tsunagi.example.jp");
  });
});
