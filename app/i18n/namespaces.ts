/** Every namespace of the texts, in one list (the locale files are locales/<language>/<namespace>.json). */
export const namespaces = ["common", "auth", "account", "email", "errors", "enrolment", "journey", "dashboard", "forms", "verify", "documents", "jobs", "findings", "recontact", "family", "updates", "access", "register", "admin", "transparency", "data-use", "reports", "figures", "learning", "consultation-admin", "consultations", "landing", "results", "enquiries", "briefings", "surveys", "panel-calls", "panel-claims"] as const;
export type Namespace = (typeof namespaces)[number];

/**
 * What every page's texts hold in the browser (ADR 156): the shared words, the error page's among them. Each page's
 * route loads its other namespaces with its module — `errors` too, where its code names it: the refusals an action
 * answers with are worded on the server and reach the page as text (ADR 161).
 */
export const everyPageNamespaces = ["common"] as const satisfies readonly Namespace[];
