import { getDatabase, type Database } from "../../db.server";
import type { Enquiry } from "../../generated/prisma/client";
import { fromStoredLanguage, type SupportedLanguage } from "../../i18n/languages";
import { AppError, type RequestContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { enqueueMail } from "../mail/index.server";
import { findPersonalData } from "../consultations/index";
import { AnswerEnquirySchema, PublishFaqSchema, type EnquiryAsker, type EnquiryState } from "./enquiry-schemas";

export interface StaffEnquiryRow {
  id: string;
  reference: string;
  asker: EnquiryAsker;
  language: SupportedLanguage;
  state: EnquiryState;
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
  excerpt: string;
}

/** The office's queue (issue 59 item 1; ADR 145): every open question, due first (overdue marked), then the last 50 answered or closed. */
export async function listEnquiries(options: { now?: Date } = {}, db: Database = getDatabase()): Promise<{ open: StaffEnquiryRow[]; done: StaffEnquiryRow[] }> {
  const now = options.now ?? new Date();
  const select = { id: true, reference: true, asker: true, language: true, state: true, receivedAt: true, dueAt: true, body: true } as const;
  const [open, done] = await Promise.all([
    db.enquiry.findMany({ where: { state: "received" }, orderBy: [{ dueAt: "asc" }, { receivedAt: "asc" }], select, take: 500 }),
    db.enquiry.findMany({ where: { state: { not: "received" } }, orderBy: { answeredAt: "desc" }, select, take: 50 }),
  ]);
  const row = (enquiry: (typeof open)[number]) => rowOf(enquiry, now);
  return { open: open.map(row), done: done.map(row) };
}

type EnquiryRowColumns = Pick<Enquiry, "id" | "reference" | "asker" | "language" | "state" | "receivedAt" | "dueAt" | "body">;

/** A question as the queue lists it: its words cut to an excerpt, overdue when still open past its due day. */
function rowOf(enquiry: EnquiryRowColumns, now: Date): StaffEnquiryRow {
  return {
    id: enquiry.id,
    reference: enquiry.reference,
    asker: enquiry.asker,
    language: fromStoredLanguage(enquiry.language),
    state: enquiry.state,
    receivedAt: enquiry.receivedAt.toISOString(),
    dueAt: enquiry.dueAt.toISOString(),
    overdue: enquiry.state === "received" && enquiry.dueAt < now,
    excerpt: enquiry.body.length > 120 ? `${enquiry.body.slice(0, 120)}…` : enquiry.body,
  };
}

export interface StaffEnquiry extends StaffEnquiryRow {
  body: string;
  hasEmail: boolean;
  answer: string | null;
  answeredAt: string | null;
  faqAgreed: boolean;
  faq: { question: string; answer: string; publishedAt: string } | null;
}

export async function loadEnquiryForStaff(options: { enquiryId: string; now?: Date }, db: Database = getDatabase()): Promise<StaffEnquiry> {
  if (!/^[0-9a-f-]{36}$/.test(options.enquiryId)) throw new AppError("not_found");
  const enquiry = await db.enquiry.findUnique({ where: { id: options.enquiryId }, include: { faqEntry: true } });
  if (!enquiry) throw new AppError("not_found");
  return {
    ...rowOf(enquiry, options.now ?? new Date()),
    body: enquiry.body,
    hasEmail: enquiry.email !== null,
    answer: enquiry.answer,
    answeredAt: enquiry.answeredAt?.toISOString() ?? null,
    faqAgreed: enquiry.faqAgreedAt !== null,
    faq: enquiry.faqEntry && !enquiry.faqEntry.withdrawnAt ? { question: enquiry.faqEntry.question, answer: enquiry.faqEntry.answer, publishedAt: enquiry.faqEntry.publishedAt.toISOString() } : null,
  };
}

/**
 * Staff answer a question, or close it without one (abuse, spam, nothing answerable), in words the asker reads on their
 * private page. Once (compare-and-set on the state): two staff answering at once, the second is refused and nothing of
 * theirs is written. The notice to the asker's address, if they gave one, carries the reference only — not the answer,
 * not the link (which only the asker holds) — and is queued in the same transaction.
 */
export async function answerEnquiry(options: { enquiryId: string; input: unknown; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const input = AnswerEnquirySchema.parse(options.input);
  const now = options.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const target = await tx.enquiry.findUnique({ where: { id: options.enquiryId }, select: { id: true, reference: true, email: true, language: true } });
    if (!target) throw new AppError("not_found");
    const state = input.intent === "answer" ? "answered" : "closed";
    const { count } = await tx.enquiry.updateMany({ where: { id: target.id, state: "received" }, data: { state, answer: input.answer, answeredAt: now, answeredById: options.actorUserId } });
    if (count === 0) throw new AppError("request_already_answered");
    await recordAuditEvent(tx, { type: "enquiry.answered", outcome: "success", detail: { enquiryId: target.id, state } }, { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
    if (target.email) {
      await enqueueMail(
        { to: target.email, language: fromStoredLanguage(target.language), template: "account-notice", props: { kind: "enquiry_answered", reference: target.reference }, sourceKey: `enquiry:${target.id}:answered` },
        tx,
      );
    }
  });
}

/**
 * A FAQ entry from an answered question whose asker agreed (ADR 145): staff write the question and answer again, and
 * anything that reads as personal data (a name, an address, a telephone number, a hospital ID — the consultations'
 * detector) is refused, so what is published never names the asker. One entry per question.
 */
export async function publishFaqEntry(options: { enquiryId: string; input: unknown; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const input = PublishFaqSchema.parse(options.input);
  if (findPersonalData(input.question).length > 0 || findPersonalData(input.answer).length > 0) throw new AppError("personal_data_in_text");
  const now = options.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Enquiry" WHERE "id" = ${options.enquiryId}::uuid FOR UPDATE`;
    const enquiry = await tx.enquiry.findUnique({ where: { id: options.enquiryId }, select: { id: true, state: true, faqAgreedAt: true, language: true, faqEntry: { select: { id: true } } } });
    if (!enquiry) throw new AppError("not_found");
    if (enquiry.state !== "answered" || !enquiry.faqAgreedAt) throw new AppError("faq_not_agreed");
    if (enquiry.faqEntry) throw new AppError("request_already_answered");
    const entry = await tx.faqEntry.create({ data: { enquiryId: enquiry.id, language: enquiry.language, question: input.question, answer: input.answer, publishedAt: now, publishedById: options.actorUserId } });
    await recordAuditEvent(tx, { type: "enquiry.faq_published", outcome: "success", detail: { enquiryId: enquiry.id, faqEntryId: entry.id } }, { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
  });
}

export interface FaqEntryView {
  id: string;
  question: string;
  answer: string;
  publishedAt: string;
  language: SupportedLanguage;
}

/** The public FAQ: entries in the reader's language (やさしい日本語 readers see the Japanese ones too), newest first. */
export async function listFaqEntries(options: { language: SupportedLanguage }, db: Database = getDatabase()): Promise<FaqEntryView[]> {
  const languages = options.language === "ja-easy" ? (["ja_easy", "ja"] as const) : options.language === "ja" ? (["ja", "ja_easy"] as const) : (["en"] as const);
  const rows = await db.faqEntry.findMany({ where: { withdrawnAt: null, language: { in: [...languages] } }, orderBy: { publishedAt: "desc" }, take: 200 });
  return rows.map((row) => ({ id: row.id, question: row.question, answer: row.answer, publishedAt: row.publishedAt.toISOString(), language: fromStoredLanguage(row.language) }));
}
