// Every namespace of every language, imported statically so the same table works in the Vite build, in Vitest and in
// plain tsx scripts (seed, mail): one bundle per language (bundles/), which the browser loads alone (entry.client.tsx).
// scripts/check-locales.ts keeps the languages in step.
import { bundle as en } from "./bundles/en";
import { bundle as jaEasy } from "./bundles/ja-easy";
import { bundle as ja } from "./bundles/ja";
import enEmail from "../../locales/en/email.json" with { type: "json" };
import jaEasyEmail from "../../locales/ja-easy/email.json" with { type: "json" };
import jaEmail from "../../locales/ja/email.json" with { type: "json" };

export { namespaces, type Namespace } from "./namespaces";

/** Every language's texts, the mails' among them (the browser's bundles leave those out). */
export const resources = { ja: { ...ja, email: jaEmail }, "ja-easy": { ...jaEasy, email: jaEasyEmail }, en: { ...en, email: enEmail } };
