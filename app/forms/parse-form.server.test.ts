import { describe, expect, it } from "vitest";
import { z } from "zod";
import { languageCookie } from "../i18n/language.server";
import { parseForm } from "./parse-form.server";

const schema = z.object({ name: z.string().min(1).max(100) });

async function post(fields: Record<string, string>) {
  return new Request("http://localhost/form", { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: await languageCookie.serialize("en") } });
}

describe("parseForm", () => {
  it("accepts ordinary text, Japanese included", async () => {
    const { submission } = await parseForm(await post({ name: "山田　花子" }), schema);
    expect(submission.status).toBe("success");
  });

  it("refuses a NUL character with a translated message on that field, even when the form's schema would pass it", async () => {
    const { submission } = await parseForm(await post({ name: "Hana\u0000ko" }), schema);
    expect(submission.status === "error" ? submission.error?.name : "accepted").toEqual([
      "This contains an invisible control character (U+0000) that cannot be saved. Please delete it, or type the text again instead of pasting it.",
    ]);
  });

  it("keeps the form's own message when its schema already refuses the field", async () => {
    const { submission } = await parseForm(await post({ name: "" }), schema);
    expect(submission.status === "error" ? submission.error?.name : "accepted").toEqual(["Please fill this in."]);
  });

  it("asks for a choice when none was made, and says a value is not offered only when one was sent (issue 29 item 6)", async () => {
    const choice = z.object({ language: z.enum(["ja", "ja-easy", "en"]) });
    const empty = await parseForm(await post({ language: "" }), choice);
    expect(empty.submission.status === "error" ? empty.submission.error?.language : "accepted").toEqual(["Please choose one."]);
    const absent = await parseForm(await post({}), choice);
    expect(absent.submission.status === "error" ? absent.submission.error?.language : "accepted").toEqual(["Please choose one."]);
    const tampered = await parseForm(await post({ language: "fr" }), choice);
    expect(tampered.submission.status === "error" ? tampered.submission.error?.language : "accepted").toEqual([
      "This is not one of the choices offered. Please choose one of the options shown.",
    ]);
  });

  it("asks for an unticked confirmation box to be ticked, in the reader's language (issue 29 item 6)", async () => {
    const confirmation = z.object({ confirm: z.literal("yes") });
    const unticked = await parseForm(await post({}), confirmation);
    expect(unticked.submission.status === "error" ? unticked.submission.error?.confirm : "accepted").toEqual(["Tick the box to confirm."]);
    const forged = await parseForm(await post({ confirm: "no" }), confirmation);
    expect(forged.submission.status === "error" ? forged.submission.error?.confirm : "accepted").toEqual([
      "This is not one of the choices offered. Please choose one of the options shown.",
    ]);
  });
});
