import { roleList, roles, staffRoles, type Role, type RoleSet } from "./roles";

export const permissions = [
  "account:manage:own",
  "staff:portal",
  "audit:read",
  "users:manage",
  // Consent (issue 3)
  "consent:own", // see and change one's own consent, or a represented child's
  "participants:enrol", // register patients, send invitations, see their identity (audited)
  "participants:consent_on_behalf", // assisted and paper consent, withdrawals received by phone or letter
  "questions:answer", // the coordinator's queue of participants' questions
  "enquiries:answer", // 相談窓口: answer anyone's question by its deadline, and publish agreed answers as FAQ entries (ADR 145)
  "surveys:read", // how consent felt at one's facilities (through disclosure control), and moderating its comments (ADR 149)
  "panel:recruit", // the participant panel's open calls: open one, read the applications, select with reasons (ADR 151)
  "briefings:manage", // public sessions (説明会, seminars): publish, call off, record attendance, publish the minutes (ADR 148)
  "requests:answer", // a person's requests about their data (deletion, correction, stop of use): track and answer them (ADR 142)
  "forms:manage", // draft, preview and publish consent-form versions
  "consent:read", // read consent records (FHIR) without identity
  // Issue 13 (ADR 031)
  "jobs:manage", // see parked jobs and undelivered mail, retry a parked job
  // Secondary findings (issue 13, ADR 034)
  "findings:counsel", // the queue of findings to return, and the steps of a counselling case
  // Analysis reports (issue 57, ADR 137)
  "results:explain", // the reports at one's facilities waiting to be explained; record an explanation, which releases a report
  // Recontact (issue 13 item 5, ADR 035)
  "recontact:manage", // write, preview and send recontact campaigns; see their results with exact counts
  "recontact:read", // see campaigns and their results, counts under 10 shown as "<10"
  // Families and updates (issue 14)
  "family:manage", // invite, narrow, pause and end the family access to one's own (or a represented child's) record
  "family:follow", // read what a participant has shared with you (only through an active FamilyAccess row of yours)
  "updates:read", // the programme updates for one's audience, unread markers, the digest switch
  "updates:manage", // write, correct, preview, schedule and publish programme updates
  // Data access (issue 15; ADR 040)
  "applications:own", // write, submit and follow one's own data-access applications; fetch a visa for an approved one
  "applications:manage", // the secretariat: verify applicants, return or send applications to the committee, the members and the tally rule
  "committee:review", // a committee member: declare conflicts, read, comment and vote on applications one is not recused from
  "committee:decide", // the chair: close the vote and record the decision
  "reports:manage", // write, correct, schedule and publish transparency reports (issue 16)
  "approvals:manage", // suspend, reinstate, revoke or extend an approval; refuse new applications from an applicant (sanctions)
  "consultations:manage", // draft, publish and moderate consultations, and answer for the programme (issue 28; ADR 059)
  "consultations:answer", // be asked in a capacity of one's own (participant, proxy, family, panel): the home page's card; anyone may answer as the public
  "documents:review", // the co-review of the explanatory documents (issue 28 item 6, ADR 061): comment on a draft form version while its round is open
  "learning:panel", // the committee's learning path (issue 28 item 7, ADR 060): read the modules, record one's own completion
  "panel:claims", // a panel member's own honorarium and expense claims: make one, follow it, withdraw it while undecided (ADR 152)
  "panel:pay", // the panel's claims: approve or reject (with a reason) by the deadline, then mark paid (ADR 152)
] as const;
export type Permission = (typeof permissions)[number];

const everyone: Permission[] = ["account:manage:own"];

/** Deny by default: a role holds exactly the permissions listed here and nothing else. */
const grants: Record<Role, readonly Permission[]> = Object.fromEntries(
  roles.map((role) => {
    const granted = [...everyone];
    if (staffRoles.includes(role)) granted.push("staff:portal");
    if (role === "admin") granted.push("audit:read", "users:manage", "consent:read", "jobs:manage");
    if (role === "participant" || role === "proxy") granted.push("consent:own", "family:manage");
    // A participant may also follow a relative who is a participant; the access row, not the role, decides whom.
    if (role === "participant" || role === "proxy" || role === "family") granted.push("family:follow", "updates:read");
    if (role === "elsi_staff") granted.push("updates:manage", "reports:manage", "consultations:manage");
    if (role === "coordinator") granted.push("participants:enrol", "participants:consent_on_behalf", "questions:answer", "requests:answer", "consent:read");
    if (role === "counsellor") granted.push("consent:read", "findings:counsel", "results:explain");
    // Questions from anyone (ADR 145): the coordinators who answer participants, and the genetic counsellors.
    if (role === "coordinator" || role === "counsellor") granted.push("enquiries:answer");
    if (role === "elsi_staff") granted.push("forms:manage", "recontact:manage", "recontact:read");
    // Public sessions (ADR 148): the ELSI staff who run PPI, and the coordinators who hold the hospitals' 説明会.
    if (role === "elsi_staff" || role === "coordinator") granted.push("briefings:manage");
    // The panel's open calls (ADR 151): the ELSI staff who run the panel, nationally.
    if (role === "elsi_staff") granted.push("panel:recruit");
    // How consent felt (ADR 149): each facility's coordinators for their own, the ELSI staff for every facility.
    if (role === "elsi_staff" || role === "coordinator") granted.push("surveys:read");
    // The panel's honoraria and expenses (ADR 152): each member claims their own; the ELSI staff who run the panel and
    // the coordinators who meet members at the hospitals decide and pay.
    if (role === "panel_member") granted.push("panel:claims");
    if (role === "elsi_staff" || role === "coordinator") granted.push("panel:pay");
    // Oversight reads campaign results with small counts suppressed (ADR 035).
    if (role === "admin" || role === "dac_secretariat" || role === "dac_chair") granted.push("recontact:read");
    if (role === "applicant") granted.push("applications:own");
    if (role === "dac_secretariat") granted.push("applications:manage", "approvals:manage");
    if (role === "panel_member" || role === "dac_expert" || role === "dac_chair") granted.push("committee:review");
    if (role === "dac_chair") granted.push("committee:decide");
    // Written for the panel's patients; experts and the chair read the same path, so the committee shares one vocabulary.
    if (role === "panel_member" || role === "dac_expert" || role === "dac_chair") granted.push("learning:panel");
    // The review meeting of the explanatory documents (説明文書検討会) is the participant panel's (ADR 061).
    if (role === "panel_member") granted.push("documents:review");
    // Whom consultations ask in a capacity of their own (ADR 059): the panel too, which reviews more than data access.
    if (role === "participant" || role === "proxy" || role === "family" || role === "panel_member") granted.push("consultations:answer");
    return [role, granted];
  }),
) as unknown as Record<Role, readonly Permission[]>;

/** What a person may do is the union of their roles' permissions. */
export function hasPermission(roles: RoleSet, permission: Permission): boolean {
  return roleList(roles).some((role) => grants[role]?.includes(permission) ?? false);
}

export function permissionsOf(roles: RoleSet): readonly Permission[] {
  return [...new Set(roleList(roles).flatMap((role) => grants[role] ?? []))];
}
