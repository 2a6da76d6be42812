import type { Transaction } from "../../db.server";
import { generateSecureRandomString, sha256 } from "../security/secure-random.server";

/**
 * Remembers the browser a user signs in from (by the hash of a random cookie value). A sign-in from an
 * unknown browser, when the user has signed in before, earns them an e-mail: it is how people notice a
 * stolen password.
 */
export async function recognizeDevice(
  tx: Transaction,
  options: { userId: string; deviceToken?: string | null; userAgent: string | null; now: Date },
): Promise<{ deviceToken: string; shouldNotify: boolean }> {
  const presented = options.deviceToken && /^[a-z2-9]{24}$/.test(options.deviceToken) ? options.deviceToken : null;
  if (presented) {
    const { count } = await tx.knownDevice.updateMany({
      where: { userId: options.userId, tokenHash: sha256(presented) },
      data: { lastSeenAt: options.now, userAgent: options.userAgent?.slice(0, 512) ?? null },
    });
    if (count > 0) return { deviceToken: presented, shouldNotify: false };
  }
  const deviceToken = presented ?? generateSecureRandomString();
  const earlier = await tx.knownDevice.count({ where: { userId: options.userId } });
  await tx.knownDevice.create({
    data: {
      userId: options.userId,
      tokenHash: sha256(deviceToken),
      userAgent: options.userAgent?.slice(0, 512) ?? null,
      firstSeenAt: options.now,
      lastSeenAt: options.now,
    },
  });
  return { deviceToken, shouldNotify: earlier > 0 };
}
