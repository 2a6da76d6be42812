/**
 * "Chrome" and "Android" from a User-Agent, to prefill the passkey's name so people can tell their passkeys
 * apart later. A guess, not a fact: the person can change it, and an unknown agent gives null parts.
 */
export function describeDevice(userAgent: string | null | undefined): { browser: string | null; os: string | null } {
  const ua = userAgent ?? "";
  // Order matters: Edge and Samsung Internet also say "Chrome", and Chrome also says "Safari".
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /SamsungBrowser\//.test(ua)
      ? "Samsung Internet"
      : /(OPR|Opera)\//.test(ua)
        ? "Opera"
        : /Firefox\/|FxiOS\//.test(ua)
          ? "Firefox"
          : /Chrome\/|CriOS\//.test(ua)
            ? "Chrome"
            : /Safari\//.test(ua)
              ? "Safari"
              : null;
  const os = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPod/.test(ua)
      ? "iPhone"
      : /iPad/.test(ua)
        ? "iPad"
        : /CrOS/.test(ua)
          ? "ChromeOS"
          : /Windows/.test(ua)
            ? "Windows"
            : /Mac OS X|Macintosh/.test(ua)
              ? "Mac"
              : /Linux/.test(ua)
                ? "Linux"
                : null;
  return { browser, os };
}

/** The name used when none is given: "Passkey (Chrome on Android)", or just "Passkey". */
export function suggestPasskeyName(userAgent: string | null | undefined): string {
  const { browser, os } = describeDevice(userAgent);
  const detail = [browser, os].filter(Boolean).join(" on ");
  return detail ? `Passkey (${detail})` : "Passkey";
}
