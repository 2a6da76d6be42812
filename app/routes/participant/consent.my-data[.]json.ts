import { personalDisclosureDownload } from "./+support/personal-disclosure-download.server";

/** Everything the platform holds about the participant, as JSON (ADR 047). */
export const loader = personalDisclosureDownload("json");
