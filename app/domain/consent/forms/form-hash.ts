import { createHash } from "node:crypto";
import { canonicalJson } from "../ledger/index.server";
import type { FormContent } from "@tsunagi/consent-rules/form-content";

/** The version's identity: SHA-256 of its RFC 8785 canonical content. Signatures bind to this value. */
export function formContentHash(content: FormContent): string {
  return createHash("sha256").update(canonicalJson(content), "utf8").digest("hex");
}

/** "1.10" comes after "1.9": versions compare as numbers, part by part. */
export function compareVersions(left: string, right: string): number {
  const [leftMajor = 0, leftMinor = 0] = left.split(".").map(Number);
  const [rightMajor = 0, rightMinor = 0] = right.split(".").map(Number);
  return leftMajor - rightMajor || leftMinor - rightMinor;
}
