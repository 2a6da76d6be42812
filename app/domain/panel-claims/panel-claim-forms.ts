import { z } from "zod";
import { freeTextSchema, integerField, refusedAs, singleLineTextSchema, typedString } from "../kernel/index";
import { japanDate } from "../time/index";

/**
 * A panel member's honoraria and expenses (issue 59 item 3; ADR 152), pure: what a member claims and staff decide,
 * checked before the verbs, and the deadlines every page and mail shows.
 */
export const panelClaimKinds = ["honorarium_meeting", "honorarium_review", "travel", "care_cover", "other"] as const;
export type PanelClaimKind = (typeof panelClaimKinds)[number];
export type PanelClaimState = "submitted" | "approved" | "rejected" | "paid" | "withdrawn";

/** An honorarium is the programme's fixed amount for what was done, in yen: the member does not type it. */
export const panelHonoraria = { honorarium_meeting: 10_000, honorarium_review: 5_000 } as const satisfies Partial<Record<PanelClaimKind, number>>;
type HonorariumKind = keyof typeof panelHonoraria;
export function isHonorarium(kind: PanelClaimKind): kind is HonorariumKind {
  return kind in panelHonoraria;
}

/** Whole yen, for an expense as typed (full-width digits read as digits; no separators). */
const panelClaimAmountMin = 1;
const panelClaimAmountMax = 1_000_000;
export const panelClaimDescriptionMax = 500;
const panelClaimReasonMax = 1_000;
const panelPaymentReferenceMax = 100;
/** Staff decide a claim within 14 days of its submission, and pay an approved one within 30 days of approval. */
export const panelClaimDecideDays = 14;
export const panelClaimPayDays = 30;

const day = 86_400_000;
export const decideByOf = (submittedAt: Date) => new Date(submittedAt.getTime() + panelClaimDecideDays * day);
export const payByOf = (approvedAt: Date) => new Date(approvedAt.getTime() + panelClaimPayDays * day);

/** Waiting past its deadline: undecided 14 days after submission, or approved and unpaid 30 days after approval. */
export function panelClaimOverdue(claim: { state: PanelClaimState; decideBy: Date; payBy: Date | null }, now: Date): boolean {
  if (claim.state === "submitted") return claim.decideBy.getTime() < now.getTime();
  if (claim.state === "approved") return claim.payBy !== null && claim.payBy.getTime() < now.getTime();
  return false;
}

/** The day it happened, `YYYY-MM-DD`: a date that exists, not after today in Japan. */
const occurredOnField = typedString("date").superRefine((value, ctx) => {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    ctx.addIssue({ code: "custom", ...refusedAs("dateNotReal") });
    return;
  }
  if (value > japanDate(Date.now())) ctx.addIssue({ code: "custom", ...refusedAs("dateInFuture") });
});

const claimFields = {
  kind: z.enum(panelClaimKinds),
  amountYen: integerField({ min: panelClaimAmountMin, max: panelClaimAmountMax }).optional(),
  occurredOn: occurredOnField,
  description: freeTextSchema(panelClaimDescriptionMax),
};

function amountRequiredForExpenses(value: { kind: PanelClaimKind; amountYen?: number | undefined }, ctx: z.RefinementCtx) {
  // An "invalid_type" issue on an absent value reads as "please fill this in" (app/forms/form-error-map.ts).
  if (!isHonorarium(value.kind) && value.amountYen === undefined) ctx.addIssue({ code: "invalid_type", expected: "number", input: undefined, path: ["amountYen"] });
}

/**
 * A claim as the member fills it in: its kind, the day, what it was for; an amount only for an expense (an
 * honorarium's is its kind's fixed amount, and anything typed beside one is not read).
 */
export const SubmitPanelClaimSchema = z
  .object(claimFields)
  .superRefine(amountRequiredForExpenses)
  .transform(({ amountYen, ...value }) => ({ ...value, amountYen: isHonorarium(value.kind) ? panelHonoraria[value.kind] : amountYen! }));

/** `/panel/claims`: claim, or withdraw one of one's own while it waits for a decision. */
export const MemberClaimFormSchema = z
  .discriminatedUnion("intent", [z.object({ intent: z.literal("claim"), ...claimFields }), z.object({ intent: z.literal("withdraw"), claimId: z.uuid() })])
  .superRefine((value, ctx) => {
    if (value.intent === "claim") amountRequiredForExpenses(value, ctx);
  });

/** `/staff/panel-claims`: approve, reject with a reason the member reads, or mark an approved claim paid. */
export const StaffClaimFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), claimId: z.uuid() }),
  z.object({ intent: z.literal("reject"), claimId: z.uuid(), reason: freeTextSchema(panelClaimReasonMax) }),
  z.object({ intent: z.literal("pay"), claimId: z.uuid(), paymentReference: singleLineTextSchema(panelPaymentReferenceMax) }),
]);
