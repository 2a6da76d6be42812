import { z } from "zod";
import { recipients } from "@tsunagi/consent-rules/choice-catalogue";
import { SAMPLE_CODE_PATTERN } from "@tsunagi/consent-rules/consent-change-message";
import { releaseApprovalDenials } from "@tsunagi/consent-rules/decide-release-approval";
import { bridgeDecisionReasons, PURPOSE_ID_PATTERN } from "../decisions/decision-request";
import { MAX_PUBLIC_DATABASE_AFTER_MONTHS, MAX_PUBLICATION_MORATORIUM_MONTHS } from "./dataset-clocks";
import { firstDuplicateIndex } from "./first-duplicate";
import { sampleListFacts } from "./sample-list-facts";

/** A national cohort's samples in one release (issue 30 item 6; ADR 072). */
export const MAX_RELEASE_SAMPLES = 1_000_000;
/** 1,000,000 sample codes of up to 64 characters, quoted and separated, with room for the other members. */
export const RELEASE_BODY_LIMIT_BYTES = 66 * 1024 * 1024;

/** Lower case, digits and `-` `_` `.` inside: safe in a URL path, a file name and a log line as it is. */
export const DATASET_ID_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
export const DatasetIdSchema = z.string().regex(DATASET_ID_PATTERN, "a dataset id: lower-case letters, digits, and - _ . inside (up to 64)");

/** Release ids are the UUIDs the bridge issues. */
export const RELEASE_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const EARLIEST_CLOCK_START = Date.UTC(1990, 0, 1);
const LATEST_CLOCK_START = Date.UTC(2200, 0, 1);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const DatasetRequestSchema = z.strictObject({
  title: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((title) => ![...title].some((character) => character < " " || character === "\u007f"), "the title must not contain control characters")
    // An unpaired surrogate would be stored as U+FFFD in text and refused by jsonb in the manifest.
    .refine((title) => !LONE_SURROGATE.test(title), "the title must be well-formed Unicode"),
  clockStartsAt: z.iso
    .datetime({ offset: true })
    .refine((value) => {
      const at = Date.parse(value);
      return at >= EARLIEST_CLOCK_START && at < LATEST_CLOCK_START;
    }, "a date-time between 1990 and 2200")
    .meta({ description: "The starting point of the clocks, e.g. when about 100 cases of the cancer type were registered" }),
  publicationMoratoriumMonths: z
    .int()
    .min(0)
    .max(MAX_PUBLICATION_MORATORIUM_MONTHS)
    .nullish()
    .meta({ description: "Industry publication moratorium in calendar months from the starting point (24–36 by the rules, less where the data producers agree); absent: none" }),
  publicDatabaseAfterMonths: z
    .int()
    .min(0)
    .max(MAX_PUBLIC_DATABASE_AFTER_MONTHS)
    .nullish()
    .meta({ description: "Calendar months from the starting point until data may move to a public database (24–30 by the rules); absent: never" }),
});
export type DatasetRequest = z.infer<typeof DatasetRequestSchema>;

export const DatasetSchema = z.object({
  id: z.string(),
  title: z.string(),
  clockStartsAt: z.string(),
  publicationMoratoriumUntil: z.string().nullable(),
  publicDatabaseFrom: z.string().nullable(),
  updatedAt: z.string(),
});
export type DatasetView = z.infer<typeof DatasetSchema>;

export const ReleaseRequestSchema = z.strictObject({
  dataset: DatasetIdSchema,
  // The pattern in one pass, uniqueness by the size of a Set built from the array in one call (a schema per element
  // costs more than the release's consent checks, and has+add per code twice what the Set's constructor does: ~0.5 s
  // at 1,000,000 codes); only a list that does hold a duplicate is walked again to name the first one.
  samples: z
    .array(z.string())
    .min(1)
    .max(MAX_RELEASE_SAMPLES)
    .superRefine((samples, context) => {
      for (let index = 0; index < samples.length; index++) {
        if (!SAMPLE_CODE_PATTERN.test(samples[index]!)) {
          context.addIssue({ code: "custom", path: [index], message: "not a sample code" });
          return;
        }
      }
      if (new Set(samples).size === samples.length) return;
      const seen = new Set<string>();
      for (let index = 0; index < samples.length; index++) {
        const code = samples[index]!;
        if (seen.has(code)) {
          context.addIssue({ code: "custom", path: [index], message: `sample ${code} is listed twice` });
          return;
        }
        seen.add(code);
      }
    })
    .meta({ description: "Sample codes, each once", uniqueItems: true, items: { type: "string", pattern: SAMPLE_CODE_PATTERN.source } }),
  recipient: z.enum(recipients),
  purpose: z.string().regex(PURPOSE_ID_PATTERN, "a DUO id such as DUO:0000006, or TSUNAGI:0000001").meta({ description: "A DUO data-use permission id, or a purpose the programme defines (TSUNAGI:0000001: provision to a certified producer under the 2024 law)" }),
  approval: z
    .uuid()
    .optional()
    .meta({ description: "The data-access approval the release is made under (its id). Required for every recipient but `public` (ADR 041)" }),
  recipientInstitution: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((name) => ![...name].some((character) => character < " " || character === "\u007f"), "the institution must not contain control characters")
    .refine((name) => !LONE_SURROGATE.test(name), "the institution must be well-formed Unicode")
    .optional()
    .meta({ description: "The receiving institution; when given it must be the approval's (compared NFKC, case and spaces folded)" }),
});
export type ReleaseRequest = z.infer<typeof ReleaseRequestSchema>;

/**
 * Whether a value is a list ReleaseRequestSchema takes as `samples` as it is: an array of 1–MAX_RELEASE_SAMPLES
 * strings, each a sample code, none twice. One pass for the pattern and one for uniqueness (first-duplicate.ts),
 * nothing copied.
 */
function isAcceptedSampleList(value: unknown): value is string[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_RELEASE_SAMPLES) return false;
  // Made by the body's scan: its strings were checked against the pattern and hashed as they were made.
  const facts = sampleListFacts(value as string[]);
  if (facts) return facts.allSampleCodes && firstDuplicateIndex(value as string[], undefined, facts.hashes) === -1;
  for (let index = 0; index < value.length; index++) {
    const code: unknown = value[index];
    if (typeof code !== "string" || !SAMPLE_CODE_PATTERN.test(code)) return false;
  }
  return firstDuplicateIndex(value as string[]) === -1;
}

/** ReleaseRequestSchema with `samples` checked by isAcceptedSampleList: every other member exactly as there. */
const AcceptedReleaseRequestSchema = ReleaseRequestSchema.extend({ samples: z.custom<string[]>(isAcceptedSampleList) });

/**
 * A release request checked as ReleaseRequestSchema checks it, without its cost on a million samples (zod's array
 * pass copies the list and checks each element through a schema: ~0.1 s and a million-slot array of garbage, and
 * its uniqueness Set ~0.35 s). A request it accepts is accepted by ReleaseRequestSchema with the same data (its
 * samples the same array rather than a copy); anything else is handed to ReleaseRequestSchema itself, so every
 * refusal — its issues, their paths and messages — is the schema's own (release-schemas.test.ts compares them).
 */
export function parseReleaseRequest(value: unknown): ReturnType<typeof ReleaseRequestSchema.safeParse> {
  const accepted = AcceptedReleaseRequestSchema.safeParse(value);
  if (accepted.success) return accepted;
  return ReleaseRequestSchema.safeParse(value);
}

/** Why a sample was left out of a release: a decision's reason, or the public-database embargo. */
export const releaseExclusionReasons = [...bridgeDecisionReasons.filter((reason) => reason !== "consented"), "embargo_public_database", ...releaseApprovalDenials] as const;
export type ReleaseExclusionReason = (typeof releaseExclusionReasons)[number];

const excludedCounts = z.partialRecord(z.enum(releaseExclusionReasons), z.int().min(1)).meta({ description: "Samples left out, counted by reason (reasons with none are absent)" });

export const ManifestDatasetSchema = z.object({
  id: z.string(),
  title: z.string(),
  clockStartsAt: z.string(),
  publicationMoratoriumUntil: z.string().nullable(),
  publicDatabaseFrom: z.string().nullable(),
});

export const ManifestApprovalSchema = z.object({
  id: z.uuid(),
  version: z.int(),
  applicationReference: z.string(),
  recipientInstitution: z.string(),
  recipientCountry: z.string(),
  endsAt: z.string().meta({ description: "The approval ends then: nothing may be shipped under it after" }),
});
export type ManifestApproval = z.infer<typeof ManifestApprovalSchema>;

/** A release refused on account of its approval (403): signed like every answer, and logged. */
export const ReleaseDenialSchema = z.object({
  error: z.literal("release_denied"),
  reason: z.enum(releaseApprovalDenials),
  requestId: z.uuid(),
  evaluatedAt: z.string(),
  dataset: z.string(),
  recipient: z.enum(recipients),
  purpose: z.string(),
  approval: z.string().nullable().meta({ description: "The approval id the release named (null when none)" }),
  approvalVersion: z.int().nullable().meta({ description: "The version of the approval the bridge held (null when it held none)" }),
  jws: z.string().meta({ description: "Compact ES256 JWS over the body without `jws`" }),
});
export type ReleaseDenial = Omit<z.infer<typeof ReleaseDenialSchema>, "jws">;

export const ReleaseManifestSchema = z.object({
  releaseId: z.uuid(),
  dataset: ManifestDatasetSchema,
  recipient: z.enum(recipients),
  purpose: z.string(),
  createdAt: z.string(),
  requestedCount: z.int(),
  includedCount: z.int(),
  included: z.array(z.string()).meta({ description: "The samples released, in request order" }),
  excludedCounts,
  terms: z.object({
    publicationNotBefore: z.string().nullable().meta({ description: "Industry: results may not be published before this (the publication moratorium); otherwise null" }),
  }),
  approval: ManifestApprovalSchema.nullable().meta({ description: "The data-access approval the release was made under, as the bridge held it; null for a public release that named none" }),
  jws: z.string().meta({ description: "Compact ES256 JWS over the manifest without `jws`" }),
});
export type ReleaseManifest = Omit<z.infer<typeof ReleaseManifestSchema>, "jws">;

export const ReleaseRecheckSchema = z.object({
  releaseId: z.uuid(),
  evaluatedAt: z.string(),
  stillIncludedCount: z.int(),
  excludedSinceCounts: excludedCounts,
  excludedSince: z.array(z.string()).meta({ description: "Included samples that may no longer be released (for the release tooling, not the recipient)" }),
  jws: z.string().meta({ description: "Compact ES256 JWS over the re-check without `jws`" }),
});
export type ReleaseRecheck = Omit<z.infer<typeof ReleaseRecheckSchema>, "jws">;

export const StoredReleaseSchema = ReleaseManifestSchema.extend({
  recheck: ReleaseRecheckSchema.meta({ description: "Signed on its own: verify it with its own `jws`" }),
}).meta({ description: "The stored manifest with its original `jws` (verify the body without `jws` and `recheck`), and a fresh re-check" });

/** The detached form's bodies (ADR 160): the payload alone, its bytes exactly as signed; the signature is in `Tsunagi-Jws`. */
export const DetachedReleaseManifestSchema = ReleaseManifestSchema.omit({ jws: true }).meta({
  description: "The manifest exactly as signed: the whole body is the JWS payload (RFC 7797, unencoded); its signature is the `Tsunagi-Jws` header",
});
export const DetachedReleaseRecheckSchema = ReleaseRecheckSchema.omit({ jws: true }).meta({
  description: "The re-check exactly as signed: the whole body is the JWS payload (RFC 7797, unencoded); its signature is the `Tsunagi-Jws` header",
});
