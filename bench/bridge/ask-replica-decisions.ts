/**
 * Asking a replica what it holds, for the capacity benchmarks' checks: a signed batch of `analyze` decisions about
 * participants, compared with what was published for them. A replica that answers from another version, or denies a
 * consenting participant, fails the benchmark: its figures would be of the wrong thing.
 */
import { askDecisions } from "./ask-decisions";
import type { PublishedStream } from "./publish-consent-stream";
import { pseudonymOf } from "./synthetic-projection";

/**
 * Asks about every `step`-th participant (from `offset`), the first, the last and the one whose message was published
 * last; throws unless each answer rests on the version and event id published last for that participant, consenting
 * participants are allowed and withdrawn ones denied. Returns how many were asked.
 */
export async function verifyReplicaHolds(url: string, gateToken: string, stream: PublishedStream, options: { step?: number; offset?: number } = {}): Promise<number> {
  const step = options.step ?? Math.max(1, Math.floor(stream.participants / 1_000));
  const indices = new Set<number>([0, stream.participants - 1, stream.lastParticipant]);
  for (let index = (options.offset ?? 0) % step; index < stream.participants; index += step) indices.add(index);
  const asked = [...indices];
  const decisions = await askDecisions(
    url,
    gateToken,
    asked.map((index) => ({ subject: pseudonymOf(index), action: "analyze", purpose: "DUO:0000006" })),
  );
  const wrong: string[] = [];
  decisions.forEach((decision, position) => {
    const index = asked[position]!;
    const published = stream.latest[index]!;
    if (decision.stateVersion !== published.version || decision.eventId !== published.eventId) {
      wrong.push(`${decision.subject}: version ${decision.stateVersion} event ${decision.eventId} (${decision.reason}); published version ${published.version} event ${published.eventId}`);
    } else if (published.kind === "consented" && !decision.allowed) wrong.push(`${decision.subject} (consenting) denied: ${decision.reason}`);
    else if (published.kind === "withdrawn" && (decision.allowed || decision.reason !== "withdrawn_no_further_use")) wrong.push(`${decision.subject} (withdrawn) answered ${decision.reason}`);
  });
  if (wrong.length > 0) throw new Error(`${url} does not hold what was published for ${wrong.length} of ${asked.length} participants asked:\n  ${wrong.slice(0, 10).join("\n  ")}`);
  return asked.length;
}
