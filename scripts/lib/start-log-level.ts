/**
 * `npm start` is what a newcomer runs first: its terminal shows the URLs, the sign-ins and where things are, then
 * only what needs a look. Unless LOG_LEVEL or LOG_FILE is set, its services log at warn (issue 29): a line per request, the
 * relay's deliveries and the like (info) are a `LOG_LEVEL=info npm start` away. Imported first by scripts/start.ts,
 * before any module makes a logger; the app's workers inherit it with the environment.
 */
// Logs written to a file (LOG_FILE: the browser tests' servers, whose request lines the log-privacy check reads)
// flood no terminal, so they keep info.
process.env.LOG_LEVEL ??= process.env.LOG_FILE ? "info" : "warn";

export const startLogLevel = process.env.LOG_LEVEL;
