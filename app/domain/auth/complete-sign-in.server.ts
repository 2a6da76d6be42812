import type { Transaction } from "../../db.server";
import { recordAuditEvent } from "../kernel/index.server";
import { isStaffRole, rolesOf, type Role } from "../authz";
import { createSession } from "../session/index.server";
import { previewDevice, recognizeDevice } from "./recognize-device.server";
import type { RequestContext } from "../kernel/index";

export interface SignedInUser {
  id: string;
  email: string;
  role: Role;
  additionalRoles?: readonly Role[];
  preferredLanguage: "ja" | "ja_easy" | "en";
  totpEnabledAt: Date | null;
}

export interface CompletedSignIn {
  sessionToken: string;
  deviceToken: string;
  /** Staff must still pass TOTP (or enrol it) before the session reaches anything else. */
  secondFactorRequired: boolean;
  notifyNewDevice: boolean;
}

/** The common end of every successful first factor: session, device, audit — one transaction. */
export async function completeSignIn(
  tx: Transaction,
  options: { user: SignedInUser; method: "password" | "email_link" | "passkey"; secondFactorSatisfied: boolean; request: RequestContext },
): Promise<CompletedSignIn> {
  const { user, request } = options;
  const now = request.now ?? new Date();
  const secondFactorRequired = isStaffRole(rolesOf(user)) && !options.secondFactorSatisfied;
  const { token } = await createSession(tx, {
    userId: user.id,
    role: rolesOf(user),
    secondFactorVerified: !secondFactorRequired,
    ipAddress: request.ipAddress,
    userAgent: request.userAgent,
    now,
  });
  const deviceOptions = { userId: user.id, deviceToken: request.deviceToken, userAgent: request.userAgent, now };
  const device = secondFactorRequired ? await previewDevice(tx, deviceOptions) : await recognizeDevice(tx, deviceOptions);
  await recordAuditEvent(
    tx,
    { type: "auth.sign_in", outcome: "success", detail: { method: options.method, secondFactorPending: secondFactorRequired } },
    { actorUserId: user.id, ipAddress: request.ipAddress, userAgent: request.userAgent },
  );
  return { sessionToken: token, deviceToken: device.deviceToken, secondFactorRequired, notifyNewDevice: device.shouldNotify };
}
