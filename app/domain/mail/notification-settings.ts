import { z } from "zod";
import type { PushKind } from "./push-kinds";

/**
 * Told when it moves (issue 59 item 2; ADR 147): the kinds of news an account chooses how often to hear of by mail —
 * at once, in a weekly digest, or never — and which device prompt (ADR 110) rides with that mail. News about one's own
 * consent (a new version to sign, the care team wanting to talk, an answer to one's question) is not here: it always
 * goes, as the notice of record. The programme updates' digest keeps its own switch (ADR 038), on the updates page.
 */
export const notificationKinds = ["decision_changes", "consultation_reports"] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notificationFrequencies = ["at_once", "weekly", "never"] as const;
export type NotificationFrequency = (typeof notificationFrequencies)[number];

/** What an account hears before it chooses: at once, as the report notices always went. */
export const defaultNotificationFrequency: Record<NotificationKind, NotificationFrequency> = {
  decision_changes: "at_once",
  consultation_reports: "at_once",
};

/** The prompt a device may show when the mail of this kind goes (the device chooses whether it hears the kind). */
export const notificationPushKind: Record<NotificationKind, PushKind> = {
  decision_changes: "consultation",
  consultation_reports: "consultation",
};

export const NotificationSettingsSchema = z.object(
  Object.fromEntries(notificationKinds.map((kind) => [kind, z.enum(notificationFrequencies)])) as Record<NotificationKind, z.ZodEnum<{ [F in NotificationFrequency]: F }>>,
);
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

/** A week between digests, as the updates' digest (ADR 038). */
export const NOTIFICATION_DIGEST_INTERVAL_MS = 7 * 86_400_000;
