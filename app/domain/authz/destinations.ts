import { hasPermission, type Permission } from "./permissions";
import type { RoleSet } from "./roles";

/**
 * The pages a signed-in person can go to, each with the permission its loader requires: the one list the header
 * menu, the home page and the staff and admin pages are drawn from, so none of them can offer a page its reader
 * cannot open, or promise one that does not exist (issue 11). Labels are i18n keys ("namespace:key").
 * tests/e2e/home.spec.ts opens every card and menu link as every role and expects 200.
 */
export interface Destination {
  id: string;
  path: string;
  permission: Permission;
  /** Where it is listed: "own" on the home page; "staff" and "admin" on those pages and, through them, on home. */
  area: "own" | "staff" | "admin" | "account";
  /** Its name in the header menu, if it has a place there. */
  menu?: string;
  /** Its card: a title, a sentence saying what one can do there, and the link's words when not the title. */
  card?: { title: string; body?: string; link?: string };
}

export const destinations: readonly Destination[] = [
  { id: "home", path: "/home", permission: "account:manage:own", area: "account", menu: "common:nav.home" },
  {
    id: "consent",
    path: "/consent",
    permission: "consent:own",
    area: "own",
    menu: "common:nav.consent",
    card: { title: "dashboard:homeLink.heading", body: "dashboard:homeLink.body", link: "dashboard:homeLink.link" },
  },
  {
    id: "results",
    path: "/results",
    permission: "consent:own",
    area: "own",
    card: { title: "results:dashboardLink", body: "results:dashboardLinkBody" },
  },
  {
    id: "studyInvitations",
    path: "/study-invitations",
    permission: "consent:own",
    area: "own",
    card: { title: "recontact:studyInvitation.dashboardLink", body: "recontact:studyInvitation.dashboardLinkBody" },
  },
  {
    id: "rightsRequests",
    path: "/requests",
    permission: "consent:own",
    area: "own",
    card: { title: "dashboard:rights.title", body: "dashboard:rights.cardBody" },
  },
  {
    id: "familySharing",
    path: "/consent/family",
    permission: "family:manage",
    area: "own",
    card: { title: "family:manage.title", body: "family:card.manageBody" },
  },
  {
    id: "family",
    path: "/family",
    permission: "family:follow",
    area: "own",
    menu: "common:nav.follow",
    card: { title: "common:nav.follow", body: "family:card.followBody" },
  },
  {
    id: "updates",
    path: "/updates",
    permission: "updates:read",
    area: "own",
    menu: "common:nav.updates",
    card: { title: "updates:reader.title", body: "updates:nav.cardBody" },
  },
  {
    // The list itself is open to anyone; those asked in a capacity of their own (participants, proxies, families, the
    // panel) find it on their home page (ADR 059).
    id: "consultations",
    path: "/consultations",
    permission: "consultations:answer",
    area: "own",
    card: { title: "consultations:list.title", body: "consultations:nav.cardBody" },
  },
  {
    id: "applications",
    path: "/applications",
    permission: "applications:own",
    area: "own",
    menu: "common:nav.applications",
    card: { title: "access:applications.title", body: "access:nav.applicationsBody" },
  },
  {
    id: "committee",
    path: "/committee",
    permission: "committee:review",
    area: "own",
    menu: "common:nav.committee",
    card: { title: "access:committee.title", body: "access:nav.committeeBody" },
  },
  {
    id: "panelLearning",
    path: "/panel/learning",
    permission: "learning:panel",
    area: "own",
    card: { title: "learning:path.title", body: "learning:nav.cardBody" },
  },
  {
    id: "panelReviews",
    path: "/panel/reviews",
    permission: "documents:review",
    area: "own",
    card: { title: "forms:reviewer.listTitle", body: "forms:reviewer.cardBody" },
  },
  {
    id: "panelMeetings",
    path: "/panel-meetings",
    permission: "documents:review",
    area: "own",
    card: { title: "learning:meetings.title", body: "learning:meetings.cardBody" },
  },
  {
    id: "panelClaims",
    path: "/panel/claims",
    permission: "panel:claims",
    area: "own",
    card: { title: "panel-claims:title", body: "panel-claims:cardBody" },
  },
  {
    id: "committeeSecretariat",
    path: "/committee",
    permission: "applications:manage",
    area: "staff",
    card: { title: "access:committee.title", body: "access:nav.secretariatBody" },
  },
  {
    id: "committeeMembers",
    path: "/committee/members",
    permission: "applications:manage",
    area: "staff",
    card: { title: "access:members.title", body: "access:nav.membersBody" },
  },
  {
    id: "committeeApplicants",
    path: "/committee/applicants",
    permission: "applications:manage",
    area: "staff",
    card: { title: "access:nav.applicantsTitle", body: "access:nav.applicantsBody" },
  },
  {
    id: "committeeApprovals",
    path: "/committee/approvals",
    permission: "approvals:manage",
    area: "staff",
    card: { title: "access:approvals.title", body: "access:nav.approvalsBody" },
  },
  {
    id: "participants",
    path: "/staff/participants",
    permission: "participants:enrol",
    area: "staff",
    card: { title: "enrolment:staff.links.participants", body: "enrolment:staff.links.participantsHint" },
  },
  {
    id: "enrol",
    path: "/staff/participants/new",
    permission: "participants:enrol",
    area: "staff",
    card: { title: "enrolment:staff.links.enrol", body: "enrolment:staff.links.enrolHint" },
  },
  {
    id: "questions",
    path: "/staff/questions",
    permission: "questions:answer",
    area: "staff",
    card: { title: "enrolment:staff.links.questions", body: "enrolment:staff.links.questionsHint" },
  },
  {
    id: "staffEnquiries",
    path: "/staff/enquiries",
    permission: "enquiries:answer",
    area: "staff",
    card: { title: "enquiries:staff.title", body: "enquiries:staff.cardBody" },
  },
  {
    id: "staffBriefings",
    path: "/staff/briefings",
    permission: "briefings:manage",
    area: "staff",
    card: { title: "briefings:staff.title", body: "briefings:staff.cardBody" },
  },
  {
    id: "staffPanelCalls",
    path: "/staff/panel-calls",
    permission: "panel:recruit",
    area: "staff",
    card: { title: "panel-calls:staff.title", body: "panel-calls:staff.cardBody" },
  },
  {
    id: "staffConsentSurvey",
    path: "/staff/consent-survey",
    permission: "surveys:read",
    area: "staff",
    card: { title: "surveys:staff.title", body: "surveys:staff.cardBody" },
  },
  {
    id: "staffRightsRequests",
    path: "/staff/requests",
    permission: "requests:answer",
    area: "staff",
    card: { title: "dashboard:rights.staff.title", body: "dashboard:rights.staff.cardBody" },
  },
  {
    id: "findings",
    path: "/staff/findings",
    permission: "findings:counsel",
    area: "staff",
    card: { title: "findings:nav.card", body: "findings:nav.cardHint" },
  },
  {
    id: "staffResults",
    path: "/staff/results",
    permission: "results:explain",
    area: "staff",
    card: { title: "results:staff.nav.card", body: "results:staff.nav.cardHint" },
  },
  {
    id: "staffUpdates",
    path: "/staff/updates",
    permission: "updates:manage",
    area: "staff",
    card: { title: "updates:staff.list.title", body: "updates:nav.staffCardBody" },
  },
  {
    id: "staffReports",
    path: "/staff/reports",
    permission: "reports:manage",
    area: "staff",
    card: { title: "reports:staff.list.title", body: "reports:nav.staffCardBody" },
  },
  {
    id: "staffConsultations",
    path: "/staff/consultations",
    permission: "consultations:manage",
    area: "staff",
    card: { title: "consultation-admin:nav.cardTitle", body: "consultation-admin:nav.cardBody" },
  },
  {
    id: "staffPanelMeetings",
    path: "/staff/panel-meetings",
    permission: "consultations:manage",
    area: "staff",
    card: { title: "learning:meetings.staff.heading", body: "learning:meetings.staff.cardBody" },
  },
  {
    id: "staffPanelClaims",
    path: "/staff/panel-claims",
    permission: "panel:pay",
    area: "staff",
    card: { title: "panel-claims:staff.title", body: "panel-claims:staff.cardBody" },
  },
  {
    id: "forms",
    path: "/staff/forms",
    permission: "forms:manage",
    area: "staff",
    card: { title: "enrolment:staff.links.forms", body: "enrolment:staff.links.formsHint" },
  },
  {
    id: "recontact",
    path: "/staff/recontact",
    permission: "recontact:read",
    area: "staff",
    card: { title: "recontact:list.title", body: "recontact:list.cardHint" },
  },
  { id: "users", path: "/admin/users", permission: "users:manage", area: "admin", card: { title: "account:admin.users.title", body: "common:destinations.usersHint" } },
  { id: "audit", path: "/admin/audit", permission: "audit:read", area: "admin", card: { title: "account:admin.audit.title", body: "common:destinations.auditHint" } },
  { id: "secondFactorResets", path: "/admin/second-factor-resets", permission: "users:manage", area: "admin", card: { title: "admin:resets.title", body: "admin:resets.cardHint" } },
  { id: "apiTokens", path: "/admin/api-tokens", permission: "users:manage", area: "admin", card: { title: "account:apiTokens.title", body: "common:destinations.apiTokensHint" } },
  { id: "jobs", path: "/staff/jobs", permission: "jobs:manage", area: "admin", card: { title: "jobs:title", body: "jobs:cardHint" } },
  {
    id: "account",
    path: "/account",
    permission: "account:manage:own",
    area: "account",
    menu: "common:nav.account",
    card: { title: "account:home.links.security", body: "common:destinations.accountHint" },
  },
  {
    id: "sessions",
    path: "/account/sessions",
    permission: "account:manage:own",
    area: "account",
    menu: "common:nav.sessions",
    card: { title: "account:home.links.sessions", body: "common:destinations.sessionsHint" },
  },
];

/** The staff and admin pages as menu entries: shown only to someone for whom they list at least one page. */
const hubs = [
  { id: "staff", path: "/staff", area: "staff", menu: "common:nav.staff" },
  { id: "admin", path: "/admin", area: "admin", menu: "common:nav.admin" },
] as const;

export function destinationsFor(role: RoleSet, area?: Destination["area"]): readonly Destination[] {
  return remembered(`${roleKey(role)}\u0000${area ?? ""}`, () => destinations.filter((destination) => hasPermission(role, destination.permission) && (area === undefined || destination.area === area)));
}

/**
 * What a set of roles may open is fixed for the life of the process, and every page's header asks it (menuFor, 2 % of
 * /consent's CPU when worked out per request): kept per roles, frozen so no caller can change another's copy. The
 * combinations of roles an account can hold are few; the bound is only a guard.
 */
const rememberedLists = new Map<string, readonly unknown[]>();
function remembered<T>(key: string, make: () => T[]): readonly T[] {
  const known = rememberedLists.get(key) as readonly T[] | undefined;
  if (known) return known;
  const made = Object.freeze(make().map((item) => Object.freeze(item)));
  if (rememberedLists.size >= 512) rememberedLists.clear();
  rememberedLists.set(key, made);
  return made;
}
function roleKey(role: RoleSet): string {
  return typeof role === "string" ? role : role.join(",");
}

/** The home page's cards, in the order above: one's own consent, then work, then one's account. */
export function homeCardsFor(role: RoleSet): readonly Destination[] {
  return remembered(`${roleKey(role)}\u0000cards`, () => destinationsFor(role).filter((destination) => destination.card));
}

export interface MenuEntry {
  id: string;
  path: string;
  label: string;
}

/**
 * The header menu: home, one's consent, staff and admin pages where they hold something for this role, the account
 * pages, and the captured-mail page for an admin while mail is captured (no SMTP server: app/domain/mail).
 */
export function menuFor(role: RoleSet, options: { mailCaptured: boolean }): readonly MenuEntry[] {
  return remembered(`${roleKey(role)}\u0000menu\u0000${options.mailCaptured}`, () => menuOf(role, options));
}

function menuOf(role: RoleSet, options: { mailCaptured: boolean }): MenuEntry[] {
  const entries: MenuEntry[] = [];
  const add = ({ id, path, menu }: { id: string; path: string; menu?: string }) => {
    if (menu) entries.push({ id, path, label: menu });
  };
  const own = destinationsFor(role);
  for (const destination of own.filter((entry) => entry.area === "own" || entry.id === "home")) add(destination);
  for (const hub of hubs) if (own.some((entry) => entry.area === hub.area)) add(hub);
  for (const destination of own.filter((entry) => entry.area === "account" && entry.id !== "home")) add(destination);
  if (options.mailCaptured && mailboxVisibleTo(role)) entries.push({ id: "mailbox", path: "/dev/mailbox", label: "common:nav.mailbox" });
  return entries;
}

/**
 * The pages anyone can open without signing in (issue 29): the header's menu for a signed-out visitor and the landing
 * page's list. tests/e2e/landing.spec.ts opens each one, signed out, from the header.
 */
export const publicMenu: readonly MenuEntry[] = [
  { id: "updates", path: "/updates", label: "common:nav.updates" },
  { id: "transparency", path: "/transparency", label: "common:nav.transparency" },
  { id: "register", path: "/register", label: "common:nav.register" },
  { id: "consultations", path: "/consultations", label: "common:nav.consultations" },
  { id: "ask", path: "/ask", label: "common:nav.ask" },
  { id: "briefings", path: "/briefings", label: "common:nav.briefings" },
];

/** Captured mail holds every participant's sign-in links: only an administrator is pointed to it. */
export function mailboxVisibleTo(role: RoleSet): boolean {
  return hasPermission(role, "users:manage");
}
