import { describe, expect, it } from "vitest";
import { describeDevice, suggestPasskeyName } from "./suggest-passkey-name";

describe("suggestPasskeyName", () => {
  it.each([
    ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36", "Passkey (Chrome on Android)"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Passkey (Safari on iPhone)"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0", "Passkey (Edge on Windows)"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0", "Passkey (Firefox on Mac)"],
    ["Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0 Mobile Safari/537.36", "Passkey (Samsung Internet on Android)"],
    ["curl/8.5.0", "Passkey"],
    [null, "Passkey"],
  ])("%s → %s", (userAgent, expected) => {
    expect(suggestPasskeyName(userAgent)).toBe(expected);
  });

  it("gives the parts separately, for a name in the reader's language", () => {
    expect(describeDevice("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0 Safari/537.36")).toEqual({ browser: "Chrome", os: "Linux" });
  });
});
