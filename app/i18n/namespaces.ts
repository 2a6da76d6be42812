/** Every namespace of the texts, in one list (the locale files are locales/<language>/<namespace>.json). */
export const namespaces = ["common", "auth", "account", "email", "errors", "enrolment", "journey", "dashboard", "forms", "verify", "documents", "jobs", "findings", "recontact", "family", "updates", "access", "register", "admin", "transparency", "data-use", "reports", "figures", "learning", "consultation-admin", "consultations", "landing", "results", "enquiries", "briefings", "surveys", "panel-calls", "panel-claims"] as const;
export type Namespace = (typeof namespaces)[number];
