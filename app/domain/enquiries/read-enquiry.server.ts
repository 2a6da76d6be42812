import { getDatabase, type Database } from "../../db.server";
import { fromStoredLanguage, type SupportedLanguage } from "../../i18n/languages";
import { AppError, type RequestContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { constantTimeEqual } from "@tsunagi/service-kit/secure-random.server";
import { enquiryTokenHash } from "./ask-enquiry.server";
import type { EnquiryAsker, EnquiryState } from "./enquiry-schemas";

export interface EnquiryView {
  id: string;
  reference: string;
  body: string;
  asker: EnquiryAsker;
  language: SupportedLanguage;
  state: EnquiryState;
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
  answer: string | null;
  answeredAt: string | null;
  faqAgreed: boolean;
  faqPublished: boolean;
}

/**
 * The asker's own question, by its private link (issue 59 item 1; ADR 145): an id and a secret whose SHA-256 must match
 * the stored one. A wrong secret reads as no question at all (not_found), whichever id it names.
 */
export async function readEnquiryByLink(options: { id: string; secret: string; now?: Date }, db: Database = getDatabase()): Promise<EnquiryView> {
  if (!/^[0-9a-f-]{36}$/.test(options.id) || !/^[0-9a-f]{64}$/.test(options.secret)) throw new AppError("not_found");
  const row = await db.enquiry.findUnique({ where: { id: options.id }, include: { faqEntry: { select: { withdrawnAt: true } } } });
  if (!row || !constantTimeEqual(new Uint8Array(row.tokenHash), enquiryTokenHash(options.secret))) throw new AppError("not_found");
  const now = options.now ?? new Date();
  return {
    id: row.id,
    reference: row.reference,
    body: row.body,
    asker: row.asker,
    language: fromStoredLanguage(row.language),
    state: row.state,
    receivedAt: row.receivedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    overdue: row.state === "received" && row.dueAt < now,
    answer: row.answer,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    faqAgreed: row.faqAgreedAt !== null,
    faqPublished: row.faqEntry !== null && row.faqEntry.withdrawnAt === null,
  };
}

/**
 * The asker agrees that their answered question may be published as a FAQ entry, without their personal details (staff
 * write the entry). Only after an answer, once (compare-and-set): a second press changes nothing.
 */
export async function agreeToFaq(options: { id: string; secret: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const view = await readEnquiryByLink(options, db);
  if (view.state !== "answered") throw new AppError("invalid_input");
  const now = options.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const { count } = await tx.enquiry.updateMany({ where: { id: view.id, state: "answered", faqAgreedAt: null }, data: { faqAgreedAt: now } });
    if (count === 1) await recordAuditEvent(tx, { type: "enquiry.faq_agreed", outcome: "success", detail: { enquiryId: view.id } }, { actorUserId: null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
  });
}
