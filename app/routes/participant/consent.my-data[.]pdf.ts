import { personalDisclosureDownload } from "./+support/personal-disclosure-download.server";

/** Everything the platform holds about the participant, as a PDF in the reader's language (ADR 047). */
export const loader = personalDisclosureDownload("pdf");
