import { z } from "zod";
import { singleLineTextSchema } from "../../kernel/index";

// The browser's JSON forms of a WebAuthn credential (@simplewebauthn/browser output), bounded so a hostile
// request cannot make the server parse megabytes. The library verifies the content; zod checks the shape.
const base64url = (max: number) => z.string().regex(/^[A-Za-z0-9_-]+$/).max(max);

export const ChallengeIdSchema = z.string().regex(/^[a-z2-9]{24}$/);

// A passkey's name comes in a JSON body, which (unlike a form post) can carry half of a surrogate pair or a control
// that reorders text; it is shown back on the account page, so it follows the same text rules as a form field.
export const PasskeyNameSchema = singleLineTextSchema(60);

// Only credProps is read (by nobody yet); other extension outputs are dropped rather than trusted.
const ClientExtensionResultsSchema = z.object({ credProps: z.object({ rk: z.boolean().optional() }).optional() });

// The fields every WebAuthn credential response carries, whatever the ceremony.
const CredentialResponseBaseSchema = z.object({
  id: base64url(1024),
  rawId: base64url(1024),
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: ClientExtensionResultsSchema,
});

export const RegistrationResponseSchema = CredentialResponseBaseSchema.extend({
  response: z.object({
    clientDataJSON: base64url(8192),
    attestationObject: base64url(65536),
    authenticatorData: base64url(65536).optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(8192).optional(),
  }),
});

export const AuthenticationResponseSchema = CredentialResponseBaseSchema.extend({
  response: z.object({
    clientDataJSON: base64url(8192),
    authenticatorData: base64url(65536),
    signature: base64url(8192),
    userHandle: base64url(256).optional(),
  }),
});

export type AuthenticationResponseInput = z.infer<typeof AuthenticationResponseSchema>;
