import { z } from "zod";
import { choiceCatalogue, choiceIds, type ChoiceId } from "@tsunagi/consent-rules/choice-catalogue";
import { formLanguages, interimRules, type FormContent } from "@tsunagi/consent-rules/form-content";
import { compareVersions } from "./form-hash";
import { typedString } from "../../kernel/index";

/**
 * The rules a draft declares about itself — version, major/minor, the interim rule and who must re-consent, the
 * effective date — kept apart from its wording, because they decide what publishing does to participants.
 */
export interface DraftSettings {
  version: string;
  kind: "major" | "minor";
  interimRule: (typeof interimRules)[number];
  affectsChoiceIds: string[];
  effectiveDate: string;
}

/** Problems a staff member can fix, named so the page can explain each in the reader's language. */
export type DraftSettingsProblem = "versionNotAfter" | "versionForMajor" | "versionForMinor" | "effectiveBefore" | "unknownChoice";
export type ProblemText<Problem extends string> = (problem: Problem, values: Record<string, string>) => string;

/** What a draft's settings are checked against: every other version of the form, and the choices it offers. */
export interface SettingsContext {
  /** Versions of the same form other than the draft itself, published or not. */
  otherVersions: readonly { version: string; status: "draft" | "published"; effectiveDate: string }[];
  choiceIds: readonly string[];
}

/** 2.0 → 2.1 for a minor change, 3.0 for a major one; the first version is 1.0. */
export function nextVersion(latest: string | null, kind: "major" | "minor"): string {
  if (!latest) return "1.0";
  const [major = 0, minor = 0] = latest.split(".").map(Number);
  return kind === "major" ? `${major + 1}.0` : `${major}.${minor + 1}`;
}

export function latestVersion(versions: readonly { version: string }[]): string | null {
  return versions.map((entry) => entry.version).sort(compareVersions).at(-1) ?? null;
}

const fieldProblem = (problem: DraftSettingsProblem) => problem;

/** The choices a major version can name as affected: preferences grant nothing, so naming one would reach nobody. */
export function reconsentTriggerChoices(content: { choiceIds: readonly string[] }): ChoiceId[] {
  return choiceIds.filter((id) => content.choiceIds.includes(id) && !("preference" in choiceCatalogue[id]));
}

/**
 * The settings form: types and limits first (translated by the form error map), then the rules that need the
 * form's other versions. `text` words each rule; without it the problem's name is the message.
 */
export function draftSettingsSchema(context: SettingsContext, text: ProblemText<DraftSettingsProblem> = fieldProblem) {
  return z
    .object({
      version: typedString("number").pipe(z.string().regex(/^\d{1,3}\.\d{1,3}$/)),
      kind: z.enum(["major", "minor"]),
      interimRule: z.enum(interimRules),
      affectsChoiceIds: z.array(z.string().max(100)).max(choiceIds.length),
      effectiveDate: typedString("date").pipe(z.iso.date()),
    })
    .superRefine((settings, ctx) => {
      const latest = latestVersion(context.otherVersions);
      if (latest) {
        const expected = nextVersion(latest, settings.kind);
        const [major] = settings.version.split(".").map(Number);
        const [latestMajor] = latest.split(".").map(Number);
        if (compareVersions(settings.version, latest) <= 0) {
          ctx.addIssue({ code: "custom", path: ["version"], message: text("versionNotAfter", { latest, expected }) });
        } else if (settings.kind === "major" && (major === latestMajor || !settings.version.endsWith(".0"))) {
          ctx.addIssue({ code: "custom", path: ["version"], message: text("versionForMajor", { latest, expected }) });
        } else if (settings.kind === "minor" && major !== latestMajor) {
          ctx.addIssue({ code: "custom", path: ["version"], message: text("versionForMinor", { latest, expected }) });
        }
      }
      const published = context.otherVersions.filter((entry) => entry.status === "published");
      const lastEffective = published.map((entry) => entry.effectiveDate).sort().at(-1);
      if (lastEffective && settings.effectiveDate < lastEffective) {
        ctx.addIssue({ code: "custom", path: ["effectiveDate"], message: text("effectiveBefore", { date: lastEffective }) });
      }
      const nameable: readonly string[] = reconsentTriggerChoices(context);
      if (settings.affectsChoiceIds.some((id) => !nameable.includes(id))) {
        ctx.addIssue({ code: "custom", path: ["affectsChoiceIds"], message: text("unknownChoice", {}) });
      }
    }, { when: (payload) => payload.issues.length === 0 });
}

export function settingsOf(content: FormContent): DraftSettings {
  return {
    version: content.version,
    kind: content.kind,
    interimRule: content.interimRule,
    affectsChoiceIds: [...content.affectsChoiceIds],
    effectiveDate: content.effectiveDate,
  };
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The content with new settings. The signature statement names the version being signed ("version 2.0"), so a
 * mention of the old number there follows the new one; other wording is the staff member's to revise.
 * A minor version asks no one to re-consent, so it keeps no list of affected choices.
 */
export function applySettings(content: FormContent, settings: DraftSettings): FormContent {
  const oldVersion = new RegExp(`(?<![\\d.])${escapeRegExp(content.version)}(?!\\.?\\d)`, "g");
  const languages = Object.fromEntries(
    formLanguages.map((language) => {
      const body = content.languages[language];
      return [language, { ...body, signatureStatement: body.signatureStatement.replace(oldVersion, settings.version) }];
    }),
  ) as FormContent["languages"];
  return {
    ...content,
    version: settings.version,
    kind: settings.kind,
    interimRule: settings.interimRule,
    affectsChoiceIds: settings.kind === "major" ? choiceIds.filter((id) => settings.affectsChoiceIds.includes(id)) : [],
    effectiveDate: settings.effectiveDate,
    languages,
  };
}
