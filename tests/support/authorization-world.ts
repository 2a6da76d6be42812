/**
 * The people and records the authorization matrix (tests/integration/authorization-matrix.ts, in three shard files) plays with: one
 * signed-in visitor per role (and an anonymous one, a coordinator who has not passed the second factor, a coordinator
 * who belongs to no facility), two facilities, and consented participants at each — their journeys, ledger events,
 * PDFs, paper scans, questions, invitations and captured mail — all written by the domain verbs production uses.
 * Every participant has a name, pseudonym and e-mail that occur nowhere else, so a page that shows one to someone
 * who may not see it can be found by searching the answer for them.
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { sessionCookie } from "../../app/auth/session-cookie.server";
import { getDatabase } from "../../app/db.server";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { roles, type Role } from "../../app/domain/authz/roles";
import { enrolParticipant } from "../../app/domain/consent/participants/enrolment/enrol-participant.server";
import { importFormDraft } from "../../app/domain/consent/forms/create-form-draft.server";
import { openReviewRound } from "../../app/domain/consent/forms/review/open-review-round.server";
import { schedulePanelMeeting } from "../../app/domain/panel-meetings/schedule-panel-meeting.server";
import type { FormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import type { JourneyActor } from "../../app/domain/consent/journey/journey-actor";
import { askJourneyQuestion } from "../../app/domain/consent/journey/journey-questions.server";
import { recordPaperConsent } from "../../app/domain/consent/journey/record-paper-consent.server";
import { signJourney } from "../../app/domain/consent/journey/sign-journey.server";
import { startOrResumeJourney } from "../../app/domain/consent/journey/start-journey.server";
import { requestSignInLink } from "../../app/domain/auth/request-sign-in-link.server";
import { seededFormContent } from "../../app/wiring/demo/seed-consent-forms.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { newResponseToken } from "../../app/domain/recontact/response-token.server";
import { createSession } from "../../app/domain/session/create-session.server";
import { makeRightsRequest } from "../../app/domain/rights/make-rights-request.server";
import { createProgrammeUpdate } from "../../app/domain/updates/create-programme-update.server";
import { digestUnsubscribeToken } from "../../app/domain/updates/digest-unsubscribe-token.server";
import { publishProgrammeUpdate } from "../../app/domain/updates/publish-programme-update.server";
import { setUpdateDigest } from "../../app/domain/updates/set-update-digest.server";
import { languageCookie } from "../../app/i18n/language.server";
import { createFinding } from "../factories/finding-factory";
import { createReport } from "../factories/report-factory";
import { createStudyInvitation } from "../factories/study-invitation-factory";
import { createFacility, type CreatedFacility } from "../factories/facility-factory";
import { createParticipant, type CreatedParticipant } from "../factories/participant-factory";
import { createUser, type CreatedUser } from "../factories/user-factory";
import { signableFormVersion } from "../integration/dashboard-fixtures";
import { journeyReadyToSign, paperConsentInput, scannedPng } from "../integration/journey-walk";
import { buildAccessWorld, restoreAccessWorld, type AccessWorld } from "./authorization-world-access";
import { buildConsultationsWorld, type ConsultationsWorld } from "./authorization-world-consultations";
import { buildTransparencyWorld, type TransparencyWorld } from "./authorization-world-transparency";
import { buildStaffConsultationsWorld, type StaffConsultationsWorld } from "./authorization-world-consultation-staff";
import { browserUserAgent } from "./browser-requests";
import { askEnquiry, newSubmissionKey } from "../../app/domain/enquiries/index.server";
import { briefingWorld } from "./authorization-world-briefings";
import { panelCallWorld } from "./authorization-world-panel-calls";
import { generateSecureRandomString, sha256 } from "@tsunagi/service-kit/secure-random.server";

/** The visitors: anonymous, every role (from the role list itself, so a new role is a new visitor), and the two
 * states the guards treat apart. */
export const actorNames = [
  "anonymous",
  ...roles,
  /** A coordinator at facility A whose session has a password but not yet the second factor. */
  "coordinator_2fa_pending",
  /** A coordinator an administrator has not yet added to any facility (ADR 015: reaches nobody). */
  "coordinator_no_facility",
] as const;
export type ActorName = (typeof actorNames)[number];

export interface Actor {
  name: ActorName;
  role: Role | null;
  user: CreatedUser | null;
  /** A new session of this visitor's account (or none), as the Cookie header a browser would send. */
  newCookie(): Promise<string>;
}

/** A participant and what the matrix addresses them by. */
export interface Subject {
  participantId: string;
  pseudonym: string;
  fullName: string;
  email: string;
  facilityId: string;
  /** The journey they consented through (online, or assisted at the clinic); none for a paper consent. */
  journeyId: string | null;
  /** Their grant in the ledger (with its PDF). */
  eventId: string;
  user: CreatedUser | null;
}

export interface AuthorizationWorld {
  facilities: { A: CreatedFacility; B: CreatedFacility };
  actors: Record<ActorName, Actor>;
  /**
   * self: the participant visitor (A, consented online). child: represented by the proxy visitor (A, consented
   * online by the proxy); child2: the proxy's second, whose online journey is open. peer, neighbour: others at A,
   * consented at the clinic with the coordinator visitor; openA: at A, the coordinator visitor's assisted journey
   * open. away: at B (assisted by B's staff). paperA, paperB: paper consents with their scans. The invitees (in
   * `everyone`): enrolled and invited at A and B, not yet consented.
   */
  subjects: Record<"self" | "child" | "child2" | "peer" | "neighbour" | "openA" | "away" | "paperA" | "paperB", Subject>;
  invitations: { A: { participantId: string; invitationId: string }; B: { participantId: string; invitationId: string } };
  /** Open questions asked from facility A (by self) and B (by away). */
  questions: { A: string; B: string };
  forms: { published: FormVersion; draftId: string };
  /** The co-review (issue 28 item 6; ADR 061): an open round on a draft of a form of its own, never deleted by a cell. */
  reviewRoundId: string;
  /** The link secret of an invitation to that round (ADR 064). */
  reviewInvitationToken: string;
  /** A panel meeting announced for next week (ADR 065). */
  panelMeetingId: string;
  apiTokenId: string;
  /** A captured mail: peer's sign-in link. */
  mailId: string;
  /** A session of peer's account, which nobody else may end. */
  peerSessionId: string;
  /** A passkey of peer's account, which nobody else may remove. */
  peerPasskeyId: string;
  /** A device of peer's account with notifications on, which nobody else may change or stop (ADR 110). */
  peerPushSubscriptionId: string;
  /** Everyone whose name must not appear where they may not be seen. */
  everyone: Subject[];
  /**
   * Secondary findings (issue 13; ADR 034): peer's at A (they want findings: in the counsellor's queue), child2's at
   * A (no consent yet: hidden from everyone), away's at B (another facility).
   */
  findings: { own: string; hidden: string; otherFacility: string };
  /**
   * Analysis reports (issue 57; ADR 137): explained (released) for self, child, peer (at A) and away (at B); sealed
   * (not explained yet) for self and child.
   */
  reports: { released: Record<"self" | "child" | "peer" | "away", string>; sealed: Record<"self" | "child", string> };
  /** Study invitations (issue 57 item 4; ADR 138): one study's delivery to self, child and peer, by participant. */
  studyInvitations: Record<"self" | "child" | "peer", string>;
  /** A request about one's data (ADR 142) for self, the represented child, a peer at facility A and someone at B. */
  rightsRequests: Record<"self" | "child" | "peer" | "away", string>;
  /** 相談窓口 (ADR 145): one question asked without an account, with its private link's secret. */
  enquiry: { id: string; secret: string };
  /** A session to come (ADR 148) and one registration for it with its manage link's secret. */
  briefing: { id: string; registrationId: string; secret: string };
  /** An open panel call and one application to it, with its page's secret (ADR 151). */
  panelCall: { id: string; applicationId: string; secret: string };
  /** Recontact (ADR 035): a draft campaign, a sent one, and the unanswered response link of self's delivery in it. */
  recontact: { draftId: string; sentId: string; token: string };
  /**
   * Families (issue 14; ADR 036): the family visitor follows self (updates and summary): `own`; another family member
   * follows peer: `foreign`. `invitationToken` is an open invitation from self to a third address.
   */
  family: { own: string; foreign: string; invitationToken: string };
  /**
   * Programme updates (issue 14; ADR 038): a draft, a published public update, and the one-click unsubscribe token of
   * self's weekly digest (switched on).
   */
  updates: { draftId: string; publishedId: string; digestToken: string };
  /** Data access (issue 15; ADR 043): applications, register references and an unverified applicant. */
  access: AccessWorld;
  /** Transparency (issue 16): a snapshot, a published report and a report with only a draft. */
  transparency: TransparencyWorld;
  /** Consultations (issue 28; ADR 059): one for participants and the public, one for the panel alone, a draft. */
  consultations: ConsultationsWorld;
  /** The consultation staff pages (issue 28): a draft and a published consultation. */
  staffConsultations: StaffConsultationsWorld;
}

const request = { ipAddress: "127.0.9.9", userAgent: "authorization-matrix" };

/** A name that occurs nowhere else: letters only, as names are (enrolment refuses digits). */
function uniqueName(family: string): string {
  const katakana = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ";
  let given = "";
  for (let i = 0; i < 6; i++) given += katakana[randomInt(katakana.length)];
  return `${family} ${given}`;
}

async function cookieHeader(user: CreatedUser | null, secondFactorVerified: boolean): Promise<string> {
  const parts = [(await languageCookie.serialize("ja")).split(";")[0]!];
  if (user) {
    const { token } = await createSession(getDatabase(), { userId: user.id, role: user.role, secondFactorVerified, ipAddress: "127.0.0.1", userAgent: browserUserAgent });
    parts.push((await sessionCookie().serialize(token)).split(";")[0]!);
  }
  return parts.join("; ");
}

function subjectOf(participant: CreatedParticipant, journeyId: string | null, eventId: string): Subject {
  return {
    participantId: participant.id,
    pseudonym: participant.pseudonym,
    fullName: participant.fullName,
    email: participant.email,
    facilityId: participant.facilityId,
    journeyId,
    eventId,
    user: participant.user,
  };
}

async function consentOnline(participant: CreatedParticipant, version: FormVersion): Promise<Subject> {
  const signer = participant.proxy ?? participant.user!;
  const actor: JourneyActor = { method: "online", userId: signer.id, role: signer.role };
  const journeyId = await journeyReadyToSign(actor, participant.id, version);
  const printedName = participant.proxy ? participant.proxy.fullName : participant.fullName;
  const { event } = await signJourney({ actor, journeyId, printedName, language: "ja", request });
  return subjectOf(participant, journeyId, event.id);
}

async function consentAssisted(participant: CreatedParticipant, coordinator: CreatedUser, version: FormVersion): Promise<Subject> {
  const actor: JourneyActor = { method: "assisted", userId: coordinator.id, role: coordinator.role, participantId: participant.id };
  const journeyId = await journeyReadyToSign(actor, participant.id, version, { witnessName: "証人 花子" });
  const { event } = await signJourney({ actor, journeyId, printedName: participant.fullName, signer: "participant", language: "ja", request });
  return subjectOf(participant, journeyId, event.id);
}

/** A journey started and left open at its first screen: online by `signer`, or assisted by a coordinator. */
async function openJourney(participant: CreatedParticipant, actor: JourneyActor): Promise<Subject> {
  const { journeyId } = await startOrResumeJourney({ actor, participantId: participant.id, language: "ja", witnessName: actor.method === "assisted" ? "証人 花子" : undefined, request });
  return subjectOf(participant, journeyId, "");
}

async function consentOnPaper(participant: CreatedParticipant, coordinator: CreatedUser, version: FormVersion): Promise<Subject> {
  const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  const event = await recordPaperConsent(paperConsentInput(participant, version, coordinator, { scan: { fileName: "scan.png", content: scannedPng }, signedOn: today, request }));
  return subjectOf(participant, null, event.id);
}

async function invite(coordinator: CreatedUser, facility: CreatedFacility): Promise<{ participantId: string; invitationId: string; subject: Subject }> {
  const fullName = uniqueName("招待");
  const email = `invitee-${randomUUID().slice(0, 8)}@test.tsunagi.test`;
  const enrolment = await enrolParticipant({
    input: { fullName, dateOfBirth: "1970-05-05", email, preferredLanguage: "ja", programmeArea: "cancer", samples: ["tumour"], facilityId: facility.id },
    enrolledById: coordinator.id,
    request,
  });
  return {
    participantId: enrolment.participantId,
    invitationId: enrolment.invitation.id,
    subject: { participantId: enrolment.participantId, pseudonym: enrolment.pseudonym, fullName, email, facilityId: facility.id, journeyId: null, eventId: "", user: null },
  };
}

export async function buildAuthorizationWorld(): Promise<AuthorizationWorld> {
  const db = getDatabase();
  const A = await createFacility({ nameJa: "照合病院 甲", nameEn: "Matrix Hospital A" });
  const B = await createFacility({ nameJa: "照合病院 乙", nameEn: "Matrix Hospital B" });
  const version = await signableFormVersion();

  const staff = (role: Role, facilities: CreatedFacility[] = []) => createUser({ role, withTotp: true, facilities });
  // Clinic staff who do the world's paperwork, apart from the visitors, so the visitors' own pages start empty.
  const clerkA = await staff("coordinator", [A]);
  const clerkB = await staff("coordinator", [B]);

  // The coordinator visitor ran peer's and neighbour's clinic journeys: assisted journeys belong to whoever ran them.
  const coordinator = await staff("coordinator", [A]);

  const participant = (facility: CreatedFacility, family: string, options: { withAccount?: boolean; withProxy?: boolean; dateOfBirth?: string } = {}) =>
    createParticipant({ facility, fullName: uniqueName(family), ...options });
  // Small children: too young for assent, and far from the majority check the app server runs in the background.
  const toddler = new Date(Date.now() - 3 * 365.25 * 86_400_000).toISOString().slice(0, 10);
  const self = await consentOnline(await participant(A, "本人"), version);
  const childParticipant = await participant(A, "子供", { withAccount: false, withProxy: true, dateOfBirth: toddler });
  const child = await consentOnline(childParticipant, version);
  const proxy = childParticipant.proxy!;
  const secondChild = await participant(A, "次子", { withAccount: false, dateOfBirth: toddler });
  await db.proxyAssignment.create({
    data: { participantId: secondChild.id, proxyUserId: proxy.id, fullName: proxy.fullName, email: proxy.email, relationship: "parent" },
  });
  const child2 = await openJourney(secondChild, { method: "online", userId: proxy.id, role: "proxy" });
  const peer = await consentAssisted(await participant(A, "同院"), coordinator, version);
  const neighbour = await consentAssisted(await participant(A, "隣人"), coordinator, version);
  const openAParticipant = await participant(A, "来院");
  const openA = await openJourney(openAParticipant, { method: "assisted", userId: coordinator.id, role: "coordinator", participantId: openAParticipant.id });
  const away = await consentAssisted(await participant(B, "他院"), clerkB, version);
  const paperA = await consentOnPaper(await participant(A, "紙甲"), clerkA, version);
  const paperB = await consentOnPaper(await participant(B, "紙乙"), clerkB, version);
  const inviteeA = await invite(clerkA, A);
  const inviteeB = await invite(clerkB, B);

  const users: Partial<Record<ActorName, CreatedUser | null>> = {
    anonymous: null,
    participant: self.user,
    proxy,
    coordinator,
    counsellor: await staff("counsellor", [A]),
    coordinator_2fa_pending: await staff("coordinator", [A]),
    coordinator_no_facility: await staff("coordinator", []),
  };
  for (const role of ["family", "panel_member", "applicant", "dac_expert"] as const) users[role] = await createUser({ role });
  for (const role of ["elsi_staff", "dac_secretariat", "dac_chair", "admin"] as const) users[role] = await staff(role);

  const actors = Object.fromEntries(
    actorNames.map((name) => {
      const user = users[name] ?? null;
      const actor: Actor = { name, role: user?.role ?? null, user, newCookie: () => cookieHeader(user, name !== "coordinator_2fa_pending") };
      return [name, actor];
    }),
  ) as Record<ActorName, Actor>;

  const questions = {
    A: (await askJourneyQuestion({ userId: self.user!.id, participantId: self.participantId, body: "照合の質問です。", request })).questionId,
    B: (await askJourneyQuestion({ userId: away.user!.id, participantId: away.participantId, body: "照合の質問です。", request })).questionId,
  };
  const draft = await importFormDraft({ content: seededFormContent("1.1"), createdById: users.elsi_staff!.id, context: request });
  const reviewed = await importFormDraft({ content: { ...seededFormContent("1.0"), formKey: "panel-review-world" }, createdById: users.elsi_staff!.id, context: request });
  const { roundId: reviewRoundId } = await openReviewRound({ formVersionId: reviewed.id, actorUserId: users.elsi_staff!.id, request });
  // A patient invited to that round (ADR 064), written directly: the link's secret is otherwise only in the mail.
  const reviewInvitationToken = generateSecureRandomString(32);
  await db.documentReviewInvitation.create({
    data: { roundId: reviewRoundId, fullName: "照合 招待", email: "matrix-review-invitee@example.test", language: "ja", tokenHash: sha256(reviewInvitationToken), invitedById: users.elsi_staff!.id, createdAt: new Date() },
  });
  const { meetingId: panelMeetingId } = await schedulePanelMeeting({
    fields: { scheduledAt: new Date(Date.now() + 7 * 24 * 3600_000), place: "オンライン", titleJa: "照合の会議", titleJaEasy: "しょうごうの 会議", titleEn: "Matrix meeting", agendaJa: "議題", agendaJaEasy: "話すこと", agendaEn: "Agenda" },
    actorUserId: users.elsi_staff!.id,
    request,
  });
  const apiToken = await issueApiToken({ name: "照合トークン", scopes: ["fhir:read"], createdById: users.admin!.id, context: request });
  await requestSignInLink({ email: peer.email, language: "ja" }, request);
  const mail = (await listCapturedMail({ limit: 100 })).find((message) => message.to.includes(peer.email));
  if (!mail) throw new Error("peer's sign-in link was not captured");
  const peerSession = await createSession(db, { userId: peer.user!.id, role: "participant", secondFactorVerified: true, ipAddress: request.ipAddress, userAgent: request.userAgent });

  const peerPasskey = await db.passkey.create({
    data: { id: randomBytes(16).toString("base64url"), userId: peer.user!.id, publicKey: randomBytes(77), counter: 0n, transports: ["internal"], deviceType: "singleDevice", backedUp: false, name: "照合の鍵" },
  });

  const peerPushSubscription = await db.pushSubscription.create({
    data: { userId: peer.user!.id, endpoint: `https://fcm.googleapis.com/fcm/send/${randomBytes(12).toString("base64url")}`, p256dh: `B${"A".repeat(86)}`, auth: "A".repeat(22), kinds: ["reconsent"], language: "ja", deviceLabel: "Chrome · Android" },
  });

  const findings = {
    own: await createFinding(peer.participantId, "hereditary_cancer"),
    hidden: await createFinding(child2.participantId, "hereditary_cancer"),
    otherFacility: await createFinding(away.participantId, "hereditary_cancer"),
  };

  const explainer = users.counsellor!.id;
  const reports = {
    released: {
      self: await createReport(self.participantId, { explainedBy: explainer }),
      child: await createReport(child.participantId, { explainedBy: explainer }),
      peer: await createReport(peer.participantId, { explainedBy: explainer }),
      away: await createReport(away.participantId, { explainedBy: explainer }),
    },
    sealed: { self: await createReport(self.participantId), child: await createReport(child.participantId) },
  };

  const subjects = { self, child, child2, peer, neighbour, openA, away, paperA, paperB };
  const campaign = (state: "draft" | "sent") =>
    db.recontactCampaign.create({
      data: { kind: "survey", title: `照合キャンペーン ${state}`, messageJa: "照合", messageJaEasy: "しょうごう", messageEn: "Matrix", facilityIds: [A.id], state, createdById: users.elsi_staff!.id },
    });
  const sentCampaign = await campaign("sent");
  const response = newResponseToken();
  await db.recontactDelivery.create({ data: { campaignId: sentCampaign.id, participantId: self.participantId, channel: "email", claimedAt: new Date(), responseTokenHash: response.hash } });
  const family = await familyWorld(self, peer, users.family!.id);
  const updates = await updatesWorld(users.elsi_staff!.id, self.user!.id);
  const access = await buildAccessWorld(users.applicant!);
  const ownApproval = await db.dataAccessApproval.findUniqueOrThrow({ where: { applicationId: access.ownApplicationId }, select: { id: true } });
  const invited = await createStudyInvitation({ approvalId: ownApproval.id, participantIds: [self.participantId, child.participantId, peer.participantId], createdById: users.elsi_staff!.id });
  const studyInvitations = { self: invited.deliveries[self.participantId]!, child: invited.deliveries[child.participantId]!, peer: invited.deliveries[peer.participantId]! };
  const rightsRequest = async (subject: Subject, userId: string) =>
    (await makeRightsRequest({ actor: { userId }, participantId: subject.participantId, input: { kind: "correction", details: "照合の訂正" }, language: "ja", request })).requestId;
  const rightsRequests = {
    self: await rightsRequest(self, self.user!.id),
    child: await rightsRequest(child, proxy.id),
    peer: await rightsRequest(peer, peer.user!.id),
    away: await rightsRequest(away, away.user!.id),
  };
  const asked = await askEnquiry({ input: { body: "相談窓口への質問", asker: "public" }, submissionKey: newSubmissionKey(), language: "ja", request });
  if (!asked.ok) throw new Error("the matrix's question was held back");
  const enquiry = { id: asked.id, secret: asked.secret };
  const briefing = await briefingWorld(users.elsi_staff!.id);
  const panelCall = await panelCallWorld(users.elsi_staff!.id);
  const transparency = await buildTransparencyWorld(users.elsi_staff!.id);
  const consultations = await buildConsultationsWorld(users.elsi_staff!.id);
  const staffConsultations = await buildStaffConsultationsWorld(users.elsi_staff!.id);
  return {
    staffConsultations,
    consultations,
    access,
    transparency,
    updates,
    family,
    findings,
    reports,
    studyInvitations,
    rightsRequests,
    enquiry,
    briefing,
    panelCall,
    facilities: { A, B },
    actors,
    subjects,
    invitations: { A: { participantId: inviteeA.participantId, invitationId: inviteeA.invitationId }, B: { participantId: inviteeB.participantId, invitationId: inviteeB.invitationId } },
    questions,
    forms: { published: version, draftId: draft.id },
    reviewRoundId,
    reviewInvitationToken,
    panelMeetingId,
    apiTokenId: apiToken.id,
    mailId: mail.id,
    peerSessionId: peerSession.session.id,
    peerPasskeyId: peerPasskey.id,
    peerPushSubscriptionId: peerPushSubscription.id,
    everyone: [...Object.values(subjects), inviteeA.subject, inviteeB.subject],
    recontact: { draftId: (await campaign("draft")).id, sentId: sentCampaign.id, token: response.token },
  };
}

/** Family access written as the accepting verb writes it (its own tests walk the verbs), for the matrix to address. */
async function familyWorld(self: Subject, peer: Subject, familyUserId: string): Promise<AuthorizationWorld["family"]> {
  const db = getDatabase();
  const follower = await createUser({ role: "family" });
  const access = async (participant: Subject, userId: string, email: string) => {
    const invitation = await db.familyInvitation.create({
      data: { participantId: participant.participantId, fullName: uniqueName("家族"), email, relationship: "child", scope: "updates_and_summary", language: "ja", tokenHash: sha256(randomBytes(20).toString("hex")), invitedById: participant.user!.id, expiresAt: new Date(Date.now() + 86_400_000), acceptedAt: new Date(), acceptedUserId: userId },
    });
    return (await db.familyAccess.create({ data: { participantId: participant.participantId, familyUserId: userId, invitationId: invitation.id, fullName: invitation.fullName, relationship: "child", scope: "updates_and_summary" } })).id;
  };
  const familyUser = await db.user.findUniqueOrThrow({ where: { id: familyUserId } });
  const own = await access(self, familyUserId, familyUser.email);
  const foreign = await access(peer, follower.id, follower.email);
  const invitationToken = generateSecureRandomString(32);
  await db.familyInvitation.create({
    data: { participantId: self.participantId, fullName: uniqueName("招待"), email: `invitee-${randomUUID()}@example.test`, relationship: "sibling", scope: "updates", language: "ja", tokenHash: sha256(invitationToken), invitedById: self.user!.id, expiresAt: new Date(Date.now() + 86_400_000) },
  });
  return { own, foreign, invitationToken };
}

/** A draft update, a published public one, and self's digest switched on (ADR 038). */
async function updatesWorld(staffUserId: string, readerUserId: string): Promise<AuthorizationWorld["updates"]> {
  const text = { titleJa: "照合のお知らせ", titleJaEasy: "しょうごうの おしらせ", titleEn: "Matrix update", bodyJa: "本文です。", bodyJaEasy: "ほんぶん です。", bodyEn: "Body." };
  const draft = await createProgrammeUpdate({ update: { ...text, audiences: ["participants"] }, actorUserId: staffUserId, request });
  const published = await createProgrammeUpdate({ update: { ...text, audiences: ["public"] }, actorUserId: staffUserId, request });
  await publishProgrammeUpdate({ updateId: published.id, publishAt: null, actorUserId: staffUserId, request });
  await setUpdateDigest({ userId: readerUserId, enabled: true, language: "ja", request });
  return { draftId: draft.id, publishedId: published.id, digestToken: digestUnsubscribeToken(readerUserId) };
}

/**
 * Puts back what a row's own cells may have changed, so each row starts from the world as built: the open journeys
 * at their first screen (a cell reads a section), and a form draft (a cell deletes it).
 */
export async function restoreWorld(world: AuthorizationWorld): Promise<void> {
  const db = getDatabase();
  await db.consentJourney.updateMany({
    where: { id: { in: [world.subjects.child2.journeyId!, world.subjects.openA.journeyId!] } },
    data: { sectionsRead: 0, comprehension: {}, choices: {} },
  });
  // A family cell may end or narrow the family visitor's access to self.
  await db.familyAccess.update({ where: { id: world.family.own }, data: { endedAt: null, endedById: null, pausedAt: null, scope: "updates_and_summary" } });
  // An unsubscribe cell switches self's digest off.
  await db.updateDigestSubscription.updateMany({ where: { userId: world.subjects.self.user!.id }, data: { enabled: true } });
  await restoreAccessWorld(world.access);
  const draft = await db.consentFormVersion.findUnique({ where: { id: world.forms.draftId }, select: { id: true } });
  if (!draft) world.forms.draftId = (await importFormDraft({ content: seededFormContent("1.1"), createdById: world.actors.elsi_staff.user!.id, context: request })).id;
}
