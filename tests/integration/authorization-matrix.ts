// Issue 10: the authorization matrix, run in shards (authorization-matrix.<n>.test.ts; issue 26). Every route in Remix's route manifest × every visitor (each role, anonymous, a
// coordinator short of the second factor, a coordinator of no facility) × the object ids it can name (their own,
// another participant's at the same facility, another facility's, unknown, nonsense) × GET, an empty POST and, where
// ids travel in the form, a POST naming them — each answered as the one table below says, through the real app server
// over HTTP as a browser sends it. A route in the manifest without a row, or a row for a route that no longer exists,
// fails; so does any 5xx, a refused POST that wrote anything, and a page that shows a participant to someone who may
// not see them.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { getEnv } from "../../app/env.server";
import { useAppServer, type TestAppServer } from "../support/app-server";
import { ids, type Filled, type IdFamily } from "../support/authorization-ids";
import { actorNames, buildAuthorizationWorld, restoreWorld, type Actor, type ActorName, type AuthorizationWorld, type Subject } from "../support/authorization-world";
import { browserRequest, loopbackAddress, type BrowserBody, type BrowserResponse } from "../support/browser-requests";
import { useTestDatabase } from "../support/database";
import { loadRouteManifest, type ManifestRoute } from "../support/route-manifest";
import { useTempDataDir } from "../support/temp-data-dir";

/** This shard's app server (set by authorizationMatrixShard before its tests run). */
let app: TestAppServer;

// ─── Expected answers ────────────────────────────────────────────────────────────────────────────────────────────

interface Outcome {
  status: number;
  /** The Location of a redirect: exact, with {param} and {path} (the request's path and query) filled in. */
  location?: string;
  /** A POST allowed to change something (a legitimate action by its owner); every other POST must change nothing. */
  writes?: boolean;
}
type Expected = number | Outcome;

const to = (location: string, status = 302): Outcome => ({ status, location });
const wrote = (status: number, location?: string): Outcome => ({ status, location, writes: true });
/** Where the guards send someone who must sign in first, and a staff member who has not passed the second factor. */
const toSignIn = to("/sign-in?redirectTo={path}");
const toSecondFactor = to("/sign-in/second-factor");
/** No loader (GET) or no action (POST): a clean 405 naming the methods the route does answer (issue 10, defect 8). */
const noSuchMethod = 405;

/** By id kind: one answer for every kind, or per kind with "*" for the rest. */
type ByKind = Expected | { [kind: string]: Expected };
/**
 * By visitor: keys are visitor names, several separated by spaces; "others" is every signed-in visitor not named;
 * "*" is everyone not named. Not named and not covered: anonymous → sign in, the coordinator short of the second
 * factor → the second factor, anyone else → 403.
 */
type ByActor = { [actors: string]: ByKind };

interface Row {
  ids: IdFamily;
  /** A query every request carries (a page that redirects to add it otherwise). */
  query?: string;
  /** "no loader": the module has neither a loader nor a page, so GET is a 405. */
  get: ByActor | "no loader";
  /** An empty form (or `{}` to a JSON route): a translated validation error and nothing written, for whoever is let in. "no action": 405. */
  post: ByActor | "no action";
  /** For routes that take their ids in the form: a complete, valid form naming the ids of `ids` (or its own family). */
  form?: { ids?: IdFamily; fields: (ids: Filled, world: AuthorizationWorld) => Record<string, string>; expect: ByActor };
  /** The route's body is JSON (the passkey ceremonies): the empty POST is `{}`. */
  json?: true;
}

// ─── The table ───────────────────────────────────────────────────────────────────────────────────────────────────

const holders = "participant proxy";
const toJourneyStart = to("/consent/journey");
const toFirstSection = to("/consent/journey/section/1");
const toAssistedStart = to("/staff/participants/{id}/assisted");
const toAssistedSection = to("/staff/participants/{id}/assisted/section/1");
const staff = "coordinator counsellor elsi_staff dac_secretariat dac_chair admin coordinator_no_facility";
const signedIn = "others";
const recontactReaders = "elsi_staff admin dac_secretariat dac_chair";
/** The participant's own pages: their record or the proxy's child's, nobody else's. */
const ownOnly: ByKind = { none: 200, own: 200, "*": 403 };

const TABLE: Record<string, Row | "layout"> = {
  root: "layout",
  "routes/public/_index": {
    ids: ids.none,
    get: { anonymous: 200, coordinator_2fa_pending: to("/sign-in"), others: to("/home") },
    post: "no action",
  },
  "routes/public/healthz": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  // The installable app (ADR 109): the same for everyone and read by the browser without a session — the manifest and
  // the offline page per language (a language the app does not speak is "not found"), and the service worker.
  "routes/public/manifest.$lang": { ids: ids.feedLanguage, get: { "*": { existing: 200, "*": 404 } }, post: "no action" },
  "routes/public/offline.$lang": { ids: ids.feedLanguage, get: { "*": { existing: 200, "*": 404 } }, post: "no action" },
  "routes/public/sw[.]js": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/participant/home": { ids: ids.none, get: { [signedIn]: 200 }, post: "no action" },
  "routes/auth/language": { ids: ids.none, get: { "*": to("/") }, post: { "*": 400 } },
  "routes/auth/verify": { ids: ids.none, get: { "*": 200 }, post: { "*": 400 } },

  // Signing in. A document POST runs the page's loader after the action, so the signed-in are sent home.
  "routes/auth/sign-in._index": {
    ids: ids.none,
    get: { anonymous: 200, coordinator_2fa_pending: 200, others: to("/home") },
    post: { anonymous: 400, coordinator_2fa_pending: 400, others: to("/home") },
  },
  "routes/auth/sign-in.link.$token": { ids: ids.signInToken, get: { "*": 200 }, post: { "*": 400 } },
  // The link mailed to a new address (ADR 141): opened from any inbox, signed in or not; a GET only shows the button.
  "routes/auth/new-address.$token": { ids: ids.signInToken, get: { "*": 200 }, post: { "*": 400 } },
  "routes/auth/sign-in.second-factor": {
    ids: ids.none,
    get: { coordinator_2fa_pending: 200, others: to("/home") },
    post: { coordinator_2fa_pending: 400, others: to("/home") },
  },
  "routes/auth/sign-out": { ids: ids.none, get: { "*": to("/") }, post: { anonymous: to("/sign-in?signedOut=1"), "*": wrote(302, "/sign-in?signedOut=1") } },
  "routes/participant/invitation.$id": { ids: ids.invitation, get: { "*": 404 }, post: { "*": 400 } },
  "routes/auth/passkeys.authentication.options": { ids: ids.none, json: true, get: "no loader", post: { "*": wrote(200) } },
  "routes/auth/passkeys.authentication.verify": { ids: ids.none, json: true, get: "no loader", post: { "*": 400 } },
  // Furigana for texts a browser drew itself (ADR 037): public, nothing personal; `{}` names no text.
  "routes/public/readings": { ids: ids.none, json: true, get: "no loader", post: { "*": 400 } },

  // One's own account
  "routes/account/account._index": { ids: ids.none, get: { [signedIn]: 200 }, post: "no action" },
  "routes/account/account.password": { ids: ids.none, get: { [signedIn]: 200 }, post: { [signedIn]: 400 } },
  "routes/account/account.reauthenticate": { ids: ids.none, get: { [signedIn]: 200 }, post: { [signedIn]: 400 } },
  // Contact details changed by their holder (issue 58 item 5, ADR 141): a staff account's page says an administrator
  // changes it; an empty form is a translated 400 for everyone let in.
  "routes/account/account.contact": { ids: ids.none, get: { [signedIn]: 200 }, post: { [signedIn]: 400 } },
  "routes/account/account.sessions": {
    ids: ids.none,
    get: { [signedIn]: 200 },
    post: { [signedIn]: 400 },
    // Another account's session is not this account's to end: the same answer as for no such session, and it stays.
    form: { ids: ids.session, fields: (filled) => ({ intent: "end-one", sessionId: filled.values!.sessionId! }), expect: { [signedIn]: to("/account/sessions?ended=1") } },
  },
  "routes/account/account.notifications": {
    ids: ids.none,
    get: { [signedIn]: 200 },
    post: { [signedIn]: 400 },
    // Another account's device is not found among one's own: its kinds stay, and it is not stopped.
    form: { ids: ids.pushSubscription, fields: (filled) => ({ intent: "stop", subscriptionId: filled.values!.subscriptionId! }), expect: { [signedIn]: 404 } },
  },
  "routes/account/account.passkeys": {
    ids: ids.none,
    get: { [signedIn]: 200 },
    post: { [signedIn]: 400 },
    // Another account's passkey is not found among one's own, and stays.
    form: { ids: ids.passkey, fields: (filled) => ({ intent: "remove", passkeyId: filled.values!.passkeyId! }), expect: { [signedIn]: 404 } },
  },
  "routes/account/account.two-factor.setup": {
    ids: ids.none,
    get: { coordinator_2fa_pending: toSecondFactor, others: 200 },
    post: { coordinator_2fa_pending: toSecondFactor, others: 400 },
  },
  // New codes are shown once, on this page; an account without a second factor has none to renew.
  "routes/account/account.two-factor.recovery-codes": { ids: ids.none, get: { [signedIn]: 200 }, post: { [staff]: wrote(200), others: 400 } },
  // Staff must keep their second factor; the others here have none to remove.
  "routes/account/account.two-factor.remove": { ids: ids.none, get: { "*": to("/account") }, post: { [staff]: 403, others: to("/account?notice=totp_removed") } },
  "routes/auth/passkeys.registration.options": { ids: ids.none, json: true, get: "no loader", post: { [signedIn]: wrote(200) } },
  "routes/auth/passkeys.registration.verify": { ids: ids.none, json: true, get: "no loader", post: { "*": 400 } },
  "routes/auth/passkeys.reauthentication.options": { ids: ids.none, json: true, get: "no loader", post: { [signedIn]: 404 } },
  "routes/auth/passkeys.reauthentication.verify": { ids: ids.none, json: true, get: "no loader", post: { "*": 400 } },

  // Administration
  "routes/admin/admin._index": { ids: ids.none, get: { admin: 200 }, post: "no action" },
  "routes/admin/admin.audit": { ids: ids.none, get: { admin: 200 }, post: "no action" },
  "routes/admin/admin.users": { ids: ids.none, get: { admin: 200 }, post: { admin: 400 } },
  "routes/admin/admin.api-tokens._index": { ids: ids.none, get: { admin: 200 }, post: { admin: 400 } },
  "routes/admin/admin.api-tokens.$tokenId.revoke": {
    ids: ids.apiToken,
    get: { admin: { existing: 200, "*": 404 } },
    post: { admin: { existing: wrote(302, "/admin/api-tokens?notice=revoked"), "*": 404 } },
  },
  // Captured mail holds sign-in links: it opens to the key `npm start` prints, not to any account (ADR 014), so every
  // visitor here finds it locked. (tests/integration/request-edge.test.ts opens it with the key.)
  "routes/public/dev.mailbox._index": { ids: ids.none, get: { "*": 403 }, post: "no action" },
  "routes/public/dev.mailbox.$id": { ids: ids.mail, get: { "*": to("/dev/mailbox") }, post: "no action" },

  // The participant's consent. A form naming someone else's record is refused as a form error, nothing written.
  "routes/participant/consent._index": { ids: ids.participantQuery, get: { [holders]: ownOnly }, post: "no action" },
  "routes/participant/consent.history": { ids: ids.participantQuery, get: { [holders]: ownOnly }, post: "no action" },
  "routes/participant/consent.withdraw": {
    ids: ids.participantQuery,
    get: { [holders]: ownOnly },
    post: { [holders]: 400 },
    form: { fields: () => ({ intent: "review", level: "no_contact" }), expect: { [holders]: ownOnly } },
  },
  "routes/participant/consent.change.$choiceId": {
    ids: ids.choice,
    get: { [holders]: { none: 200, own: 200, choiceUnknown: 404, "*": 403 } },
    post: { [holders]: 400 },
    form: { fields: () => ({ intent: "review", value: "no" }), expect: { [holders]: { none: 200, own: 200, choiceUnknown: 404, "*": 400 } } },
  },
  // Someone else's id in the address shows one's own questions (the page falls back to the first person one may act for).
  // Families (issue 14; ADR 036): the participant (or their proxy) manages who follows them; a follower reaches only
  // their own access rows — another's access id is "not found", as is one that does not exist.
  "routes/participant/consent.family": {
    ids: ids.participantQuery,
    get: { [holders]: ownOnly },
    post: { [holders]: 400 },
    form: {
      ids: ids.familyAccess,
      fields: (filled) => ({ intent: "change_scope", accessId: filled.values!.accessId!, scope: "updates" }),
      // Only self holds an access here; the proxy's child has none, so every id is someone else's or nobody's.
      expect: { participant: { own: wrote(302), nonsense: 400, "*": 404 }, proxy: { nonsense: 400, "*": 404 } },
    },
  },
  // A follower stops following (ADR 036): only their own live access; another's, or nobody's, is "not found".
  "routes/family/family._index": {
    ids: ids.none,
    get: { "participant proxy family": 200 },
    post: { "participant proxy family": 400 },
    form: {
      ids: ids.familyAccess,
      fields: (filled) => ({ accessId: filled.values!.accessId! }),
      expect: { family: { own: wrote(302, "/family?notice=stopped"), nonsense: 400, "*": 404 }, "participant proxy": { nonsense: 400, "*": 404 } },
    },
  },
  "routes/family/family.$accessId": { ids: ids.familyAccess, get: { family: { own: 200, "*": 404 }, "participant proxy": 404 }, post: "no action" },
  "routes/family/family.invitation.$token": { ids: ids.familyInvitationToken, get: { "*": { existing: 200, "*": 410 } }, post: { "*": 400 } },
  "routes/participant/consent.questions": {
    ids: ids.participantQuery,
    get: { [holders]: 200 },
    post: { [holders]: 400 },
    form: {
      ids: ids.participant,
      fields: (filled) => ({ participantId: filled.values!.participantId!, body: "照合の質問です。" }),
      expect: { [holders]: { own: wrote(302), "*": 400 } },
    },
  },
  "routes/participant/consent.documents.$eventId[.]pdf": {
    ids: ids.event,
    get: {
      // Someone else's copy answers as an unknown one does, so an event id cannot be confirmed by probing.
      [holders]: { own: 200, "*": 404 },
      // Enrolment staff read the PDFs of their facilities' participants (ADR 015).
      coordinator: { own: 200, foreign: 200, "*": 404 },
      coordinator_no_facility: 404,
      others: 404,
    },
    post: "no action",
  },
  // The signed receipt of a change (ADR 108): whoever may read its PDF copy, and no one else.
  "routes/participant/consent.receipts.$eventId[.]jws": {
    ids: ids.event,
    get: { [holders]: { own: 200, "*": 404 }, coordinator: { own: 200, foreign: 200, "*": 404 }, coordinator_no_facility: 404, others: 404 },
    post: "no action",
  },
  "routes/participant/consent.form.$version": { ids: ids.formVersion, get: { "*": { published: 200, "*": 404 } }, post: "no action" },

  // The participant's consent journey: the participant has none open (every step leads back to its start); the
  // proxy has one open for their second child, at its first section.
  "routes/participant/consent.journey._index": {
    ids: ids.none,
    get: { [holders]: 200 },
    post: { [holders]: 400 },
    // Their own (consented) is already consented: the stored record refuses it now, the table's 409 (ADR 131); a
    // participant not theirs is a mistake in the form, said in words (400).
    form: { ids: ids.participant, fields: (filled) => ({ participantId: filled.values!.participantId!, language: "ja" }), expect: { [holders]: { own: 409, "*": 400 } } },
  },
  "routes/participant/consent.journey.section.$n": journeyStep((journeyId) => ({ journeyId }), {
    get: { stepUnknown: toFirstSection, stepNonsense: 404, "*": 200 },
    post: { stepUnknown: toFirstSection, stepNonsense: 404, "*": 400 },
    form: { own: wrote(302, "/consent/journey/section/2"), stepUnknown: toFirstSection, stepNonsense: 404, "*": 400 },
  }),
  // Before every section is read, the later steps lead back to the first section, whatever a form said.
  "routes/participant/consent.journey.check.$n": journeyStep((journeyId) => ({ journeyId, answer: "a" })),
  "routes/participant/consent.journey.choice.$n": journeyStep((journeyId) => ({ journeyId, value: "yes" })),
  "routes/participant/consent.journey.sign": {
    ids: ids.step,
    get: { participant: toJourneyStart, proxy: toFirstSection },
    post: { participant: toJourneyStart, proxy: toFirstSection },
    form: { fields: (filled) => ({ journeyId: filled.values!.journeyId!, printedName: "照合 太郎" }), expect: { participant: toJourneyStart, proxy: toFirstSection } },
  },
  "routes/participant/consent.journey.review": { ids: ids.none, get: { participant: toJourneyStart, proxy: toFirstSection }, post: "no action" },
  "routes/participant/consent.journey.stop": { ids: ids.none, get: { participant: toJourneyStart, proxy: toFirstSection }, post: "no action" },
  "routes/participant/consent.journey.done.$journeyId": { ids: ids.journey, get: { [holders]: { own: 200, "*": 404 } }, post: "no action" },
  "routes/participant/consent.journey.assent.$journeyId": {
    ids: ids.journey,
    get: { [holders]: { own: 200, "*": 404 } },
    post: { [holders]: 400 },
    form: { fields: () => ({ childPrintedName: "照合 花子" }), expect: { [holders]: 400 } },
  },

  // FHIR: machines with a token; staff with consent:read through their session, only their facilities' participants.
  "routes/api/fhir.Consent": {
    ids: ids.pseudonym,
    get: {
      anonymous: 401,
      coordinator_2fa_pending: 401,
      "coordinator counsellor coordinator_no_facility admin": { none: 400, nonsense: 400, "*": 200 },
    },
    post: "no action",
  },
  "routes/api/fhir.Consent.$id": {
    ids: ids.event,
    get: {
      anonymous: 401,
      coordinator_2fa_pending: 401,
      "coordinator counsellor": { own: 200, foreign: 200, "*": 404 },
      coordinator_no_facility: 404,
      admin: { own: 200, foreign: 200, otherFacility: 200, "*": 404 },
    },
    post: "no action",
  },
  // History and vread (issue 11): the same reach as the read.
  "routes/api/fhir.Consent.$id_.[_history]": {
    ids: ids.event,
    get: {
      anonymous: 401,
      coordinator_2fa_pending: 401,
      "coordinator counsellor": { own: 200, foreign: 200, "*": 404 },
      coordinator_no_facility: 404,
      admin: { own: 200, foreign: 200, otherFacility: 200, "*": 404 },
    },
    post: "no action",
  },
  "routes/api/fhir.Consent.$id_.[_history].$versionId": {
    ids: ids.eventVersion,
    get: {
      anonymous: 401,
      coordinator_2fa_pending: 401,
      "coordinator counsellor": { own: 200, foreign: 200, "*": 404 },
      coordinator_no_facility: 404,
      admin: { own: 200, foreign: 200, otherFacility: 200, "*": 404 },
    },
    post: "no action",
  },

  // Consent records as ISO/IEC TS 27560 (issue 32 item 3, ADR 108): FHIR's readers and reach, a pseudonym in the path.
  "routes/api/api.v1.consent-records.$pseudonym": {
    ids: ids.pseudonymPath,
    get: {
      anonymous: 401,
      coordinator_2fa_pending: 401,
      "coordinator counsellor": { own: 200, foreign: 200, "*": 404 },
      coordinator_no_facility: 404,
      admin: { own: 200, foreign: 200, otherFacility: 200, "*": 404 },
    },
    post: "no action",
  },

  // Findings intake (ADR 032): machines with a findings:submit token only; a session, whoever's, is not a token.
  "routes/api/api.v1.findings": { ids: ids.none, json: true, get: "no loader", post: { "*": 401 } },
  // Reports intake (ADR 137): machines with a reports:submit token only.
  "routes/api/api.v1.reports": { ids: ids.none, json: true, get: "no loader", post: { "*": 401 } },
  // The matcher for tools (ADR 039): public; the empty request is a 400 JSON error for everyone.
  "routes/api/api.v1.data-use.match": { ids: ids.none, json: true, get: "no loader", post: { "*": 400 } },
  // Whether a visa may be relied on now (issue 27 item 3): public, as the register; an empty body names no visa.
  "routes/api/api.v1.visas.status": { ids: ids.none, json: true, get: "no loader", post: { "*": 400 } },
  "routes/api/api.v1.openapi[.]json": { ids: ids.none, get: { "*": 200 }, post: "no action" },

  // Staff
  "routes/staff/staff._index": { ids: ids.none, get: { [staff]: 200 }, post: "no action" },
  // Issue 13 (ADR 031): the job queue's parked jobs and undelivered mail, for administrators only.
  "routes/staff/staff.jobs": { ids: ids.none, get: { admin: 200 }, post: { admin: 400 } },
  "routes/staff/staff.questions": {
    ids: ids.none,
    get: { "coordinator coordinator_no_facility": 200 },
    post: { "coordinator coordinator_no_facility": 400 },
    form: {
      ids: ids.question,
      fields: (filled) => ({ questionId: filled.values!.questionId!, answer: "照合の回答です。" }),
      expect: { coordinator: { own: wrote(302, "/staff/questions?answered=1"), "*": 400 }, coordinator_no_facility: 400 },
    },
  },
  // Secondary findings (issue 13; ADR 034): counsellors only. A finding the participant's consent hides, or at another
  // facility, is "not found" like one that does not exist. The empty POST names a step (the query) and fails its
  // form; a complete form reaches the step, which refuses it: the counsellor has not claimed the case.
  "routes/staff/staff.findings._index": { ids: ids.none, get: { counsellor: 200 }, post: "no action" },
  "routes/staff/staff.findings.$id": {
    ids: ids.finding,
    query: "intent=schedule_appointment",
    get: { counsellor: { own: 200, "*": 404 } },
    post: { counsellor: 400 },
    form: { fields: () => ({ at: "2026-12-01T10:00", mode: "video", language: "ja" }), expect: { counsellor: { own: 409, "*": 404 } } },
  },
  // The clinic tablet's hand-back page (ADR 121): a coordinator's session that is not locked has nothing here, and the
  // page a refused post would be drawn on sends it to the participants instead (bad input on a locked tablet: clinic-kiosk.test.ts).
  "routes/staff/staff.kiosk": { ids: ids.none, get: { "coordinator coordinator_no_facility": to("/staff/participants") }, post: { "coordinator coordinator_no_facility": to("/staff/participants") } },
  "routes/staff/staff.participants._index": { ids: ids.none, get: { "coordinator coordinator_no_facility": 200 }, post: "no action" },
  "routes/staff/staff.participants.new": { ids: ids.none, get: { "coordinator coordinator_no_facility": 200 }, post: { "coordinator coordinator_no_facility": 400 } },
  "routes/staff/staff.participants.$id._index": {
    ids: ids.participant,
    get: inScope(200),
    post: inScope(400),
    form: {
      ids: ids.invitationPair,
      fields: (filled) => ({ intent: "reissue", invitationId: filled.values!.invitationId! }),
      expect: { coordinator: { own: wrote(302, "/staff/participants/{id}/handover"), foreign: 400, crossed: 400, "*": 404 }, coordinator_no_facility: 404 },
    },
  },
  "routes/staff/staff.participants.$id.handover": { ids: ids.participant, get: inScope(200), post: "no action" },
  "routes/staff/staff.participants.$id.withdrawal": { ids: ids.participant, get: inScope(200), post: inScope(400) },
  // Registering a sample names its participant in the path only; the code is random, so the redirect's query is not checked.
  "routes/staff/staff.participants.$id.samples": {
    ids: ids.participant,
    get: inScope(200),
    post: inScope(400),
    form: { fields: () => ({ kind: "blood" }), expect: inScope(wrote(302)) },
  },
  "routes/staff/staff.participants.$id.paper": { ids: ids.participant, get: inScope(200), post: inScope(400) },
  "routes/staff/staff.participants.$id.provision-notice": {
    ids: ids.participant,
    get: inScope(200),
    post: inScope(400),
    form: { fields: () => ({ givenOn: "2026-01-05" }), expect: inScope(wrote(302)) },
  },
  // A death or loss of capacity (issue 58 item 4, ADR 143): the facility's coordinators; no form cell, which would record
  // one for a subject every later cell reads.
  "routes/staff/staff.participants.$id.life-event": { ids: ids.participant, get: inScope(200), post: inScope(400) },
  // The proxy the clinic appoints after a loss of capacity (ADR 144): the facility's coordinators; the empty form is refused.
  "routes/staff/staff.participants.$id.proxy": { ids: ids.participant, get: inScope(200), post: inScope(400) },
  "routes/staff/staff.participants.$id.paper_.scan.$eventId": {
    ids: ids.scan,
    get: { coordinator: { own: 200, "*": 404 }, coordinator_no_facility: 404 },
    post: "no action",
  },
  "routes/staff/staff.participants.$id.assisted._index": { ids: ids.participant, get: inScope(200), post: inScope(400) },
  // The coordinator has openA's journey open at its first section; peer's finished, so its steps lead to the start.
  "routes/staff/staff.participants.$id.assisted.section.$n": assistedStep((journeyId) => ({ journeyId }), {
    get: { own: 200, stepUnknown: toAssistedSection, foreign: toAssistedStart, "*": 404 },
    post: { own: 400, stepUnknown: toAssistedSection, foreign: toAssistedStart, "*": 404 },
    form: { own: wrote(302, "/staff/participants/{id}/assisted/section/2"), otherFacility: 404, "*": 400 },
  }),
  "routes/staff/staff.participants.$id.assisted.check.$n": assistedStep((journeyId) => ({ journeyId, answer: "a" })),
  "routes/staff/staff.participants.$id.assisted.choice.$n": assistedStep((journeyId) => ({ journeyId, value: "yes" })),
  "routes/staff/staff.participants.$id.assisted.sign": {
    ids: ids.participantOpen,
    get: inScope({ own: toAssistedSection, foreign: toAssistedStart }),
    post: inScope({ own: toAssistedSection, foreign: toAssistedStart }),
    form: {
      ids: ids.assistedForm,
      fields: (filled) => ({ journeyId: filled.values!.journeyId!, printedName: "照合 太郎", signer: "participant" }),
      expect: { coordinator: { otherFacility: 404, "*": toAssistedSection }, coordinator_no_facility: 404 },
    },
  },
  "routes/staff/staff.participants.$id.assisted.review": { ids: ids.participantOpen, get: inScope({ own: toAssistedSection, foreign: toAssistedStart }), post: "no action" },
  "routes/staff/staff.participants.$id.assisted.stop": { ids: ids.participantOpen, get: inScope({ own: toAssistedSection, foreign: toAssistedStart }), post: "no action" },
  "routes/staff/staff.participants.$id.assisted.done.$journeyId": {
    ids: ids.assistedJourney,
    get: { coordinator: { own: 200, "*": 404 }, coordinator_no_facility: 404 },
    post: "no action",
  },
  "routes/staff/staff.participants.$id.assisted.assent.$journeyId": {
    ids: ids.assistedJourney,
    get: { coordinator: { own: 200, "*": 404 }, coordinator_no_facility: 404 },
    post: { coordinator: { otherFacility: 404, "*": 400 }, coordinator_no_facility: 404 },
    form: { fields: () => ({ childPrintedName: "照合 花子" }), expect: { coordinator: { otherFacility: 404, "*": 400 }, coordinator_no_facility: 404 } },
  },

  // Recontact campaigns (ADR 035): ELSI staff run them; oversight reads their results (counts under 10 as "<10").
  "routes/staff/staff.recontact._index": { ids: ids.none, get: { [recontactReaders]: 200 }, post: "no action" },
  "routes/staff/staff.recontact.new": { ids: ids.none, get: { elsi_staff: 200 }, post: { elsi_staff: 400 } },
  "routes/staff/staff.recontact.$id": {
    ids: ids.campaign,
    get: { [recontactReaders]: { draft: 200, sent: 200, "*": 404 } },
    // An empty form is refused before the campaign is looked up.
    post: { elsi_staff: 400 },
  },
  // Printing letters answers with a PDF; an empty form goes back to the campaign's page, which says why. Parsed before
  // the campaign is looked up, as the page's own form.
  "routes/staff/staff.recontact.$id.letters": { ids: ids.campaign, get: "no loader", post: { elsi_staff: to("/staff/recontact/{id}?letters=invalid") } },
  // The participant's answer needs no sign-in: the link's token is the key, for whoever holds it.
  "routes/participant/recontact.respond.$token": { ids: ids.responseToken, get: { "*": { existing: 200, "*": 404 } }, post: { "*": 400 } },

  // Programme updates (issue 14; ADR 038): ELSI staff write and publish them; anyone reads the public ones, and a
  // participant, proxy or family member reads their audience's and switches their digest. A published version is not
  // edited (a correction is started from its page); the one-click unsubscribe needs only the link's token.
  "routes/staff/staff.updates._index": { ids: ids.none, get: { elsi_staff: 200 }, post: "no action" },
  "routes/staff/staff.updates.new": { ids: ids.none, get: { elsi_staff: 200 }, post: { elsi_staff: 400 } },
  // An empty form is refused before the update is looked up.
  "routes/staff/staff.updates.$id._index": { ids: ids.programmeUpdate, get: { elsi_staff: { draft: 200, published: 200, "*": 404 } }, post: { elsi_staff: 400 } },
  "routes/staff/staff.updates.$id.edit": {
    ids: ids.programmeUpdate,
    get: { elsi_staff: { draft: 200, published: to("/staff/updates/{id}?notice=notEditable"), "*": 404 } },
    post: { elsi_staff: { draft: 400, published: to("/staff/updates/{id}?notice=notEditable"), "*": 404 } },
  },
  // Consultations, the staff side (issue 28; ADR 059): ELSI staff draft, publish and moderate them. An empty form is
  // refused before the consultation is looked up; a nonsense id is "not found" like an unknown one.
  "routes/staff/staff.consultations._index": { ids: ids.none, get: { elsi_staff: 200 }, post: "no action" },
  "routes/staff/staff.consultations.new": { ids: ids.none, get: { elsi_staff: 200 }, post: { elsi_staff: 400 } },
  "routes/staff/staff.consultations.$id._index": { ids: ids.staffConsultation, get: { elsi_staff: { draft: 200, published: 200, "*": 404 } }, post: { elsi_staff: 400 } },
  "routes/staff/staff.consultations.$id.moderation": { ids: ids.staffConsultation, get: { elsi_staff: { draft: 200, published: 200, "*": 404 } }, post: { elsi_staff: 400 } },
  // The analysis (issue 28 item 4; ADR 062): a draft has no answers to count, so "not found" like an unknown one; an
  // empty theme form is refused before the consultation is looked up.
  "routes/staff/staff.consultations.$id.analysis": { ids: ids.staffConsultation, get: { elsi_staff: { published: 200, "*": 404 } }, post: { elsi_staff: 400 } },
  "routes/staff/staff.consultations.$id.analysis[.]csv": { ids: ids.staffConsultation, get: { elsi_staff: { published: 200, "*": 404 } }, post: "no action" },
  "routes/staff/staff.consultations.$id.analysis[.]json": { ids: ids.staffConsultation, get: { elsi_staff: { published: 200, "*": 404 } }, post: "no action" },
  // "You said, we did" (issue 28 item 5; ADR 063): a draft has no report to write, so "not found"; an empty form names
  // no intent and is refused before the consultation is looked up.
  "routes/staff/staff.consultations.$id.report": { ids: ids.staffConsultation, get: { elsi_staff: { published: 200, "*": 404 } }, post: { elsi_staff: 400 } },
  "routes/public/updates._index": { ids: ids.none, get: { "*": 200 }, post: { "participant proxy family": 400 } },
  "routes/public/updates.$id": { ids: ids.programmeUpdate, get: { "*": { published: 200, "*": 404 } }, post: "no action" },
  "routes/public/updates.feed.$lang": { ids: ids.feedLanguage, get: { "*": { existing: 200, "*": 404 } }, post: "no action" },
  "routes/public/updates.unsubscribe.$token": { ids: ids.digestToken, get: { "*": { existing: 200, "*": 404 } }, post: { "*": { existing: wrote(200), "*": 404 } } },
  // Consultations (issue 28; ADR 059): anyone reads the list; a consultation asking the public is everyone's to read
  // and answer (as the public when no capacity of theirs is asked), one asking the panel alone is the panel's; a
  // draft is nobody's here. An empty form answers no required question: refused, nothing written.
  "routes/public/consultations._index": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/consultations.$id": {
    ids: ids.consultation,
    get: { panel_member: { open: 200, panel: 200, "*": 404 }, "*": { open: 200, "*": 404 } },
    post: { panel_member: { open: 400, panel: 400, "*": 404 }, "*": { open: 400, "*": 404 } },
  },
  // A consultation's report and what became of every consultation are public, whoever the consultation asked (ADR 063).
  "routes/public/consultations.$id_.report": { ids: ids.consultationReport, get: { "*": { reported: 200, "*": 404 } }, post: "no action" },
  "routes/public/consultations.results": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  // Told when it moves (issue 59 item 2; ADR 147): anyone follows a public decision by mail; the link's page is its holder's.
  // An empty form is refused before anything else (the matrix follows nothing).
  "routes/public/consultations.$id_.decisions.$decisionId.follow": { ids: ids.decisionFollow, get: { "*": { public: 200, "*": 404 } }, post: { "*": 400 } },
  "routes/public/follow.$followerId": { ids: ids.follower, get: { "*": { withLink: 200, "*": 404 } }, post: { "*": 400 } },

  // Transparency (issue 16): the public dashboard, its downloads, the release log, the checkpoints and the published
  // reports — anyone; a draft report is "not found"; malformed input 400. Reports are written by ELSI staff.
  "routes/public/transparency._index": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/transparency.figures.$file": { ids: ids.figureFile, get: { "*": { existing: 200, unknown: 404, nonsense: 400 } }, post: "no action" },
  "routes/public/transparency.releases": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/transparency.releases[.]csv": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/transparency.releases[.]json": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/transparency.checkpoints[.]json": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/transparency.checkpoints[.]atom": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/transparency.jwks[.]json": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/consent-receipts.jwks[.]json": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/consent-receipts.verify": { ids: ids.none, get: { "*": 200 }, post: { "*": 400 } },
  "routes/public/transparency.reports._index": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/transparency.reports.$slug._index": { ids: ids.reportSlug, get: { "*": { published: 200, nonsense: 400, "*": 404 } }, post: "no action" },
  "routes/public/transparency.reports.$slug.v.$version._index": { ids: ids.reportVersion, get: { "*": { published: 200, nonsense: 400, "*": 404 } }, post: "no action" },
  "routes/public/transparency.reports.$slug.v.$version.$file": { ids: ids.reportFile, get: { "*": { existing: 200, unknown: 404, nonsense: 400 } }, post: "no action" },
  "routes/public/transparency.reports.feed.$lang": { ids: ids.feedLanguage, get: { "*": { existing: 200, "*": 404 } }, post: "no action" },
  "routes/staff/staff.reports._index": { ids: ids.none, get: { elsi_staff: 200 }, post: { elsi_staff: 400 } },
  "routes/staff/staff.reports.$id": { ids: ids.staffReport, get: { elsi_staff: { published: 200, draft: 200, "*": 404 } }, post: { elsi_staff: 400 } },
  // Who used my data and the personal-data disclosure (issue 16 item 3): the participant's own, or a represented child's.
  // Analysis reports (issue 57; ADR 137): the participant's own or a represented child's, once explained; anyone else,
  // and a sealed report, read the same 404 (a family member too). The clinicians' PDF only where the page offers it.
  "routes/participant/results._index": { ids: ids.participantQuery, get: { [holders]: ownOnly }, post: "no action" },
  "routes/participant/results.$reportId": { ids: ids.report, get: { [holders]: { own: 200, "*": 404 }, others: 404 }, post: "no action" },
  "routes/participant/results.$reportId_.clinical[.]pdf": { ids: ids.report, get: { [holders]: { own: 200, "*": 404 }, others: 404 }, post: "no action" },
  "routes/participant/results.$reportId_.plain[.]pdf": { ids: ids.report, get: { [holders]: { own: 200, "*": 404 }, others: 404 }, post: "no action" },
  // The letter to relatives: the matrix's reports hold a secondary finding its holders may be told, so it is offered.
  "routes/participant/results.$reportId_.letter": { ids: ids.report, get: { [holders]: { own: 200, "*": 404 }, others: 404 }, post: "no action" },
  // It posts to the letter's file, which answers with the PDF; an empty form goes back to the page, naming the fields.
  "routes/participant/results.$reportId_.letter[.]pdf": {
    ids: ids.report,
    get: "no loader",
    post: { [holders]: { own: to("/results/{reportId}/letter?invalid=findings-language"), "*": 404 }, others: 404 },
  },
  // Study invitations (issue 57 item 4; ADR 138): the participant's own or a represented child's; another participant's,
  // and one that does not exist, read the same 404. An empty answer is a translated 400. Everyone else (a family member
  // too) has no consent of their own to be invited under: 403, whatever the id.
  // The 2024 law (issue 58 items 1–2, ADR 140): the notice and the stop, for the participant or their current proxy only.
  // How consent felt (issue 59 item 4; ADR 149): the person's own survey (a proxy has none of their own: "none"); each
  // facility's coordinators and the ELSI staff read the answers through disclosure control and moderate comments.
  "routes/participant/consent.survey": { ids: ids.none, get: { [holders]: 200 }, post: { [holders]: 400 } },
  "routes/staff/staff.consent-survey": { ids: ids.none, get: { "elsi_staff coordinator coordinator_no_facility": 200 }, post: { "elsi_staff coordinator coordinator_no_facility": 400 } },
  "routes/participant/provision._index": {
    ids: ids.participantQuery,
    get: { [holders]: ownOnly },
    post: { [holders]: 400 },
    form: { fields: () => ({ intent: "read" }), expect: { [holders]: { none: wrote(302), own: wrote(302), "*": 403 } } },
  },
  "routes/participant/provision.stop": {
    ids: ids.participantQuery,
    get: { [holders]: ownOnly },
    post: { [holders]: 400 },
    form: { fields: () => ({ intent: "confirm" }), expect: { [holders]: { none: wrote(302), own: wrote(302), "*": 403 } } },
  },
  "routes/participant/study-invitations._index": { ids: ids.participantQuery, get: { [holders]: ownOnly }, post: "no action" },
  // Requests about one's data (issue 58 items 2 and 6, ADR 142): the person's or their current proxy's; another's request
  // reads as not found; a kind that does not exist is a page that does not exist. The facility's coordinators answer;
  // another facility's request is not found to them (an empty form is refused in words before the request is looked at).
  "routes/participant/requests._index": { ids: ids.participantQuery, get: { [holders]: ownOnly }, post: "no action" },
  "routes/participant/requests.new.$kind": {
    ids: ids.rightsKind,
    get: { [holders]: { none: 200, own: 200, kindUnknown: 404, "*": 403 } },
    post: { [holders]: { kindUnknown: 404, "*": 400 } },
    form: { fields: () => ({ kind: "correction", details: "照合の訂正" }), expect: { [holders]: { none: wrote(302), own: wrote(302), kindUnknown: 404, "*": 403 } } },
  },
  "routes/participant/requests.$requestId": { ids: ids.rightsRequest, get: { [holders]: { own: 200, "*": 404 } }, post: "no action" },
  // 相談窓口 (issue 59 item 1; ADR 145): anyone asks and reads their own question by its private link; coordinators and
  // counsellors answer. The empty form is refused before anything else (no question is written by the matrix).
  "routes/public/ask._index": { ids: ids.none, get: { "*": 200 }, post: { "*": 400 } },
  "routes/public/ask.$enquiryId": { ids: ids.enquiry, get: { "*": { withLink: 200, "*": 404 } }, post: { "*": 400 } },
  "routes/public/faq": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/ask.where": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/staff/staff.enquiries.places": { ids: ids.none, get: { "coordinator coordinator_no_facility counsellor": 200 }, post: { "coordinator coordinator_no_facility counsellor": 400 } },
  "routes/staff/staff.enquiries._index": { ids: ids.none, get: { "coordinator coordinator_no_facility counsellor": 200 }, post: "no action" },
  "routes/staff/staff.enquiries.$enquiryId": {
    ids: ids.enquiry,
    get: { "coordinator coordinator_no_facility counsellor": { unknown: 404, nonsense: 404, "*": 200 } },
    post: { "coordinator coordinator_no_facility counsellor": 400 },
  },
  // Public sessions (issue 59 item 5; ADR 148): anyone reads and registers (an empty form is refused before anything
  // else: the matrix registers nobody); the registration's page is its link's holder's; ELSI staff and coordinators run them.
  "routes/public/briefings._index": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/briefings.$briefingId": { ids: ids.briefing, get: { "*": { existing: 200, "*": 404 } }, post: { "*": 400 } },
  "routes/public/briefings.$briefingId[.]ics": { ids: ids.briefing, get: { "*": { existing: 200, "*": 404 } }, post: "no action" },
  "routes/public/briefings.registrations.$registrationId": { ids: ids.briefingRegistration, get: { "*": { withLink: 200, "*": 404 } }, post: { "*": 400 } },
  "routes/staff/staff.briefings._index": { ids: ids.none, get: { "elsi_staff coordinator coordinator_no_facility": 200 }, post: { "elsi_staff coordinator coordinator_no_facility": 400 } },
  "routes/staff/staff.briefings.$briefingId": {
    ids: ids.briefing,
    get: { "elsi_staff coordinator coordinator_no_facility": { existing: 200, "*": 404 } },
    post: { "elsi_staff coordinator coordinator_no_facility": 400 },
  },
  // An open panel (ADR 151): anyone reads the calls and applies; an application's page by its link; staff open and decide.
  "routes/public/join-the-panel._index": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/join-the-panel.glossary": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/join-the-panel.$callId": { ids: ids.panelCall, get: { "*": { existing: 200, "*": 404 } }, post: { "*": 400 } },
  "routes/public/join-the-panel.applications.$applicationId": { ids: ids.panelApplication, get: { "*": { withLink: 200, "*": 404 } }, post: { "*": 400 } },
  "routes/staff/staff.panel-calls._index": { ids: ids.none, get: { elsi_staff: 200 }, post: { elsi_staff: 400 } },
  "routes/staff/staff.panel-calls.$callId": { ids: ids.panelCall, get: { elsi_staff: { existing: 200, "*": 404 } }, post: { elsi_staff: 400 } },
  // A panel member's honoraria and expenses (ADR 152): the member's own claims; ELSI staff and coordinators decide and pay.
  "routes/panel/panel.claims._index": { ids: ids.none, get: { panel_member: 200 }, post: { panel_member: 400 } },
  "routes/staff/staff.panel-claims._index": { ids: ids.none, get: { "elsi_staff coordinator coordinator_no_facility": 200 }, post: { "elsi_staff coordinator coordinator_no_facility": 400 } },
  "routes/staff/staff.requests._index": { ids: ids.none, get: { "coordinator coordinator_no_facility": 200 }, post: "no action" },
  "routes/staff/staff.requests.$requestId": {
    ids: ids.rightsRequest,
    get: { coordinator: { own: 200, foreign: 200, "*": 404 }, coordinator_no_facility: 404 },
    post: { "coordinator coordinator_no_facility": 400 },
  },
  "routes/participant/study-invitations.$deliveryId": {
    ids: ids.studyInvitation,
    get: { [holders]: { own: 200, "*": 404 } },
    post: { [holders]: { own: 400, "*": 404 } },
  },
  // Counsellors of the participant's facility explain and release reports; another facility's is "not found". The form
  // names a day after today: refused (409) where the report is in reach, so no cell releases one.
  "routes/staff/staff.results._index": { ids: ids.none, get: { counsellor: 200 }, post: "no action" },
  "routes/staff/staff.results.$id": {
    ids: ids.report,
    get: { counsellor: { otherFacility: 404, unknown: 404, nonsense: 404, "*": 200 } },
    post: { counsellor: 400 },
    form: { fields: () => ({ version: "1", explainedOn: "2999-01-01", mode: "video" }), expect: { counsellor: { otherFacility: 404, unknown: 404, nonsense: 404, "*": 409 } } },
  },
  "routes/participant/consent.data-use": { ids: ids.participantQuery, get: { [holders]: ownOnly }, post: "no action" },
  "routes/participant/consent.my-data[.]json": { ids: ids.participantQuery, get: { [holders]: ownOnly }, post: "no action" },
  "routes/participant/consent.my-data[.]pdf": { ids: ids.participantQuery, get: { [holders]: ownOnly }, post: "no action" },
  // The public register of approved data uses (ADR 043): anyone; an application never approved is "not found".
  "routes/public/register._index": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/register.$reference": { ids: ids.registerReference, get: { "*": { approved: 200, "*": 404 } }, post: "no action" },
  "routes/public/register.entries[.]csv": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/register.entries[.]json": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/register.feed.$lang": { ids: ids.feedLanguage, get: { "*": { existing: 200, "*": 404 } }, post: "no action" },
  // GA4GH Passport visas (ADR 043): the keys are public; a visa only for the applicant's own approved application,
  // another's answered as an unknown one.
  "routes/api/[.well-known].jwks[.]json": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  // Recording a research output (ADR 139): the applicant's own approved application only; an empty form is a translated 400.
  "routes/applicant/applications.$id_.outputs.new": { ids: ids.application, get: { applicant: { own: 200, "*": 404 } }, post: { applicant: { own: 400, "*": 404 } } },
  // The study's invitations (ADR 138): counts and the people who said yes, to the applicant of the approved application only.
  "routes/applicant/applications.$id_.invitations": { ids: ids.application, get: { applicant: { own: 200, "*": 404 } }, post: "no action" },
  "routes/applicant/applications.$id_.visa": { ids: ids.application, get: { applicant: { own: 200, "*": 404 } }, post: "no action" },
  // Applications and the committee (issue 15; ADR 040). An applicant reaches only their own applications (another's is
  // answered as unknown); an approved one is no longer edited, so a form to it is refused; an empty form never starts,
  // saves or submits anything. The secretariat reads every submitted application; committee members reach one only
  // from a seat (the matrix's members hold none, so "not found"), and every committee form names its intent.
  "routes/applicant/applications.sign-up": {
    ids: ids.none,
    get: { anonymous: 200, coordinator_2fa_pending: 200, others: to("/home") },
    post: { anonymous: 400, coordinator_2fa_pending: 400, others: to("/home") },
  },
  // An applicant's sign-up link sent again (ADR 042 amended): for the signed out, as signing up is.
  "routes/applicant/applications.sign-up_.welcome-link": {
    ids: ids.none,
    get: { anonymous: 200, coordinator_2fa_pending: 200, others: to("/home") },
    post: { anonymous: 400, coordinator_2fa_pending: 400, others: to("/home") },
  },
  "routes/applicant/applications._index": { ids: ids.none, get: { applicant: 200 }, post: { applicant: 400 } },
  "routes/applicant/applications.$id": { ids: ids.application, get: { applicant: { own: 200, "*": 404 } }, post: { applicant: { own: 400, "*": 404 } } },
  // Withdrawing (issue 27 item 7): the applicant's own application only; the own one here is approved, so the page says
  // it can no longer be withdrawn, an empty form is refused (400) and a confirmed one too (409); another's is unknown.
  "routes/applicant/applications.$id_.withdraw": {
    ids: ids.application,
    get: { applicant: { own: 200, "*": 404 } },
    post: { applicant: { own: 400, "*": 404 } },
    form: { fields: () => ({ confirm: "yes" }), expect: { applicant: { own: 409, "*": 404 } } },
  },
  // The ethics approval document (issue 27 item 7): the applicant attaches it to their own application, which here is
  // approved, so no longer edited — but an empty form is refused first (no file, 400); another's is unknown. The file
  // itself goes to the applicant and the committee (the secretariat here; the matrix's members hold no seat) and is
  // "not found" to every other account, never "forbidden".
  "routes/applicant/applications.$id_.ethics-document": { ids: ids.application, get: { applicant: { own: 200, "*": 404 } }, post: { applicant: { own: 400, "*": 404 } } },
  "routes/applicant/applications.$id_.ethics-document_.file": {
    ids: ids.application,
    get: { applicant: { own: 200, "*": 404 }, dac_secretariat: { own: 200, foreign: 200, "*": 404 }, others: 404 },
    post: "no action",
  },
  "routes/applicant/applications.$id_.versions.$number": { ids: ids.applicationVersion, get: { applicant: { own: 200, "*": 404 } }, post: "no action" },
  "routes/committee/committee._index": { ids: ids.none, get: { "panel_member dac_expert dac_chair dac_secretariat": 200 }, post: "no action" },
  "routes/committee/committee.applications.$id": {
    ids: ids.application,
    get: { dac_secretariat: { own: 200, foreign: 200, "*": 404 }, "panel_member dac_expert dac_chair": 404 },
    post: { "panel_member dac_expert dac_chair dac_secretariat": { nonsense: 404, "*": 400 } },
    // Closing the vote (ADR 040, 2026-12-02): whether one may is the seats' and declarations' question, not the role's
    // (the vice-chair is an expert); without a seat it is refused, with its reason, and nothing is written.
    form: { fields: () => ({ intent: "close", confirm: "yes", expectedCast: "0" }), expect: { "panel_member dac_expert dac_chair dac_secretariat": { unknown: 404, nonsense: 404, "*": 409 } } },
  },
  // Sanctions and extensions (ADR 041): the secretariat; an empty form names no approval.
  "routes/committee/committee.approvals": { ids: ids.none, get: { dac_secretariat: 200 }, post: { dac_secretariat: 400 } },
  // The vice-chair's designation (ADR 040, 2026-12-02) is the secretariat's alone.
  "routes/committee/committee.members": {
    ids: ids.none,
    get: { dac_secretariat: 200 },
    post: { dac_secretariat: 400 },
    form: { fields: () => ({ intent: "vice_chair", memberId: "none" }), expect: { dac_secretariat: wrote(302, "/committee/members?notice=vice_chair") } },
  },
  // The secretariat's applicant checks (ADR 043): an empty form names no applicant; verifying an unverified one
  // writes, an unknown one is "not found", a malformed id a form error.
  "routes/committee/committee.applicants": {
    ids: ids.none,
    get: { dac_secretariat: 200 },
    post: { dac_secretariat: 400 },
    form: {
      ids: ids.applicant,
      fields: (filled) => ({ intent: "verify", applicantId: filled.values!.applicantId! }),
      expect: { dac_secretariat: { existing: wrote(302, "/committee/applicants?notice=verified"), unknown: 404, nonsense: 400 } },
    },
  },

  // The committee's learning path (issue 28 item 7; ADR 060): its members read it and record their own completion; a
  // module that does not exist is "not found" before anything is parsed, and an empty form records nothing.
  // The same modules for anyone (ADR 148): nothing recorded, so no action.
  "routes/public/learn._index": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/public/learn.$module": { ids: ids.learningModule, get: { "*": { existing: 200, "*": 404 } }, post: "no action" },
  "routes/panel/panel.learning._index": { ids: ids.none, get: { "panel_member dac_expert dac_chair": 200 }, post: "no action" },
  "routes/panel/panel.learning.$module": {
    ids: ids.learningModule,
    get: { "panel_member dac_expert dac_chair": { existing: 200, "*": 404 } },
    post: { "panel_member dac_expert dac_chair": { existing: 400, "*": 404 } },
    form: { fields: () => ({ intent: "complete" }), expect: { "panel_member dac_expert dac_chair": { existing: wrote(302, "/panel/learning?done=programme"), "*": 404 } } },
  },

  // Consent forms (ELSI staff)
  "routes/staff/staff.forms._index": { ids: ids.none, get: { elsi_staff: 200 }, post: "no action" },
  "routes/staff/staff.forms.new": {
    ids: ids.none,
    get: { elsi_staff: to("/staff/forms/{draftId}?notice=draftOpen") },
    post: { elsi_staff: to("/staff/forms/{draftId}?notice=draftOpen") },
  },
  "routes/staff/staff.forms.$id._index": { ids: ids.formId, get: { elsi_staff: { published: 200, draft: 200, "*": 404 } }, post: "no action" },
  // The co-review (issue 28 item 6; ADR 061): staff manage a version's rounds; the panel comments on an open round; the
  // record of a published version is public (a draft's is not). An empty form names no intent: refused, nothing written.
  "routes/staff/staff.forms.$id.review": { ids: ids.formId, get: { elsi_staff: { published: 200, draft: 200, "*": 404 } }, post: { elsi_staff: 400 } },
  "routes/panel/panel.reviews._index": { ids: ids.none, get: { panel_member: 200 }, post: "no action" },
  "routes/panel/panel.reviews.$roundId": { ids: ids.reviewRound, get: { panel_member: { open: 200, "*": 404 } }, post: { panel_member: 400 } },
  // The panel's meetings (ADR 065): agendas and minutes are public; PPI staff announce and minute them.
  "routes/panel/panel-meetings._index": { ids: ids.none, get: { "*": 200 }, post: "no action" },
  "routes/panel/panel-meetings.$id": { ids: ids.panelMeeting, get: { "*": { existing: 200, "*": 404 } }, post: "no action" },
  "routes/staff/staff.panel-meetings._index": { ids: ids.none, get: { elsi_staff: 200 }, post: { elsi_staff: 400 } },
  "routes/staff/staff.panel-meetings.$id": { ids: ids.panelMeeting, get: { elsi_staff: { existing: 200, "*": 404 } }, post: { elsi_staff: 400 } },
  // The link is the access (ADR 064): whoever holds it, signed in or not, reads the round; no other id opens anything.
  "routes/panel/review-invitation.$token": { ids: ids.reviewInvitationToken, get: { "*": { existing: 200, "*": 404 } }, post: { "*": { existing: 400, "*": 404 } } },
  "routes/public/forms.$id.review": { ids: ids.formId, get: { "*": { published: 200, "*": 404 } }, post: "no action" },
  "routes/staff/staff.forms.$id.preview": { ids: ids.formId, query: "lang=ja", get: { elsi_staff: { published: 200, draft: 200, "*": 404 } }, post: "no action" },
  "routes/staff/staff.forms.$id.edit": {
    ids: ids.formId,
    query: "lang=ja",
    get: { elsi_staff: { published: to("/staff/forms/{id}?notice=notEditable"), draft: 200, "*": 404 } },
    post: { elsi_staff: { published: to("/staff/forms/{id}?notice=notEditable"), draft: 400, "*": 404 } },
  },
  "routes/staff/staff.forms.$id.settings": {
    ids: ids.formId,
    get: { elsi_staff: { published: to("/staff/forms/{id}?notice=notEditable"), draft: 200, "*": 404 } },
    post: { elsi_staff: { published: to("/staff/forms/{id}?notice=notEditable"), draft: 400, "*": 404 } },
  },
  "routes/staff/staff.forms.$id.publish": {
    ids: ids.formId,
    get: { elsi_staff: { published: to("/staff/forms/{id}?notice=notEditable"), draft: 200, "*": 404 } },
    post: { elsi_staff: { published: to("/staff/forms/{id}?notice=notEditable"), draft: 400, "*": 404 } },
  },
  "routes/staff/staff.forms.$id.delete": {
    ids: ids.formId,
    get: { elsi_staff: { published: to("/staff/forms/{id}?notice=notEditable"), draft: 200, "*": 404 } },
    post: { elsi_staff: { published: to("/staff/forms/{id}?notice=notEditable"), draft: wrote(302, "/staff/forms?notice=deleted"), "*": 404 } },
  },

  // Accounts and the two-person second-factor reset (issue 15; ADR 042): administrators only. An empty form is refused
  // before anything is looked up; approving a reset request that does not exist is "not found", and nothing is written.
  "routes/admin/admin.users_.new": { ids: ids.none, get: { admin: 200 }, post: { admin: 400 } },
  // A welcome link sent again (ADR 042 amended): an empty form names no intent; sending one to an account never used
  // writes (a link, its audit row, a mail) and an unknown account is "not found".
  "routes/admin/admin.users_.$id.welcome-link": {
    ids: ids.account,
    get: { admin: { existing: 200, "*": 404 } },
    post: { admin: { nonsense: 404, "*": 400 } },
    form: { fields: () => ({ intent: "resend" }), expect: { admin: { existing: wrote(302, "/admin/users/{id}/welcome-link?sent=1"), "*": 404 } } },
  },
  "routes/admin/admin.second-factor-resets": {
    ids: ids.none,
    get: { admin: 200 },
    post: { admin: 400 },
    form: { fields: () => ({ intent: "approve", resetId: "00000000-0000-4000-8000-000000000042" }), expect: { admin: 404 } },
  },
};

/** A staff page about one participant: the coordinator reaches facility A's (own, foreign), the coordinator of no facility nobody. */
function inScope(answer: Expected | { own: Expected; foreign: Expected }): ByActor {
  const { own, foreign } = typeof answer === "object" && "own" in answer ? answer : { own: answer, foreign: answer };
  return { coordinator: { own, foreign, "*": 404 }, coordinator_no_facility: 404 };
}

/**
 * A step of the participant's own journey. The participant has none open: every step leads to the journey's start,
 * and every form too (a document POST runs the page's loader after the action, and its redirect is the answer). The
 * proxy has one open at its first section; a form naming another's journey is refused as a tampered field.
 */
function journeyStep(fields: (journeyId: string) => Record<string, string>, proxy?: { get: ByKind; post: ByKind; form: ByKind }): Row {
  const participant: ByKind = { stepNonsense: 404, "*": toJourneyStart };
  const notYet: ByKind = { stepNonsense: 404, "*": toFirstSection };
  return {
    ids: ids.step,
    get: { participant, proxy: proxy?.get ?? notYet },
    post: { participant, proxy: proxy?.post ?? notYet },
    form: { fields: (filled) => fields(filled.values!.journeyId!), expect: { participant, proxy: proxy?.form ?? notYet } },
  };
}

/**
 * A step of the clinic's assisted journey: the coordinator has openA's open at its first section (a later step leads
 * back there, whatever a form said), peer's is finished (its steps lead to the start); a form naming a journey that is
 * not this participant's with this coordinator is refused as a tampered field.
 */
function assistedStep(fields: (journeyId: string) => Record<string, string>, coordinator?: { get: ByKind; post: ByKind; form: ByKind }): Row {
  const notYet: ByKind = { own: toAssistedSection, stepUnknown: toAssistedSection, foreign: toAssistedStart, "*": 404 };
  return {
    ids: ids.participantStep,
    get: { coordinator: coordinator?.get ?? notYet, coordinator_no_facility: 404 },
    post: { coordinator: coordinator?.post ?? notYet, coordinator_no_facility: 404 },
    form: {
      ids: ids.assistedForm,
      fields: (filled) => fields(filled.values!.journeyId!),
      expect: { coordinator: coordinator?.form ?? { otherFacility: 404, "*": toAssistedSection }, coordinator_no_facility: 404 },
    },
  };
}

// ─── Who may see whom ────────────────────────────────────────────────────────────────────────────────────────────

/** Whose name, pseudonym or e-mail a visitor may ever be shown. */
function mayShow(world: AuthorizationWorld, actor: ActorName, subject: Subject): boolean {
  if (actor === "admin") return true; // programme-wide: the user list and the audit log (ADR 015)
  if (actor === "participant") return subject === world.subjects.self;
  if (actor === "proxy") return subject === world.subjects.child || subject === world.subjects.child2;
  if (actor === "coordinator" || actor === "counsellor") return subject.facilityId === world.facilities.A.id;
  // The family visitor follows self (ADR 036): their name, never their pseudonym or address (see below).
  if (actor === "family") return subject === world.subjects.self;
  return false;
}

/** What a cell's answer may show of a subject besides what mayShow allows: the holder of self's invitation link is told who invited them. */
function invitedBy(world: AuthorizationWorld, cell: Cell, subject: Subject): boolean {
  return cell.routeId === "routes/family/family.invitation.$token" && cell.kind === "existing" && subject === world.subjects.self;
}

// ─── Cells ───────────────────────────────────────────────────────────────────────────────────────────────────────

type Method = "GET" | "POST (empty)" | "POST (form)";

interface Cell {
  routeId: string;
  actor: Actor;
  kind: string;
  method: Method;
  path: string;
  params: Record<string, string>;
  body?: BrowserBody;
  expected: Outcome;
  /** Each cell's requests come from an address of its own, so what it wrote can be told apart in the audit log. */
  address: string;
}

/** The table's entry for a visitor, or the guards' answer when it has none; by id kind or one for all. */
function entryFor(byActor: ByActor, actor: ActorName): ByKind {
  let entry: ByKind | undefined;
  for (const [keys, value] of Object.entries(byActor)) if (keys.split(" ").includes(actor)) entry = value;
  if (entry === undefined && actor !== "anonymous" && actor !== "coordinator_2fa_pending") entry = byActor.others;
  entry ??= byActor["*"];
  return entry ?? (actor === "anonymous" ? toSignIn : actor === "coordinator_2fa_pending" ? toSecondFactor : 403);
}

const isOneAnswer = (entry: ByKind): entry is Expected => typeof entry === "number" || "status" in entry;

function answerFor(entry: ByKind, kind: string, where: string): Outcome {
  const expected = isOneAnswer(entry) ? entry : (entry[kind] ?? entry["*"]);
  if (expected === undefined) throw new Error(`The table has no answer for ${where} × ${kind}`);
  return typeof expected === "number" ? { status: expected } : expected;
}

function urlOf(route: ManifestRoute, filled: Filled, fixedQuery: string | undefined): string {
  const path = route.pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = filled.params[name];
    if (value === undefined) throw new Error(`${route.id}: the row's ids do not say what goes into :${name}`);
    return encodeURIComponent(value);
  });
  const query = [fixedQuery, filled.query].filter(Boolean).join("&");
  return query ? `${path}?${query}` : path;
}

let addressesUsed = 0;

function cellsOf(routeId: string, row: Row, route: ManifestRoute, world: AuthorizationWorld): Cell[] {
  const cells: Cell[] = [];
  for (const [turn, name] of actorNames.entries()) {
    const actor = world.actors[name];
    let methods = 0;
    const add = (method: Method, family: IdFamily, byActor: ByActor | "no loader" | "no action", body?: (filled: Filled) => BrowserBody) => {
      const entry = typeof byActor === "string" ? noSuchMethod : entryFor(byActor, name);
      const door = family.door[(turn + methods++) % family.door.length]!;
      for (const kind of isOneAnswer(entry) ? [door] : family.kinds) {
        const filled = family.fill(world, actor, kind);
        cells.push({
          routeId,
          actor,
          kind,
          method,
          path: urlOf(route, filled, row.query),
          params: { ...filled.params, draftId: world.forms.draftId },
          body: body?.(filled),
          expected: answerFor(entry, kind, `${routeId} × ${name} × ${method}`),
          address: loopbackAddress(addressesUsed++),
        });
      }
    };
    add("GET", row.ids, row.get);
    add("POST (empty)", row.ids, row.post, () => (row.json ? { type: "json", content: "{}" } : { type: "form", content: "" }));
    if (row.form) {
      const form = row.form;
      add("POST (form)", form.ids ?? row.ids, form.expect, (filled) => ({ type: "form", content: new URLSearchParams(form.fields(filled, world)).toString() }));
    }
  }
  return cells;
}

// ─── Running cells ───────────────────────────────────────────────────────────────────────────────────────────────

/** Audit rows that record a read (of identity, a record, the API), not a change: a refused form's page may write them. */
const readAuditTypes = ["data.identifiable_read", "api.request", "consent_record.verified"];

/**
 * What a refused POST could have changed without an audit row of its own: the ledger, samples, journeys, questions,
 * invitations, forms, tokens, factors, passkeys, memberships, findings. (Every change here also writes an audit row, which
 * is looked for by the cell's address.)
 */
async function stateFingerprint(): Promise<string> {
  const [row] = await getDatabase().$queryRaw<{ fingerprint: string }[]>`
    SELECT concat_ws(' ',
      (SELECT count(*) FROM "ConsentEvent"),
      (SELECT count(*) FROM "Sample"),
      (SELECT count(*) || '/' || coalesce(max("updatedAt")::text, '') FROM "ConsentJourney"),
      (SELECT count(*) || '/' || count("answeredAt") FROM "ParticipantQuestion"),
      (SELECT count(*) || '/' || count("revokedAt") || '/' || count("acceptedAt") FROM "Invitation"),
      (SELECT count(*) || '/' || coalesce(max("updatedAt")::text, '') FROM "ConsentFormVersion"),
      (SELECT count(*) || '/' || count("revokedAt") FROM "ApiToken"),
      (SELECT count("disabledAt") || '/' || count("totpEnabledAt") FROM "User"),
      (SELECT count(*) FROM "Passkey"),
      (SELECT count(*) FROM "RecoveryCode"),
      (SELECT count(*) FROM "FacilityMembership"),
      (SELECT count(*) FROM "Finding"),
      (SELECT count(*) FROM "FindingVersion")
    ) AS fingerprint`;
  return row!.fingerprint;
}

/** Changes recorded in the audit log from these addresses, by address. */
async function auditedChangesFrom(addresses: string[]): Promise<Map<string, string>> {
  if (addresses.length === 0) return new Map();
  const rows = await getDatabase().$queryRaw<{ address: string; types: string }[]>`
    SELECT "ipAddress" AS address, string_agg(type, ', ') AS types FROM "AuditEvent"
    WHERE "ipAddress" = ANY(${addresses}::text[]) AND outcome = 'success' AND type <> ALL(${readAuditTypes}::text[])
    GROUP BY "ipAddress"`;
  return new Map(rows.map((row) => [row.address, row.types]));
}

let world: AuthorizationWorld;
let manifest: Map<string, ManifestRoute>;
const getCookies = new Map<ActorName, string>();
const appOrigin = () => new URL(getEnv().APP_URL).origin;

const describeCell = (cell: Cell) => `${cell.routeId} × ${cell.actor.name} × ${cell.kind} × ${cell.method} ${cell.path}`;

/** Runs one cell; returns what is wrong with its answer, if anything. */
async function runCell(cell: Cell): Promise<string[]> {
  const cookie = cell.method === "GET" ? getCookies.get(cell.actor.name)! : await cell.actor.newCookie();
  let response: BrowserResponse;
  try {
    response = await browserRequest({
      server: app.origin,
      appOrigin: appOrigin(),
      localAddress: cell.address,
      method: cell.method === "GET" ? "GET" : "POST",
      path: cell.path,
      cookie,
      body: cell.body,
    });
  } catch (error) {
    return [`${describeCell(cell)}: no answer (${String(error)})`];
  }
  const problems: string[] = [];
  const asSent = new URL(cell.path, "http://app"); // the path and query as the server reads them
  const fill = (template: string) =>
    template.replace("{path}", encodeURIComponent(asSent.pathname + asSent.search)).replace(/\{(\w+)\}/g, (_, name: string) => cell.params[name] ?? `{${name}}`);
  const expectedLocation = cell.expected.location === undefined ? undefined : fill(cell.expected.location);
  const got = `${response.status}${response.location ? ` → ${response.location}` : ""}`;
  if (response.status !== cell.expected.status || (expectedLocation !== undefined && response.location !== expectedLocation)) {
    const detail = response.status >= 500 ? `: ${response.body.toString("utf8").slice(0, 300)}` : "";
    problems.push(`${describeCell(cell)}: expected ${cell.expected.status}${expectedLocation ? ` → ${expectedLocation}` : ""}, got ${got}${detail}`);
  }
  const text = /^(text\/|application\/(json|fhir))/.test(response.contentType) ? response.body.toString("utf8") : null;
  // A refused form is answered with a page in the visitor's language (Japanese here), not a bare word from the edge.
  if (response.status === 400 && cell.method !== "GET" && cell.body?.type !== "json" && !(response.contentType.startsWith("text/html") && text?.includes('<html lang="ja"'))) {
    problems.push(`${describeCell(cell)}: 400 without a Japanese page (${response.contentType}: ${text?.slice(0, 80) ?? "binary"})`);
  }
  if (text !== null) {
    const asked = decodeURIComponent(cell.path) + (cell.body ? decodeURIComponent(cell.body.content.replace(/\+/g, " ")) : "");
    // What the request itself named (a pseudonym searched for) is no news to the one who asked.
    const shown = world.everyone
      .filter((subject) => !mayShow(world, cell.actor.name, subject) && !invitedBy(world, cell, subject))
      .flatMap((subject) => [subject.fullName, subject.pseudonym, subject.email])
      .concat(cell.actor.name === "family" ? [world.subjects.self.pseudonym, world.subjects.self.email] : [])
      .filter((value) => !asked.includes(value) && text.includes(value));
    if (shown.length > 0) problems.push(`${describeCell(cell)}: the answer (${got}) shows ${shown.join(", ")}, not theirs to see`);
  }
  return problems;
}

async function inPool(cells: Cell[], width: number): Promise<string[]> {
  const problems: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < cells.length) problems.push(...(await runCell(cells[next++]!)));
    }),
  );
  return problems;
}

/**
 * GETs and refused POSTs a few at a time, then the POSTs allowed to change something one by one, so every other cell
 * sees the world as it was built. A refused POST must change nothing: no audit row of a change from its address,
 * and none of the state above for the lot.
 */
async function runCells(cells: Cell[]): Promise<string[]> {
  const refused = cells.filter((cell) => cell.method !== "GET" && !cell.expected.writes);
  const before = await stateFingerprint();
  const problems = await inPool([...cells.filter((cell) => cell.method === "GET"), ...refused], 4);
  const changes = await auditedChangesFrom(refused.map((cell) => cell.address));
  for (const cell of refused) {
    const types = changes.get(cell.address);
    if (types) problems.push(`${describeCell(cell)}: a POST answered as refused changed something (audit: ${types})`);
  }
  const after = await stateFingerprint();
  if (after !== before && changes.size === 0) problems.push(`refused POSTs changed stored data without an audit row: ${before} → ${after}`);
  for (const cell of cells.filter((cell) => cell.method !== "GET" && cell.expected.writes)) problems.push(...(await runCell(cell)));
  return problems;
}

// ─── Tests ───────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * How many shard files run the table. The matrix is one process's work (each cell a real request to an app server in
 * the test's own process): ~85 s of CPU in one file set the floor of the whole Vitest run, so its rows are dealt
 * round-robin to this many files, which Vitest runs on both cores, each with its own database, world and app server.
 * authorization-matrix.<n>.test.ts for n = 1 … MATRIX_SHARDS must exist, and no other (shard 1 checks).
 */
export const MATRIX_SHARDS = 3;

/** The rows shard `shard` (1-based) runs: every MATRIX_SHARDS-th row of the table, so each row runs exactly once. */
export function rowsOfShard(shard: number): [string, Row][] {
  return Object.entries(TABLE)
    .filter((entry): entry is [string, Row] => entry[1] !== "layout")
    .filter((_, index) => index % MATRIX_SHARDS === shard - 1);
}

/**
 * Every route of the table that has an action, with whether it reads JSON and the query its requests carry: the list
 * the hostile-body test walks (hostile-bodies.test.ts), so a route added to the table — as every route must be — is
 * sent every hostile body too.
 */
export function actionRoutesOfTable(): { routeId: string; json: boolean; query?: string }[] {
  return Object.entries(TABLE).flatMap(([routeId, row]) => (row === "layout" || row.post === "no action" ? [] : [{ routeId, json: row.json === true, query: row.query }]));
}

/** Registers one shard's hooks and tests; call at the top level of authorization-matrix.<shard>.test.ts. */
export function authorizationMatrixShard(shard: number): void {
  if (!Number.isInteger(shard) || shard < 1 || shard > MATRIX_SHARDS) throw new Error(`no authorization matrix shard ${shard} of ${MATRIX_SHARDS}`);
  useTestDatabase();
  useTempDataDir();
  app = useAppServer();

  let cellCount = 0;
  const timing = { started: 0, built: 0 };

  // Each cell's request leaves its one line in the app's log (ADR 027); tests/support/captured-logs.ts keeps them
  // instead of printing them, and a line at level error would fail the cell.

  beforeAll(async () => {
    timing.started = Date.now();
    manifest = new Map((await loadRouteManifest(app.server)).map((route) => [route.id, route]));
    world = await buildAuthorizationWorld();
    for (const name of actorNames) getCookies.set(name, await world.actors[name].newCookie());
    timing.built = Date.now();
  }, 120_000);

  afterAll(() => {
    // How many cells, and how long the world and the cells took on this machine.
    const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
    if (cellCount > 0) {
      console.info(`authorization matrix, shard ${shard} of ${MATRIX_SHARDS}: ${cellCount} cells in ${seconds(timing.built, Date.now())} s (world and manifest ${seconds(timing.started, timing.built)} s)`);
    }
  });

  if (shard === 1) {
    describe("the table covers the route manifest", () => {
      it("every route Remix serves has a row, and every row is a route Remix serves", () => {
        const missing = [...manifest.keys()].filter((id) => !(id in TABLE));
        const stale = Object.keys(TABLE).filter((id) => !manifest.has(id));
        expect({ missing, stale }).toEqual({ missing: [], stale: [] });
      });

      it("says 'no loader' and 'no action' exactly where the module has none, 'layout' only for layouts, and fills every :param", () => {
        const mismatches: string[] = [];
        for (const [id, row] of Object.entries(TABLE)) {
          const route = manifest.get(id);
          if (!route) continue;
          if (row === "layout") {
            if (![...manifest.values()].some((other) => other.parentId === id)) mismatches.push(`${id}: 'layout', but nothing is nested in it`);
            continue;
          }
          const answersGet = route.hasLoader || route.hasComponent;
          if ((row.get === "no loader") === answersGet) mismatches.push(`${id}: get is ${row.get === "no loader" ? "'no loader'" : "a set of answers"}, and the module ${answersGet ? "has" : "has no"} loader or page`);
          if (row.json === true && route.requestBody !== "json") mismatches.push(`${id}: json in the table, and the module's handle does not say its action reads JSON (app/request-body.ts)`);
          if (row.json !== true && route.requestBody === "json") mismatches.push(`${id}: the module's handle says its action reads JSON, and its row lacks json: true`);
          if ((row.post === "no action") === route.hasAction) mismatches.push(`${id}: post is ${row.post === "no action" ? "'no action'" : "a set of answers"}, and the module ${route.hasAction ? "has" : "has no"} action`);
          for (const family of [row.ids, row.form?.ids ?? row.ids]) {
            const filled = family.fill(world, world.actors.coordinator, family.kinds[0]!);
            for (const name of route.pattern.match(/:(\w+)/g) ?? []) if (!(name.slice(1) in filled.params)) mismatches.push(`${id}: ids ${family.name} do not fill ${name}`);
          }
        }
        expect(mismatches).toEqual([]);
      });

      it(`is run by exactly the shard files authorization-matrix.1 … ${MATRIX_SHARDS}.test.ts, which between them run every row once`, () => {
        const folder = path.dirname(fileURLToPath(import.meta.url));
        const files = readdirSync(folder).filter((name) => /^authorization-matrix\..*\.test\.ts$/.test(name)).sort();
        const expected = Array.from({ length: MATRIX_SHARDS }, (_, index) => `authorization-matrix.${index + 1}.test.ts`).sort();
        expect(files).toEqual(expected);
        const dealt = Array.from({ length: MATRIX_SHARDS }, (_, index) => rowsOfShard(index + 1).map(([id]) => id)).flat();
        const rows = Object.entries(TABLE).filter(([, row]) => row !== "layout").map(([id]) => id);
        expect(dealt.sort()).toEqual(rows.sort());
      });
    });
  }

  describe("every route × visitor × id × method", () => {
    for (const [routeId, row] of rowsOfShard(shard)) {
      it(routeId, async () => {
        const route = manifest.get(routeId);
        if (!route) throw new Error(`${routeId} is not in the route manifest (see the coverage test)`);
        await restoreWorld(world);
        const cells = cellsOf(routeId, row, route, world);
        cellCount += cells.length;
        expect(await runCells(cells)).toEqual([]);
      }, 300_000);
    }
  });
}
