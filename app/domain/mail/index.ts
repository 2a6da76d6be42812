/**
 * The mail concept's public entry: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export type { ContactCheck, ContactCheckVerdict, ContactGuard } from "./contact-check";
export { isPushKind, pushKinds, pushPaths } from "./push-kinds";
export type { PushKind } from "./push-kinds";
export { defaultNotificationFrequency, notificationFrequencies, notificationKinds, notificationPushKind, NotificationSettingsSchema } from "./notification-settings";
export type { NotificationFrequency, NotificationKind, NotificationSettings } from "./notification-settings";
