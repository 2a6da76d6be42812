import type { Transaction } from "../../db.server";
import { generateSecureRandomString, sha256 } from "@tsunagi/service-kit/secure-random.server";

const deviceTokenPattern = /^[a-z2-9]{24}$/;

interface DeviceOptions {
  userId: string;
  deviceToken?: string | null;
  userAgent: string | null;
  now: Date;
}

/**
 * Remembers the browser a user signs in from (by the hash of a random cookie value). A sign-in from an
 * unknown browser, when the user has signed in before, earns them an e-mail: it is how people notice a
 * stolen password. A remembered browser is also exempt from the limits strangers can run up (ADR 013), so it
 * is remembered only once the whole sign-in has passed, second factor included.
 */
export async function recognizeDevice(tx: Transaction, options: DeviceOptions): Promise<{ deviceToken: string; shouldNotify: boolean }> {
  const presented = options.deviceToken && deviceTokenPattern.test(options.deviceToken) ? options.deviceToken : null;
  if (presented) {
    const { count } = await tx.knownDevice.updateMany({
      where: { userId: options.userId, tokenHash: sha256(presented) },
      data: { lastSeenAt: options.now, userAgent: options.userAgent?.slice(0, 512) ?? null },
    });
    if (count > 0) return { deviceToken: presented, shouldNotify: false };
  }
  const deviceToken = presented ?? generateSecureRandomString();
  const earlier = await tx.knownDevice.count({ where: { userId: options.userId } });
  // Two sign-ins finishing at once from one new browser would both insert it; the second keeps the first's row.
  await tx.knownDevice.createMany({
    data: [{ userId: options.userId, tokenHash: sha256(deviceToken), userAgent: options.userAgent?.slice(0, 512) ?? null, firstSeenAt: options.now, lastSeenAt: options.now }],
    skipDuplicates: true,
  });
  return { deviceToken, shouldNotify: earlier > 0 };
}

/**
 * The same answer as recognizeDevice without remembering anything: for a staff password that still awaits its
 * second factor. The owner still hears of a new browser at once; the browser is remembered after the factor.
 */
export async function previewDevice(tx: Transaction, options: DeviceOptions): Promise<{ deviceToken: string; shouldNotify: boolean }> {
  const presented = options.deviceToken && deviceTokenPattern.test(options.deviceToken) ? options.deviceToken : null;
  if (presented) {
    const known = await tx.knownDevice.findUnique({ where: { userId_tokenHash: { userId: options.userId, tokenHash: sha256(presented) } }, select: { id: true } });
    if (known) return { deviceToken: presented, shouldNotify: false };
  }
  const earlier = await tx.knownDevice.count({ where: { userId: options.userId } });
  return { deviceToken: presented ?? generateSecureRandomString(), shouldNotify: earlier > 0 };
}
