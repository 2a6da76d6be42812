/** Every namespace of the texts, in one list (the locale files are locales/<language>/<namespace>.json). */
export const namespaces = ["common", "auth", "account", "email", "errors", "enrolment", "journey", "dashboard", "forms", "verify", "documents", "jobs", "findings", "recontact", "family", "updates", "access", "register", "admin", "transparency", "data-use", "reports", "figures", "learning", "consultation-admin", "consultations", "landing", "results", "enquiries", "briefings", "surveys", "panel-calls", "panel-claims"] as const;
export type Namespace = (typeof namespaces)[number];

/**
 * What every page's texts hold in the browser (ADR 156): the shared words, and the refusals an action answers with (their
 * keys come from the server). Each page's route loads its other namespaces with its module.
 */
export const everyPageNamespaces = ["common", "errors"] as const satisfies readonly Namespace[];
