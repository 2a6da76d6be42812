import { describe, expect, it } from "vitest";
import { defaultPushServiceOrigins, pushEndpointAllowed } from "./push-endpoint";

describe("which push services a subscription may name (ADR 110)", () => {
  it("takes the browsers' services over https, subdomains only where the entry says *.", () => {
    expect(pushEndpointAllowed("https://fcm.googleapis.com/fcm/send/abc:def", defaultPushServiceOrigins)).toBe(true);
    expect(pushEndpointAllowed("https://wns2-by3p.notify.windows.com/w/?token=x", defaultPushServiceOrigins)).toBe(true);
    expect(pushEndpointAllowed("https://notify.windows.com/w/", defaultPushServiceOrigins)).toBe(false);
    expect(pushEndpointAllowed("https://web.push.apple.com/QH2x", defaultPushServiceOrigins)).toBe(true);
  });

  it("refuses any other address: plain http, another port, a look-alike host, credentials, the metadata service, nonsense", () => {
    for (const endpoint of [
      "http://fcm.googleapis.com/fcm/send/x",
      "https://fcm.googleapis.com:8443/fcm/send/x",
      "https://fcm.googleapis.com.evil.example/x",
      "https://evilfcm.googleapis.com/x",
      "https://user:pass@fcm.googleapis.com/x",
      "http://169.254.169.254/latest/meta-data",
      "http://127.0.0.1:5432/",
      "not a url",
      `https://fcm.googleapis.com/${"x".repeat(2100)}`,
    ]) {
      expect(pushEndpointAllowed(endpoint, defaultPushServiceOrigins), endpoint).toBe(false);
    }
  });

  it("takes a configured http origin with its port exactly (a local push service for tests)", () => {
    expect(pushEndpointAllowed("http://127.0.0.1:4312/push/1", ["http://127.0.0.1:4312"])).toBe(true);
    expect(pushEndpointAllowed("http://127.0.0.1:4313/push/1", ["http://127.0.0.1:4312"])).toBe(false);
  });
});
