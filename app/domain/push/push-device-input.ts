import { z } from "zod";
import { pushKinds } from "../mail";

const base64url = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/)
    .refine((value) => Buffer.from(value, "base64url").length === bytes);

/**
 * A subscription as the browser's PushManager gives it (its JSON: endpoint and keys), the kinds chosen and the page's
 * language. The keys are checked for their sizes (RFC 8291: a P-256 point of 65 bytes, an auth secret of 16): a
 * subscription that could not be encrypted to is refused when it is made, not when the first prompt fails.
 */
export const SubscribeDeviceSchema = z.object({
  endpoint: z.string().url().max(2048),
  p256dh: base64url(65).refine((value) => Buffer.from(value, "base64url")[0] === 0x04),
  auth: base64url(16),
  kinds: z.array(z.enum(pushKinds)).max(pushKinds.length).default([...pushKinds]),
});
export type SubscribeDeviceInput = z.infer<typeof SubscribeDeviceSchema>;

/** The kinds a device hears (none at all is allowed: the device stays, silent, until its holder picks some again). */
export const DeviceKindsSchema = z.object({
  subscriptionId: z.uuid(),
  kinds: z.array(z.enum(pushKinds)).max(pushKinds.length).default([]),
});

/** How many devices one account may have notifications on. */
export const maxDevicesPerAccount = 10;
