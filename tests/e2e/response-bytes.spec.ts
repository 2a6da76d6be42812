import { expect, test, textBodyProblem } from "./fixtures";
import { languageCookie } from "../../app/i18n/language.server";

// Issue 10, defect 1: pages carried raw NUL bytes roughly every 2 KiB where a multi-byte character met one of the
// renderer's buffer boundaries (/sign-in: "1 回だ\x00け"; /consent/form/1.1: 26 of them). Every response of every
// browser test is checked by the cleanTextResponses fixture; this test reads the longest public pages raw, byte for
// byte, in each language.
const publicPages = ["/", "/sign-in", "/verify", "/consent/form/1.0", "/consent/form/1.1", "/consent/form/2.0"];

test("the check itself: a NUL byte and a split character are both reported, clean Japanese is not", () => {
  expect(textBodyProblem(Buffer.from("1 回だ\0け"))).toMatch(/NUL byte at offset 8 /);
  expect(textBodyProblem(Buffer.from("回だけ").subarray(0, 4))).toMatch(/invalid UTF-8/);
  expect(textBodyProblem(Buffer.from("1 回だけ 🧬"))).toBeNull();
});

for (const language of ["ja", "ja-easy", "en"]) {
  test(`[public] the longest pages are valid UTF-8 without NUL bytes, byte for byte (${language})`, async ({ request }) => {
    const cookie = (await languageCookie.serialize(language)).split(";")[0]!;
    let multiByte = 0;
    for (const path of publicPages) {
      const response = await request.get(path, { headers: { Cookie: cookie } });
      expect(response.status(), path).toBe(200);
      const body = await response.body();
      expect(textBodyProblem(body), path).toBeNull();
      multiByte += body.length - body.toString("latin1").replace(/[\u0080-\u00ff]/g, "").length;
    }
    // The pages really did cross many 2,048-byte buffers with multi-byte characters (English pages name the languages in Japanese).
    expect(multiByte).toBeGreaterThan(language === "en" ? 100 : 20_000);
  });
}
