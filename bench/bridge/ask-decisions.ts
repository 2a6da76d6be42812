/**
 * Asking a bridge for decisions, as the benches do: the propagation benches' observer every few milliseconds (which
 * of the changes in flight it denies), the capacity benches' checks of what a replica holds. Through node:http on a
 * kept-alive connection rather than fetch: undici's fetch cost the observing process about 1 ms of CPU a question,
 * on the same two cores as the system it measures. The question and the answer are the same either way.
 */
import http from "node:http";

export interface Decision {
  subject: string;
  allowed: boolean;
  reason: string;
  stateVersion: number | null;
  eventId: string | null;
}

const agent = new http.Agent({ keepAlive: true });

/**
 * POSTs `requests` to the bridge's decisions endpoint (one alone as a single question, several as a batch) and returns
 * the decisions, in order, after checking the answer is signed (a compact JWS).
 */
export function askDecisions(bridgeUrl: string, gateToken: string, requests: readonly Record<string, string>[]): Promise<Decision[]> {
  const body = JSON.stringify(requests.length === 1 ? requests[0] : { requests });
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${bridgeUrl}/v1/decisions`,
      { method: "POST", agent, headers: { Authorization: `Bearer ${gateToken}`, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            const answer = JSON.parse(text) as { decisions?: Decision[]; jws?: string };
            if (response.statusCode !== 200 || !answer.decisions) throw new Error(`${bridgeUrl} answered ${response.statusCode}: ${text.slice(0, 300)}`);
            if (typeof answer.jws !== "string" || answer.jws.split(".").length !== 3) throw new Error(`${bridgeUrl} answered without a compact JWS`);
            resolve(answer.decisions);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
