// Issue 30 item 4 (ADR 071): a public page served from the shared cache has no per-response nonce; its CSP names the
// hashes of the page's own inline scripts instead. In each language a script element and an attribute handler are put
// into the cached HTML on its way to the browser (as if someone had got them into the page): neither runs, the browser
// reports the refusal, and the page's own scripts still run and hydrate it. The landing page: a public page that has
// scripts of its own (/transparency, which this used, sends none since ADR 162).
import { supportedLanguages } from "../../app/i18n/languages";
import { useLanguage } from "./support/language";
import { onPage, plainTranslator } from "./support/words";
import { expect, test } from "./fixtures";

// What the browser says when it refuses the injected script and handler: the test's point, not a fault of the page.
test.use({ allowedConsoleErrors: [/Content Security Policy/] });

const injected = `<script>window.__injected = "script";</script><img alt="" src="/no-such-image.png" onerror="window.__injected = 'handler'">`;

test("[visitor] on a cached public page an injected inline script does not run, and the page's own scripts do", async ({ page, context, axe }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(event.effectiveDirective));
  });
  await page.route((url) => url.pathname === "/", async (route) => {
    const response = await route.fetch();
    const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => !["content-encoding", "content-length"].includes(name)));
    // After the page's last byte: the HTML parser puts it at the end of <body>, where hydration ignores it.
    await route.fulfill({ response, headers, body: `${await response.text()}${injected}` });
  });

  for (const language of supportedLanguages) {
    await useLanguage(context, language);
    const response = await page.goto("/");
    const headers = response!.headers();
    // Served from the cache: shared, with an ETag, and a policy of hashes with neither a nonce nor 'unsafe-inline'.
    expect(headers["cache-control"]).toMatch(/^public/);
    expect(headers.etag).toBeTruthy();
    expect(headers["content-security-policy"]).toMatch(/script-src 'self'( 'sha256-[^']+')+(;|$)/);
    expect(headers["content-security-policy"]).not.toMatch(/nonce|unsafe-inline/);
    await expect(page.getByRole("heading", { level: 1, name: onPage(language, plainTranslator(language, "landing")("title"), { exact: true }) })).toBeVisible();

    // The page's own scripts ran: Remix's router exists and React hydrated the document.
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized === true);
    expect(await page.evaluate(() => Object.keys(document).some((key) => key.startsWith("__reactContainer$")))).toBe(true);
    // The injected script and handler did not; the browser refused both under script-src.
    await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length >= 2);
    expect(await page.evaluate(() => (window as unknown as { __injected?: string }).__injected)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual(expect.arrayContaining(["script-src-elem", "script-src-attr"]));
    if (language === "en") await axe.expectNoAxeViolations();
  }
});
