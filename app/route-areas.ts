/**
 * The pages by whom they are for (issue 31 item 5): each folder of app/routes is one area, its files named by Remix's
 * flat-route convention with the whole address (`staff/staff.participants.$id.tsx` answers /staff/participants/:id),
 * so the folder says who a page is for and the file name still says where it is. A route's id is its path under
 * app/ (`routes/staff/staff.jobs`). `routeAreas` is tested against the folders (route-areas.test.ts): a new folder must be named here.
 */
export const routeAreas = [
  // Anyone: the landing page, transparency, updates, the register, consultations open to all, public records
  "public",
  // Signing in and out, second factors, passkeys, the language switch
  "auth",
  // Every signed-in person's own account
  "account",
  // Participants (and proxies): consent, its journey, home, a recontact answer
  "participant",
  // Family members following a participant
  "family",
  // Participant-panel members: learning, reviews, meetings
  "panel",
  // Researchers applying for data access
  "applicant",
  // The data access committee and its secretariat
  "committee",
  // Programme staff: participants, findings, forms, recontact, updates, reports, consultations
  "staff",
  // Administrators: accounts, tokens, the audit log
  "admin",
  // Other systems: FHIR, the public API, key sets
  "api",
] as const;
