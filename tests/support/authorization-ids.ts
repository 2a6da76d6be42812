/**
 * The object ids the authorization matrix (tests/integration/authorization-matrix.ts, in three shard files) puts in URLs and forms:
 * for each kind of id a route can name, which record each "kind" (own, foreign, other facility, unknown, nonsense, …)
 * means for a given visitor in the world of tests/support/authorization-world.ts.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Actor, AuthorizationWorld, Subject } from "./authorization-world";

/** What one id kind puts in a URL (route params by name, a query) and in a form. */
export interface Filled {
  params: Record<string, string>;
  query?: string;
  /** Ids a form may name (participantId, journeyId, …). */
  values?: Record<string, string>;
}

export interface IdFamily {
  name: string;
  kinds: readonly string[];
  /**
   * For a visitor whose answer the table gives without regard to the id (refused at the door, or one answer for all):
   * the ids of real records — their own, another's, another facility's — taken in turn, one per visitor and method,
   * so that each is tried at every door by several visitors and an answer that betrays which one it was shows up.
   * Every kind, unknown and nonsense ids included, is tried by each visitor whose answer depends on the id.
   */
  door: readonly string[];
  fill: (world: AuthorizationWorld, actor: Actor, kind: string) => Filled;
}

const unknownUuid = randomUUID();
const nonsense = "x'<b>.."; // not an id of any kind: quote, markup, dots

/**
 * "own": the participant visitor's own record, the proxy's child (for a journey step, the proxy's second child, whose
 * journey is open); for staff, a participant at their facility (A).
 */
function ownSubject(world: AuthorizationWorld, actor: Actor, open = false): Subject {
  if (actor.name === "proxy") return open ? world.subjects.child2 : world.subjects.child;
  return world.subjects.self;
}

/** own / foreign (another participant at facility A) / otherFacility (at B) / unknown / nonsense. */
function subjectByKind(world: AuthorizationWorld, actor: Actor, kind: string, open = false): Subject | string {
  if (kind === "own") return ownSubject(world, actor, open);
  if (kind === "foreign") return world.subjects.peer;
  if (kind === "otherFacility") return world.subjects.away;
  if (kind === "unknown") return unknownUuid;
  return nonsense;
}
const participantIdOf = (subject: Subject | string) => (typeof subject === "string" ? subject : subject.participantId);

const participantKinds = ["own", "foreign", "otherFacility", "unknown", "nonsense"] as const;
/** Two ids, the participant's and an object's: foreign = the object of another participant at the same facility, crossed = of one at another facility. */
const pairKinds = ["own", "foreign", "otherFacility", "crossed", "unknown", "nonsense"] as const;
const realRecords = ["own", "foreign", "otherFacility"] as const;

/** A pair of ids for own … nonsense, from the path participant and the object each kind names. */
function pairOf(kind: string, pairs: { own: [string, string]; foreign: [string, string]; otherFacility: [string, string]; crossed: [string, string] }): [string, string] {
  if (kind === "unknown") return [pairs.own[0], unknownUuid];
  if (kind === "nonsense") return [pairs.own[0], nonsense];
  return pairs[kind as keyof typeof pairs];
}

export const ids = {
  /** :id of /staff/findings/:id (ADR 034): own = in the counsellor's queue; hidden = its participant's consent hides it. */
  finding: {
    name: ":id finding",
    kinds: ["own", "hidden", "otherFacility", "unknown", "nonsense"],
    door: ["own", "hidden", "otherFacility"],
    fill: (world, _actor, kind) => {
      const id = kind === "unknown" ? unknownUuid : kind === "nonsense" ? nonsense : world.findings[kind as keyof AuthorizationWorld["findings"]];
      return { params: { id } };
    },
  },
  /**
   * :reportId of /results/:reportId and :id of /staff/results/:id (ADR 137): own = explained, of the visitor's own
   * subject (the proxy's child; for staff, self at facility A); sealed = the same subject's, not explained yet;
   * foreign = peer's (A, explained); otherFacility = away's (B, explained).
   */
  report: {
    name: ":reportId analysis report",
    kinds: ["own", "sealed", "foreign", "otherFacility", "unknown", "nonsense"],
    door: ["own", "sealed", "foreign", "otherFacility"],
    fill: (world, actor, kind) => {
      const whose = actor.name === "proxy" ? "child" : "self";
      const { released, sealed } = world.reports;
      const id =
        kind === "own" ? released[whose] : kind === "sealed" ? sealed[whose] : kind === "foreign" ? released.peer : kind === "otherFacility" ? released.away : kind === "unknown" ? unknownUuid : nonsense;
      return { params: { reportId: id, id } };
    },
  },
  /**
   * :deliveryId of /study-invitations/:deliveryId (ADR 138): own = the visitor's own subject's invitation (the proxy's
   * child's); foreign = peer's (same facility).
   */
  studyInvitation: {
    name: ":deliveryId study invitation",
    kinds: ["own", "foreign", "unknown", "nonsense"],
    door: ["own", "foreign"],
    fill: (world, actor, kind) => {
      const whose = actor.name === "proxy" ? "child" : "self";
      const id = kind === "own" ? world.studyInvitations[whose] : kind === "foreign" ? world.studyInvitations.peer : kind === "unknown" ? unknownUuid : nonsense;
      return { params: { deliveryId: id } };
    },
  },
  /** :requestId of a request about one's data (ADR 142): the visitor's own (or represented child's), a peer's, another facility's. */
  rightsRequest: {
    name: ":requestId rights request",
    kinds: ["own", "foreign", "otherFacility", "unknown", "nonsense"],
    door: ["own", "foreign", "otherFacility"],
    fill: (world, actor, kind) => {
      const whose = actor.name === "proxy" ? "child" : "self";
      const { rightsRequests } = world;
      const id = kind === "own" ? rightsRequests[whose] : kind === "foreign" ? rightsRequests.peer : kind === "otherFacility" ? rightsRequests.away : kind === "unknown" ? unknownUuid : nonsense;
      return { params: { requestId: id } };
    },
  },
  /**
   * :enquiryId of a question to the 相談窓口 (ADR 145) with its private link: `withLink` its own secret, `noLink` none,
   * `wrongLink` another secret; `unknown` an id that names nothing (with the real secret). For staff pages, the id alone.
   */
  enquiry: {
    name: ":enquiryId ?t=",
    kinds: ["withLink", "noLink", "wrongLink", "unknown", "nonsense"],
    door: ["withLink"],
    fill: (world, _actor, kind) => {
      const { id, secret } = world.enquiry;
      if (kind === "withLink") return { params: { enquiryId: id }, query: `t=${secret}` };
      if (kind === "noLink") return { params: { enquiryId: id } };
      if (kind === "wrongLink") return { params: { enquiryId: id }, query: `t=${"0".repeat(64)}` };
      return { params: { enquiryId: kind === "unknown" ? unknownUuid : nonsense }, query: `t=${secret}` };
    },
  },
  /** :kind of a new request with ?participant=: none = the visitor's own, kindUnknown = a kind that does not exist. */
  rightsKind: {
    name: ":kind ?participant=",
    kinds: ["none", ...participantKinds, "kindUnknown"],
    door: realRecords,
    fill: (world, actor, kind) => {
      if (kind === "none") return { params: { kind: "correction" } };
      if (kind === "kindUnknown") return { params: { kind: "erasure" } };
      return { params: { kind: "correction" }, query: `participant=${encodeURIComponent(participantIdOf(subjectByKind(world, actor, kind)))}` };
    },
  },
  none: { name: "none", kinds: ["-"], door: ["-"], fill: () => ({ params: {} }) },
  /** ?participant= on the participant's own pages (the proxy's way to a represented person); none = without it. */
  participantQuery: {
    name: "?participant=",
    kinds: ["none", ...participantKinds],
    door: realRecords,
    fill: (world, actor, kind) => (kind === "none" ? { params: {} } : { params: {}, query: `participant=${encodeURIComponent(participantIdOf(subjectByKind(world, actor, kind)))}` }),
  },
  /** :id of /staff/participants/:id/…, and the participantId a participant's form carries. */
  participant: {
    name: ":id participant",
    kinds: participantKinds,
    door: realRecords,
    fill: (world, actor, kind) => {
      const id = participantIdOf(subjectByKind(world, actor, kind));
      return { params: { id }, values: { participantId: id } };
    },
  },
  /** :id and :n of the assisted journey's steps: own = openA, whose journey the coordinator visitor has open. */
  participantStep: {
    name: ":id participant, :n",
    kinds: [...participantKinds, "stepUnknown", "stepNonsense"],
    door: realRecords,
    fill: (world, actor, kind) => {
      const n = kind === "stepUnknown" ? "99" : kind === "stepNonsense" ? "x" : "1";
      const subject = kind === "own" || kind.startsWith("step") ? world.subjects.openA : subjectByKind(world, actor, kind);
      return { params: { id: participantIdOf(subject), n } };
    },
  },
  /** :id of the assisted journey's screens without a step number: own = openA. */
  participantOpen: {
    name: ":id participant",
    kinds: participantKinds,
    door: realRecords,
    fill: (world, actor, kind) => ({ params: { id: participantIdOf(kind === "own" ? world.subjects.openA : subjectByKind(world, actor, kind)) } }),
  },
  /** The journeyId an assisted step's form carries, with the participant in the path: own = openA's open journey. */
  assistedForm: {
    name: ":id participant, journeyId",
    kinds: pairKinds,
    door: realRecords,
    fill: (world, _actor, kind) => {
      const { openA, peer, away } = world.subjects;
      const [id, journeyId] = pairOf(kind, {
        own: [openA.participantId, openA.journeyId!],
        foreign: [openA.participantId, peer.journeyId!],
        otherFacility: [away.participantId, away.journeyId!],
        crossed: [openA.participantId, away.journeyId!],
      });
      return { params: { id, n: "1" }, values: { journeyId } };
    },
  },
  /** :journeyId of a participant's finished journey (its thank-you and assent screens). */
  journey: {
    name: ":journeyId",
    kinds: participantKinds,
    door: realRecords,
    fill: (world, actor, kind) => {
      const subject = subjectByKind(world, actor, kind);
      const journeyId = typeof subject === "string" ? subject : subject.journeyId!;
      return { params: { journeyId }, values: { journeyId } };
    },
  },
  /** :n of the participant's journey steps, and the journeyId their forms carry (the proxy's own is open). */
  step: {
    name: ":n, journeyId",
    kinds: [...participantKinds, "stepUnknown", "stepNonsense"],
    door: realRecords,
    fill: (world, actor, kind) => {
      const subject = subjectByKind(world, actor, kind.startsWith("step") ? "own" : kind, true);
      const n = kind === "stepUnknown" ? "99" : kind === "stepNonsense" ? "x" : "1";
      return { params: { n }, values: { journeyId: typeof subject === "string" ? subject : subject.journeyId! } };
    },
  },
  /** :id and :journeyId of a finished assisted (clinic) journey the coordinator visitor ran: peer's. */
  assistedJourney: {
    name: ":id participant, :journeyId",
    kinds: pairKinds,
    door: realRecords,
    fill: (world, _actor, kind) => {
      const { peer, neighbour, away } = world.subjects;
      const [id, journeyId] = pairOf(kind, {
        own: [peer.participantId, peer.journeyId!],
        foreign: [peer.participantId, neighbour.journeyId!],
        otherFacility: [away.participantId, away.journeyId!],
        crossed: [peer.participantId, away.journeyId!],
      });
      return { params: { id, journeyId } };
    },
  },
  /** :id and :eventId of a paper consent's scan. */
  scan: {
    name: ":id participant, :eventId scan",
    kinds: pairKinds,
    door: realRecords,
    fill: (world, _actor, kind) => {
      const { peer, paperA, paperB } = world.subjects;
      const [id, eventId] = pairOf(kind, {
        own: [paperA.participantId, paperA.eventId],
        foreign: [peer.participantId, paperA.eventId],
        otherFacility: [paperB.participantId, paperB.eventId],
        crossed: [paperA.participantId, paperB.eventId],
      });
      return { params: { id, eventId } };
    },
  },
  /** A ledger event's id (its PDF, its FHIR Consent): :eventId or :id. */
  event: {
    name: "consent event id",
    kinds: participantKinds,
    door: realRecords,
    fill: (world, actor, kind) => {
      const subject = subjectByKind(world, actor, kind);
      const id = typeof subject === "string" ? subject : subject.eventId;
      return { params: { eventId: id, id } };
    },
  },
  /** A consent record's id and its first version (FHIR vread): :id/_history/:versionId. */
  eventVersion: {
    name: "consent event id and version",
    kinds: participantKinds,
    door: realRecords,
    fill: (world, actor, kind) => {
      const subject = subjectByKind(world, actor, kind);
      const id = typeof subject === "string" ? subject : subject.eventId;
      return { params: { id, versionId: "1" } };
    },
  },
  /** :pseudonym of the consent records (issue 32 item 3): a pseudonym in the path. */
  pseudonymPath: {
    name: ":pseudonym",
    kinds: participantKinds,
    door: realRecords,
    fill: (world, actor, kind) => {
      const subject = subjectByKind(world, actor, kind);
      return { params: { pseudonym: typeof subject !== "string" ? subject.pseudonym : kind === "unknown" ? "TGP-ZZZZ-ZZZZ" : nonsense } };
    },
  },
  /** ?patient= of the FHIR search: a pseudonym. */
  pseudonym: {
    name: "?patient=",
    kinds: ["none", ...participantKinds],
    door: realRecords,
    fill: (world, actor, kind) => {
      if (kind === "none") return { params: {} };
      const subject = subjectByKind(world, actor, kind);
      const pseudonym = typeof subject !== "string" ? subject.pseudonym : kind === "unknown" ? "TGP-ZZZZ-ZZZZ" : nonsense;
      return { params: {}, query: `patient=${encodeURIComponent(pseudonym)}` };
    },
  },
  /** :choiceId with ?participant= */
  choice: {
    name: ":choiceId ?participant=",
    kinds: ["none", ...participantKinds, "choiceUnknown"],
    door: realRecords,
    fill: (world, actor, kind) => {
      if (kind === "none") return { params: { choiceId: "share.academia" } };
      if (kind === "choiceUnknown") return { params: { choiceId: "no.such.choice" } };
      return { params: { choiceId: "share.academia" }, query: `participant=${encodeURIComponent(participantIdOf(subjectByKind(world, actor, kind)))}` };
    },
  },
  /** :version of the public form text. */
  formVersion: {
    name: ":version",
    kinds: ["published", "unknown", "nonsense"],
    door: ["published", "unknown", "nonsense"],
    fill: (world, _actor, kind) => ({ params: { version: kind === "published" ? world.forms.published.version : kind === "unknown" ? "9.9" : nonsense } }),
  },
  /** :id of /staff/forms/:id/… (a form version). */
  formId: {
    name: ":id form version",
    kinds: ["published", "draft", "unknown", "nonsense"],
    door: ["published", "draft"],
    fill: (world, _actor, kind) => ({ params: { id: kind === "published" ? world.forms.published.id : kind === "draft" ? world.forms.draftId : kind === "unknown" ? unknownUuid : nonsense } }),
  },
  /** :roundId of /panel/reviews/:roundId (ADR 061): an open round on a draft, an unknown and a nonsense id. */
  reviewRound: {
    name: ":roundId review round",
    kinds: ["open", "unknown", "nonsense"],
    door: ["open"],
    fill: (world, _actor, kind) => ({ params: { roundId: kind === "open" ? world.reviewRoundId : kind === "unknown" ? unknownUuid : nonsense } }),
  },
  /** :id of a panel meeting (ADR 065): the world's meeting, an unknown and a nonsense id. */
  panelMeeting: {
    name: ":id panel meeting",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing"],
    fill: (world, _actor, kind) => ({ params: { id: kind === "existing" ? world.panelMeetingId : kind === "unknown" ? unknownUuid : nonsense } }),
  },
  /** :token of a review invitation's link (ADR 064): the world's live one, a well-formed unknown one, nonsense. */
  reviewInvitationToken: {
    name: ":token review invitation",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing", "unknown", "nonsense"],
    fill: (world, _actor, kind) => ({ params: { token: kind === "existing" ? world.reviewInvitationToken : kind === "unknown" ? lucia(32) : nonsense } }),
  },
  /** :token of a mailed sign-in link: a fresh well-formed one each time (each its own limiter key), or none at all. */
  signInToken: {
    name: ":token",
    kinds: ["unknown", "nonsense"],
    door: ["unknown", "nonsense"],
    fill: (_world, _actor, kind) => ({ params: { token: kind === "unknown" ? `${lucia(24)}.${lucia(24)}` : nonsense } }),
  },
  /** :tokenId of an API token. */
  apiToken: {
    name: ":tokenId",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing"],
    fill: (world, _actor, kind) => ({ params: { tokenId: kind === "existing" ? world.apiTokenId : kind === "unknown" ? lucia(16) : nonsense } }),
  },
  /** :id of /invitation/:id, without the link's secret. */
  invitation: {
    name: ":id invitation",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing", "unknown", "nonsense"],
    fill: (world, _actor, kind) => ({ params: { id: kind === "existing" ? world.invitations.A.invitationId : kind === "unknown" ? lucia(24) : nonsense } }),
  },
  /** :id of /staff/participants/:id and the invitationId its re-issue form carries. */
  invitationPair: {
    name: ":id participant, invitationId",
    kinds: ["own", "foreign", "otherFacility", "crossed"],
    door: realRecords,
    fill: (world, _actor, kind) => {
      const { A, B } = world.invitations;
      const pair: Record<string, [string, string]> = {
        own: [A.participantId, A.invitationId],
        foreign: [world.subjects.peer.participantId, A.invitationId],
        otherFacility: [B.participantId, B.invitationId],
        crossed: [A.participantId, B.invitationId],
      };
      const [id, invitationId] = pair[kind]!;
      return { params: { id }, values: { invitationId } };
    },
  },
  /** :id of a captured mail. */
  mail: {
    name: ":id mail",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing"],
    fill: (world, _actor, kind) => ({ params: { id: kind === "existing" ? world.mailId : kind === "unknown" ? "2026-01-01T00-00-00-000Z-0123456789abcdef" : nonsense } }),
  },
  /** questionId of the coordinators' answer form: asked at facility A, at B. */
  question: {
    name: "questionId",
    kinds: ["own", "otherFacility", "unknown", "nonsense"],
    door: ["own", "otherFacility"],
    fill: (world, _actor, kind) => ({ params: {}, values: { questionId: kind === "own" ? world.questions.A : kind === "otherFacility" ? world.questions.B : kind === "unknown" ? unknownUuid : nonsense } }),
  },
  /** passkeyId of "remove this passkey": another account's, or none. */
  passkey: {
    name: "passkeyId",
    kinds: ["foreign", "unknown"],
    door: ["foreign"],
    fill: (world, _actor, kind) => ({ params: {}, values: { passkeyId: kind === "foreign" ? world.peerPasskeyId : lucia(22) } }),
  },
  /** subscriptionId of "this device's notifications": another account's device, or none (ADR 110). */
  pushSubscription: {
    name: "subscriptionId",
    kinds: ["foreign", "unknown"],
    door: ["foreign"],
    fill: (world, _actor, kind) => ({ params: {}, values: { subscriptionId: kind === "foreign" ? world.peerPushSubscriptionId : unknownUuid } }),
  },
  /** sessionId of "end this session": another account's session, or none. */
  session: {
    name: "sessionId",
    kinds: ["foreign", "unknown"],
    door: ["foreign"],
    fill: (world, _actor, kind) => ({ params: {}, values: { sessionId: kind === "foreign" ? world.peerSessionId : lucia(24) } }),
  },
  /** :id of /staff/recontact/:id (a campaign). */
  campaign: {
    name: ":id campaign",
    kinds: ["draft", "sent", "unknown", "nonsense"],
    door: ["draft", "sent"],
    fill: (world, _actor, kind) => ({ params: { id: kind === "draft" ? world.recontact.draftId : kind === "sent" ? world.recontact.sentId : kind === "unknown" ? unknownUuid : nonsense } }),
  },
  /** :token of a campaign's response link: self's unanswered one, a well-formed unknown one, nonsense. */
  responseToken: {
    name: ":token response",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing", "unknown", "nonsense"],
    fill: (world, _actor, kind) => ({ params: { token: kind === "existing" ? world.recontact.token : kind === "unknown" ? randomBytes(32).toString("base64url") : nonsense } }),
  },
  /** :accessId of /family/:accessId and accessId in /consent/family's forms: own = the family visitor's access to self (self's own follower). */
  familyAccess: {
    name: ":accessId family access",
    kinds: ["own", "foreign", "unknown", "nonsense"],
    door: ["own", "foreign"],
    fill: (world, _actor, kind) => {
      const accessId = kind === "own" ? world.family.own : kind === "foreign" ? world.family.foreign : kind === "unknown" ? unknownUuid : nonsense;
      return { params: { accessId }, values: { accessId } };
    },
  },
  familyInvitationToken: {
    name: ":token family invitation",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing", "unknown", "nonsense"],
    fill: (world, _actor, kind) => ({ params: { token: kind === "existing" ? world.family.invitationToken : kind === "unknown" ? lucia(32) : nonsense } }),
  },
  /** :id of /staff/updates/:id and /updates/:id (ADR 038): a draft, a published public update. */
  programmeUpdate: {
    name: ":id programme update",
    kinds: ["draft", "published", "unknown", "nonsense"],
    door: ["draft", "published"],
    fill: (world, _actor, kind) => ({ params: { id: kind === "draft" ? world.updates.draftId : kind === "published" ? world.updates.publishedId : kind === "unknown" ? unknownUuid : nonsense } }),
  },
  /** :id of /staff/consultations/:id (ADR 059): a draft, a published consultation. */
  staffConsultation: {
    name: ":id consultation (staff)",
    kinds: ["draft", "published", "unknown", "nonsense"],
    door: ["draft", "published"],
    fill: (world, _actor, kind) => ({
      params: { id: kind === "draft" ? world.staffConsultations.draftId : kind === "published" ? world.staffConsultations.publishedId : kind === "unknown" ? unknownUuid : nonsense },
    }),
  },
  /** :id of /consultations/:id (ADR 059): open to participants and the public, to the panel alone, a draft. */
  consultation: {
    name: ":id consultation",
    kinds: ["open", "panel", "draft", "unknown", "nonsense"],
    door: ["open", "panel", "draft"],
    fill: (world, _actor, kind) => ({
      params: { id: kind === "open" ? world.consultations.openId : kind === "panel" ? world.consultations.panelId : kind === "draft" ? world.consultations.draftId : kind === "unknown" ? unknownUuid : nonsense },
    }),
  },
  /** :id of /consultations/:id/report (ADR 063): one with a published report, one open without, a draft. */
  consultationReport: {
    name: ":id consultation report",
    kinds: ["reported", "open", "draft", "unknown", "nonsense"],
    door: ["reported", "open", "draft"],
    fill: (world, _actor, kind) => ({
      params: {
        id:
          kind === "reported"
            ? world.consultations.reportedId
            : kind === "open"
              ? world.consultations.openId
              : kind === "draft"
                ? world.consultations.draftId
                : kind === "unknown"
                  ? unknownUuid
                  : nonsense,
      },
    }),
  },
  /**
   * :id and :decisionId of a decision to follow by mail (ADR 147): `public` the reported consultation's decision;
   * `otherConsultation` that decision under another consultation's id; `unknown` a decision that does not exist.
   */
  decisionFollow: {
    name: ":id/:decisionId decision",
    kinds: ["public", "otherConsultation", "unknown", "nonsense"],
    door: ["public", "otherConsultation"],
    fill: (world, _actor, kind) => {
      const { reportedId, reportedDecisionId, openId } = world.consultations;
      if (kind === "public") return { params: { id: reportedId, decisionId: reportedDecisionId } };
      if (kind === "otherConsultation") return { params: { id: openId, decisionId: reportedDecisionId } };
      return { params: { id: reportedId, decisionId: kind === "unknown" ? unknownUuid : nonsense } };
    },
  },
  /** :followerId with its link (ADR 147), as `enquiry`: its own secret, none, another, or an id that names nothing. */
  follower: {
    name: ":followerId ?t=",
    kinds: ["withLink", "noLink", "wrongLink", "unknown", "nonsense"],
    door: ["withLink"],
    fill: (world, _actor, kind) => {
      const { id, secret } = world.consultations.follower;
      if (kind === "withLink") return { params: { followerId: id }, query: `t=${secret}` };
      if (kind === "noLink") return { params: { followerId: id } };
      if (kind === "wrongLink") return { params: { followerId: id }, query: `t=${"0".repeat(64)}` };
      return { params: { followerId: kind === "unknown" ? unknownUuid : nonsense }, query: `t=${secret}` };
    },
  },
  /** :briefingId of a public session (ADR 148): the world's one to come, an id that names nothing, nonsense. */
  briefing: {
    name: ":briefingId session",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing"],
    fill: (world, _actor, kind) => ({ params: { briefingId: kind === "existing" ? world.briefing.id : kind === "unknown" ? unknownUuid : nonsense } }),
  },
  /** :registrationId with its manage link (ADR 148), as `enquiry`: its own secret, none, another, an id that names nothing. */
  briefingRegistration: {
    name: ":registrationId ?t=",
    kinds: ["withLink", "noLink", "wrongLink", "unknown", "nonsense"],
    door: ["withLink"],
    fill: (world, _actor, kind) => {
      const { registrationId, secret } = world.briefing;
      if (kind === "withLink") return { params: { registrationId }, query: `t=${secret}` };
      if (kind === "noLink") return { params: { registrationId } };
      if (kind === "wrongLink") return { params: { registrationId }, query: `t=${"0".repeat(64)}` };
      return { params: { registrationId: kind === "unknown" ? unknownUuid : nonsense }, query: `t=${secret}` };
    },
  },
  /** :callId of a panel call (ADR 151): the world's open one, an id that names nothing, nonsense. */
  panelCall: {
    name: ":callId panel call",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing"],
    fill: (world, _actor, kind) => ({ params: { callId: kind === "existing" ? world.panelCall.id : kind === "unknown" ? unknownUuid : nonsense } }),
  },
  /** :applicationId with its page's link (ADR 151), as `briefingRegistration`. */
  panelApplication: {
    name: ":applicationId ?t=",
    kinds: ["withLink", "noLink", "wrongLink", "unknown", "nonsense"],
    door: ["withLink"],
    fill: (world, _actor, kind) => {
      const { applicationId, secret } = world.panelCall;
      if (kind === "withLink") return { params: { applicationId }, query: `t=${secret}` };
      if (kind === "noLink") return { params: { applicationId } };
      if (kind === "wrongLink") return { params: { applicationId }, query: `t=${"0".repeat(64)}` };
      return { params: { applicationId: kind === "unknown" ? unknownUuid : nonsense }, query: `t=${secret}` };
    },
  },
  /** :lang of /updates/feed/:lang (and of /manifest/:lang, /offline/:lang): a language the app speaks, and one it does not. */
  feedLanguage: {
    name: ":lang feed",
    kinds: ["existing", "unknown"],
    door: ["existing", "unknown"],
    fill: (_world, _actor, kind) => ({ params: { lang: kind === "existing" ? "ja-easy" : "fr" } }),
  },
  /** :token of the digest's one-click unsubscribe link: self's, a well-formed unknown one, nonsense. */
  digestToken: {
    name: ":token digest unsubscribe",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing", "unknown", "nonsense"],
    fill: (world, _actor, kind) => ({ params: { token: kind === "existing" ? world.updates.digestToken : kind === "unknown" ? randomBytes(32).toString("base64url") : nonsense } }),
  },
  /** :id of /applications/:id/visa (ADR 043): own = the applicant visitor's approved application; foreign = another applicant's. */
  application: {
    name: ":id application",
    kinds: ["own", "foreign", "unknown", "nonsense"],
    door: ["own", "foreign"],
    fill: (world, _actor, kind) => ({ params: { id: kind === "own" ? world.access.ownApplicationId : kind === "foreign" ? world.access.foreignApplicationId : kind === "unknown" ? unknownUuid : nonsense } }),
  },
  /** :id and :number of /applications/:id/versions/:number (issue 15): version 1 of own or another applicant's application. */
  applicationVersion: {
    name: ":id :number application version",
    kinds: ["own", "foreign", "unknown", "nonsense"],
    door: ["own", "foreign"],
    fill: (world, _actor, kind) => ({
      params: { id: kind === "own" ? world.access.ownApplicationId : kind === "foreign" ? world.access.foreignApplicationId : kind === "unknown" ? unknownUuid : nonsense, number: "1" },
    }),
  },
  /** :reference of /register/:reference: an approved application's, a draft's (never in the register), unknown, nonsense. */
  registerReference: {
    name: ":reference register",
    kinds: ["approved", "draft", "unknown", "nonsense"],
    door: ["approved", "draft"],
    fill: (world, _actor, kind) => ({ params: { reference: kind === "approved" ? world.access.approvedReference : kind === "draft" ? world.access.draftReference : kind === "unknown" ? "DA-0000-000000" : nonsense } }),
  },
  /** :file of /transparency/figures/:file (issue 16): a figure the snapshot has, an unknown one, nonsense. */
  figureFile: {
    name: ":file figure",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing"],
    fill: (_world, _actor, kind) => ({ params: { file: kind === "existing" ? "consent-choices.csv" : kind === "unknown" ? "no-such-figure.csv" : nonsense } }),
  },
  /** :id of /staff/reports/:id: a report with a published version, one with only a draft, unknown, nonsense. */
  staffReport: {
    name: ":id report",
    kinds: ["published", "draft", "unknown", "nonsense"],
    door: ["published", "draft"],
    fill: (world, _actor, kind) => ({
      params: { id: kind === "published" ? world.transparency.published.reportId : kind === "draft" ? world.transparency.draft.reportId : kind === "unknown" ? unknownUuid : nonsense },
    }),
  },
  /** :module of /panel/learning/:module (ADR 060): a module of the path, a well-formed unknown one, nonsense. */
  learningModule: {
    name: ":module learning",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing"],
    fill: (_world, _actor, kind) => ({ params: { module: kind === "existing" ? "programme" : kind === "unknown" ? "genetics" : nonsense } }),
  },
  /** :slug of a public report: published, only a draft (never public), unknown, nonsense. */
  reportSlug: {
    name: ":slug report",
    kinds: ["published", "draft", "unknown", "nonsense"],
    door: ["published", "draft"],
    fill: (world, _actor, kind) => ({
      params: { slug: kind === "published" ? world.transparency.published.slug : kind === "draft" ? world.transparency.draft.slug : kind === "unknown" ? "no-such-report" : nonsense },
    }),
  },
  /** :slug and :version: the published version, a version not yet made, a draft report's first, a nonsense version. */
  reportVersion: {
    name: ":slug report, :version",
    kinds: ["published", "later", "draft", "nonsense"],
    door: ["published", "draft"],
    fill: (world, _actor, kind) => {
      const { published, draft } = world.transparency;
      if (kind === "draft") return { params: { slug: draft.slug, version: "1" } };
      return { params: { slug: published.slug, version: kind === "published" ? String(published.version) : kind === "later" ? String(published.version + 1) : nonsense } };
    },
  },
  /** :file of a published version's PDF: a language it has, one the app does not speak, nonsense. */
  reportFile: {
    name: ":slug report, :version, :file",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing"],
    fill: (world, _actor, kind) => ({
      params: { slug: world.transparency.published.slug, version: String(world.transparency.published.version), file: kind === "existing" ? "ja-easy.pdf" : kind === "unknown" ? "fr.pdf" : nonsense },
    }),
  },
  /** :id of /admin/users/:id/welcome-link (ADR 042 amended): an account never signed in to, an unknown id, nonsense. */
  account: {
    name: ":id account",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing"],
    fill: (world, _actor, kind) => ({ params: { id: kind === "existing" ? world.access.waitingAccountId : kind === "unknown" ? unknownUuid : nonsense } }),
  },
  /** applicantId in /committee/applicants' form: an applicant not yet verified, an unknown id, nonsense. */
  applicant: {
    name: "applicantId",
    kinds: ["existing", "unknown", "nonsense"],
    door: ["existing"],
    fill: (world, _actor, kind) => ({ params: {}, values: { applicantId: kind === "existing" ? world.access.unverifiedApplicantId : kind === "unknown" ? unknownUuid : nonsense } }),
  },
} satisfies Record<string, IdFamily>;

function lucia(length: number): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}
