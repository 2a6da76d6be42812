import { z } from "zod";
import { freeTextSchema, isSafeLink, prefectureCodes, refusedAs, singleLineTextSchema, typedString } from "../kernel/index";

/** Where else to ask (issue 59 item 1; ADR 145): the kinds of place the directory lists. */
export const helpPlaceKinds = ["cancer_support", "rare_disease_support", "genetic_counselling", "other"] as const;
export type HelpPlaceKind = (typeof helpPlaceKinds)[number];

/** A place as staff enter it: its kind, prefecture and name, and what a person needs to reach it. */
export const HelpPlaceSchema = z.object({
  kind: z.enum(helpPlaceKinds),
  prefecture: z.enum(prefectureCodes),
  nameJa: singleLineTextSchema(200),
  nameEn: singleLineTextSchema(200).optional(),
  phone: typedString("phone")
    .refine((value) => /^\+?[0-9][0-9\- ()]{5,19}$/.test(value), refusedAs("phoneFormat"))
    .optional(),
  url: z
    .string()
    .trim()
    .max(500)
    .refine((value) => /^https:\/\//i.test(value) && isSafeLink(value), { params: { reason: "linkTarget" } })
    .optional(),
  noteJa: freeTextSchema(1000).optional(),
});
export type HelpPlaceInput = z.infer<typeof HelpPlaceSchema>;

/** The public search: a prefecture and a kind, each optional (all of Japan, every kind). */
export const HelpPlaceSearchSchema = z.object({
  prefecture: z.enum(prefectureCodes).optional().catch(undefined),
  kind: z.enum(helpPlaceKinds).optional().catch(undefined),
});

