import { randomInt, randomUUID } from "node:crypto";
import { getDatabase } from "../../app/db.server";
import { ApplicationContentSchema, type ApplicationContent } from "../../app/domain/access/applications/application-content";
import { createUser, type CreatedUser } from "./user-factory";

/**
 * Data-access records written straight to the tables (the application and committee verbs have their own tests): an
 * applicant with their profile, an application in any state with its submitted version, and, for an approved one,
 * the chair's decision and the approval. For the register, visa and sanction tests.
 */
export interface CreatedApplicant {
  user: CreatedUser;
  institution: string;
  displayName: string;
}

export async function createApplicant(options: { institution?: string; displayName?: string; verified?: boolean } = {}): Promise<CreatedApplicant> {
  const user = await createUser({ role: "applicant" });
  const institution = options.institution ?? `照合大学 ${randomUUID().slice(0, 6)}`;
  const displayName = options.displayName ?? `申請 ${randomUUID().slice(0, 6)}`;
  const db = getDatabase();
  await db.user.update({ where: { id: user.id }, data: { displayName } });
  await db.applicantProfile.create({ data: { userId: user.id, institution, country: "JP", verifiedAt: options.verified === false ? null : new Date() } });
  return { user, institution, displayName };
}

export function uniqueReference(): string {
  return `DA-2026-${String(randomInt(1_000_000)).padStart(6, "0")}`;
}

export function applicationContent(overrides: Partial<ApplicationContent> = {}): ApplicationContent {
  return ApplicationContentSchema.parse({
    titleJa: `がんゲノムの研究 ${randomUUID().slice(0, 6)}`,
    titleEn: `Cancer genome study ${randomUUID().slice(0, 6)}`,
    institutionJa: "照合大学",
    institutionEn: "Shogo University",
    laySummaryJa: "がんの原因となる遺伝子の変化を調べます。",
    laySummaryEn: "We look for the changes in genes that cause cancer.",
    scientificSummary: "Somatic and germline variant analysis.",
    purposeCodes: ["DS"],
    diseases: ["DOID:9256"],
    datasets: ["wgs-cancer-2026"],
    dataKinds: ["genome", "clinical"],
    recipientType: "academia",
    recipientCountry: "JP",
    ...overrides,
  });
}

export interface CreatedApplication {
  id: string;
  reference: string;
  applicant: CreatedApplicant;
  content: ApplicationContent;
  approvalId: string | null;
  decidedAt: Date | null;
}

type State = "draft" | "submitted" | "in_review" | "approved" | "rejected" | "withdrawn";

export interface ApprovalOptions {
  status?: "active" | "suspended" | "revoked";
  startsAt?: Date;
  endsAt?: Date;
  outputs?: string;
  purposeCodes?: string[];
  commercial?: boolean;
  decidedAt?: Date;
}

export async function createApplication(options: { applicant?: CreatedApplicant; state?: State; content?: Partial<ApplicationContent>; approval?: ApprovalOptions } = {}): Promise<CreatedApplication> {
  const db = getDatabase();
  const applicant = options.applicant ?? (await createApplicant());
  const state = options.state ?? "approved";
  // The institution as the applicant's verified one, in both languages unless a test says otherwise.
  const content = applicationContent({ institutionJa: applicant.institution, institutionEn: applicant.institution, ...options.content });
  const submitted = state !== "draft";
  const reference = uniqueReference();
  const decidedAt = options.approval?.decidedAt ?? new Date(Date.now() - 86_400_000);
  const application = await db.dataAccessApplication.create({
    data: {
      reference,
      applicantId: applicant.user.id,
      state,
      submittedVersion: submitted ? 1 : null,
      reviewRound: submitted ? 1 : 0,
      versions: { create: { number: 1, content, submittedAt: submitted ? new Date(decidedAt.getTime() - 86_400_000) : null } },
    },
  });
  let approvalId: string | null = null;
  if (state === "approved" || state === "rejected") {
    const decision = await db.applicationDecision.create({
      data: { applicationId: application.id, round: 1, outcome: state, tally: {}, decidedById: randomUUID(), decidedAt },
    });
    if (state === "approved") {
      const approval = options.approval ?? {};
      const created = await db.dataAccessApproval.create({
        data: {
          applicationId: application.id,
          decisionId: decision.id,
          recipientInstitution: applicant.institution,
          recipientName: applicant.displayName,
          recipientType: content.recipientType || "academia",
          recipientCountry: content.recipientCountry || "JP",
          datasets: content.datasets,
          dataKinds: content.dataKinds,
          purposeCodes: approval.purposeCodes ?? content.purposeCodes,
          purposeDiseases: content.diseases,
          commercial: approval.commercial ?? false,
          startsAt: approval.startsAt ?? new Date(Date.now() - 3_600_000),
          endsAt: approval.endsAt ?? new Date(Date.now() + 180 * 86_400_000),
          status: approval.status ?? "active",
          outputs: approval.outputs ?? "",
        },
      });
      approvalId = created.id;
    }
  }
  return { id: application.id, reference, applicant, content, approvalId, decidedAt: state === "approved" || state === "rejected" ? decidedAt : null };
}
