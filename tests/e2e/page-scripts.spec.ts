// ADR 085: a page that does nothing in the browser beyond its links, plain forms and <details> is sent without the
// app's scripts — no module scripts to fetch, no second copy of its data for hydration — and still has the header
// menu's own small script (Escape closes it; header.spec.ts presses it on /home). A page with client behaviour keeps
// them. Read as served, without a browser (the HTML says it); that these pages work without JavaScript is what
// no-javascript.spec.ts, home-waiting.spec.ts and the family and updates specs show in one.
import { createFamilyAccess } from "../factories/family-factory";
import { consentedParticipant } from "./dashboard-fixtures";
import { createUser, signedInCookie } from "./support/accounts";
import { expect, test } from "./fixtures";
import { menuEscapeScript } from "../../app/components/site-header";

const appScripts = /<script[^>]*type="module"|rel="modulepreload"|window\.__remixContext/;

test("[participant, family, coordinator] pages that need no JavaScript come without the app's scripts; others keep them", async ({ request }) => {
  const participant = await consentedParticipant({ language: "ja" });
  const follower = await createUser({ role: "family" });
  await createFamilyAccess({ participantId: participant.id, invitedById: participant.user!.id, familyUser: follower, scope: "updates_and_summary" });
  const coordinator = await createUser({ role: "coordinator", withTotp: true });
  const readers = [
    { user: participant.user!, without: ["/home", "/consent", "/consent/history"], with: ["/account", "/consent/withdraw"] },
    { user: follower, without: ["/family", "/updates"], with: ["/account"] },
    { user: coordinator, without: ["/staff/participants"], with: ["/staff/participants/new"] },
  ];
  for (const reader of readers) {
    const { cookie } = await signedInCookie(reader.user);
    const get = (path: string) => request.get(path, { headers: { Cookie: cookie }, maxRedirects: 0 });
    for (const path of reader.without) {
      const response = await get(path);
      expect(response.status(), path).toBe(200);
      const html = await response.text();
      expect(html, path).toMatch(/<h1[^>]*>/);
      expect(html, path).not.toMatch(appScripts);
      expect(html, path).toContain(menuEscapeScript);
    }
    for (const path of reader.with) {
      const response = await get(path);
      expect(response.status(), path).toBe(200);
      expect(await response.text(), path).toMatch(appScripts);
    }
  }
});
