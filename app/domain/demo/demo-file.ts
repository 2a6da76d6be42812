import { z } from "zod";
import { roles } from "../authz/roles";

/**
 * `.data/demo.json`: how anyone drives the demo. Later issues add fields (participants, samples, bridge
 * tokens); existing fields keep their meaning. Documented in README.md ("The demo file").
 */
export const DemoAccountSchema = z.object({
  role: z.enum(roles),
  email: z.email(),
  displayName: z.string(),
  password: z.string(),
  /** Base32 TOTP key, as an authenticator app takes it; staff roles only. */
  totpSecret: z.string().optional(),
});

export const DemoFileSchema = z.object({
  version: z.literal(1),
  appUrl: z.url(),
  bridgeUrl: z.url(),
  accounts: z.array(DemoAccountSchema),
});

export type DemoAccount = z.infer<typeof DemoAccountSchema>;
export type DemoFile = z.infer<typeof DemoFileSchema>;
