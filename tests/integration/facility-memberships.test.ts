// Assigning staff to facilities at /admin/users (issue 10, ADR 015): admins set the facilities of coordinators and
// counsellors; each membership added or removed is an audit row; bad input changes nothing.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { translator } from "../../app/i18n/i18n";
import { setFacilityMemberships } from "../../app/domain/facilities/set-facility-memberships.server";
import * as adminUsers from "../../app/routes/admin/admin.users";
import * as record from "../../app/routes/staff/staff.participants.$id._index";
import { createFacility } from "../factories/facility-factory";
import { createParticipant } from "../factories/participant-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";

useTestDatabase();

type Handler = (args: { request: Request; context: typeof loadContext; params: Record<string, string> }) => Promise<unknown>;
const run = (handler: Handler, request: Request, params: Record<string, string> = {}) => settle(() => handler({ request, context: loadContext, params }));

describe("assigning staff to facilities at /admin/users", () => {
  it("an admin sets a coordinator's facilities; each membership added or removed is one audit row, and reach follows at once", async () => {
    const [facilityA, facilityB] = [await createFacility(), await createFacility()];
    const atB = await createParticipant({ facility: facilityB });
    const admin = await createUser({ role: "admin", withTotp: true });
    const cookie = await cookieFor(admin);
    const coordinator = await createUser({ role: "coordinator", facilities: [] });
    const save = (facilityIds: string[], userId = coordinator.id) =>
      run(adminUsers.action, formPost("/admin/users", { intent: "facilities", userId, facilityId: facilityIds }, cookie));

    const coordinatorCookie = await cookieFor(coordinator);
    const reach = async () => (await run(record.loader, pageGet(`/staff/participants/${atB.id}`, coordinatorCookie), { id: atB.id })).status;
    expect(await reach()).toBe(404);
    const saved = await save([facilityA.id, facilityB.id]);
    expect(await reach()).toBe(200);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/admin/users?facilitiesSaved=${coordinator.id}#user-${coordinator.id}`);
    expect((await save([facilityB.id])).status).toBe(302);
    expect((await save([facilityB.id])).status).toBe(302);
    const held = await getDatabase().facilityMembership.findMany({ where: { userId: coordinator.id } });
    expect(held.map((membership) => [membership.facilityId, membership.createdById])).toEqual([[facilityB.id, admin.id]]);
    const audits = await getDatabase().auditEvent.findMany({ where: { type: "facility.membership_changed", subjectUserId: coordinator.id }, orderBy: { id: "asc" } });
    expect(audits.map((row) => [row.actorUserId, row.detail])).toEqual([
      [admin.id, { facilityId: facilityA.id, facilityCode: facilityA.code, change: "added" }],
      [admin.id, { facilityId: facilityB.id, facilityCode: facilityB.code, change: "added" }],
      [admin.id, { facilityId: facilityA.id, facilityCode: facilityA.code, change: "removed" }],
    ]);

    const page = (await (await run(adminUsers.loader, pageGet("/admin/users", cookie))).json()) as { users: { id: string; facilityIds: string[] }[]; facilities: { id: string }[] };
    expect(page.users.find((user) => user.id === coordinator.id)!.facilityIds).toEqual([facilityB.id]);
    expect(page.facilities.map((facility) => facility.id)).toEqual(expect.arrayContaining([facilityA.id, facilityB.id]));
  });

  it("refuses an unknown facility, a role without facilities and a missing account with a translated error, changing nothing; other roles cannot post at all", async () => {
    const [facilityA, facilityB] = [await createFacility(), await createFacility()];
    const admin = await createUser({ role: "admin" });
    const cookie = await cookieFor(admin);
    const coordinator = await createUser({ role: "coordinator", facilities: [facilityA] });
    const elsi = await createUser({ role: "elsi_staff" });
    const audited = () => getDatabase().auditEvent.count({ where: { type: "facility.membership_changed" } });
    const before = [await audited(), await getDatabase().facilityMembership.count()];
    for (const [userId, facilityIds] of [
      [coordinator.id, [randomUUID()]],
      [coordinator.id, ["not-a-uuid"]],
      [coordinator.id, [facilityB.id, facilityB.id]],
      [elsi.id, [facilityA.id]],
      ["not-a-uuid", [facilityA.id]],
    ] as const) {
      const refused = await run(adminUsers.action, formPost("/admin/users", { intent: "facilities", userId, facilityId: [...facilityIds] }, cookie));
      expect(refused.status).toBe(400);
      expect(replyErrors(await refused.json())).toEqual([translator("ja", "account")("admin.users.facilitiesInvalid")]);
    }
    // An account the row's form sent that is gone: the same words on the page, with the 404 status (ADR 131).
    const gone = await run(adminUsers.action, formPost("/admin/users", { intent: "facilities", userId: randomUUID(), facilityId: facilityA.id }, cookie));
    expect(gone.status).toBe(404);
    expect(replyErrors(await gone.json())).toEqual([translator("ja", "account")("admin.users.facilitiesInvalid")]);
    expect([await audited(), await getDatabase().facilityMembership.count()]).toEqual(before);

    const coordinatorCookie = await cookieFor(coordinator);
    const forbidden = await run(adminUsers.action, formPost("/admin/users", { intent: "facilities", userId: coordinator.id, facilityId: [facilityA.id, facilityB.id] }, coordinatorCookie));
    expect(forbidden.status).toBe(403);
    expect((await getDatabase().facilityMembership.findMany({ where: { userId: coordinator.id } })).map((row) => row.facilityId)).toEqual([facilityA.id]);
  });
});

describe("two admins saving one account's facilities at once", () => {
  it("are applied one after the other: the account ends with one of the sets they chose, and the audit rows add up to it", async () => {
    const facilities = [await createFacility(), await createFacility(), await createFacility()];
    const [first, second] = [await createUser({ role: "admin" }), await createUser({ role: "admin" })];
    for (let round = 0; round < 5; round++) {
      const coordinator = await createUser({ role: "coordinator", facilities: [facilities[0]!] });
      const sets = [[facilities[1]!.id], [facilities[2]!.id]];
      await Promise.all([
        setFacilityMemberships({ actorUserId: first.id, input: { userId: coordinator.id, facilityIds: sets[0] }, request: requestFrom() }),
        setFacilityMemberships({ actorUserId: second.id, input: { userId: coordinator.id, facilityIds: sets[1] }, request: requestFrom() }),
      ]);
      const held = (await getDatabase().facilityMembership.findMany({ where: { userId: coordinator.id } })).map((row) => row.facilityId);
      expect(sets).toContainEqual(held);
      // Replaying the audit rows from the starting set gives what the account holds.
      const audits = await getDatabase().auditEvent.findMany({ where: { type: "facility.membership_changed", subjectUserId: coordinator.id }, orderBy: { id: "asc" } });
      const replayed = new Set([facilities[0]!.id]);
      for (const { detail } of audits) {
        const change = detail as { facilityId: string; change: "added" | "removed" };
        if (change.change === "added") replayed.add(change.facilityId);
        else replayed.delete(change.facilityId);
      }
      expect([...replayed]).toEqual(held);
    }
  });
});
