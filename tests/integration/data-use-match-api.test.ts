// POST /api/v1/data-use/match (issue 15 item 2; ADR 039) through the real app server: the matcher for tools, public,
// with no personal data in or out; bad input is a 4xx JSON error; the count per address is limited.
import { describe, expect, it } from "vitest";
import { dataUseMatchLimit } from "../../app/domain/access/answer-data-use-match.server";
import { useAppServer } from "../support/app-server";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

async function match(body: unknown, headers: Record<string, string> = { "Content-Type": "application/json" }) {
  const response = await fetch(`${app.origin}/api/v1/data-use/match`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: response.status, type: response.headers.get("Content-Type") ?? "", body: (await response.json()) as Record<string, unknown> };
}

const cancerData = { codes: ["DS"], diseases: ["DOID:162"], flags: [] };
const intestinalPurpose = { codes: ["DS"], diseases: ["DOID:10155"], commercial: false, flags: [] };

describe("POST /api/v1/data-use/match", () => {
  it("answers DUOS's disease example on the shipped hierarchy, with its reasons", async () => {
    const approved = await match({ dataUse: cancerData, purpose: intestinalPurpose });
    expect(approved.status).toBe(200);
    expect(approved.type).toMatch(/^application\/json/);
    expect(approved.body.result).toBe("approve");
    expect(approved.body.reasons).toContainEqual(expect.objectContaining({ code: "disease.within", subject: "DOID:10155" }));

    const denied = await match({ dataUse: { codes: ["DS"], diseases: ["DOID:10155"] }, purpose: { ...intestinalPurpose, diseases: ["DOID:162"] } });
    expect(denied.body).toMatchObject({ result: "deny" });
    // A participant's consent as duoTermsOf gives it (HMB, IRB): the committee checks the ethics approval.
    const participant = await match({ dataUse: { codes: ["DUO:0000006", "DUO:0000021"] }, purpose: { codes: ["HMB"], commercial: false } });
    expect(participant.body).toMatchObject({ result: "abstain" });
    const sensitive = await match({ dataUse: { codes: ["GRU"] }, purpose: { codes: ["HMB"], commercial: false, flags: ["gender:F"] } });
    expect(sensitive.body).toMatchObject({ result: "abstain" });
  });

  const bad: [string, unknown, Record<string, string>?, number?][] = [
    ["an empty body", ""],
    ["an empty object", {}],
    ["no purpose", { dataUse: cancerData }],
    ["commercial as a string", { dataUse: cancerData, purpose: { ...intestinalPurpose, commercial: "no" } }],
    ["a field not in the shape", { dataUse: cancerData, purpose: intestinalPurpose, user: "someone" }],
    ["a right-to-left override in a code", { dataUse: { codes: ["GRU\u202E"] }, purpose: intestinalPurpose }],
    ["a control character in a flag", { dataUse: cancerData, purpose: { ...intestinalPurpose, flags: ["other:\u0000"] } }],
    ["too many codes", { dataUse: { codes: Array.from({ length: 41 }, () => "GRU") }, purpose: intestinalPurpose }],
    ["text that is not JSON", "{dataUse:"],
    // Issue 27: a member given twice (JSON.parse would keep the second purpose).
    ["the purpose given twice", `{"dataUse":{"codes":["HMB"]},"purpose":{"codes":["HMB"],"commercial":false},"purpose":{"codes":["GRU"],"commercial":true}}`],
    ["a body sent as a form", "dataUse=GRU", { "Content-Type": "application/x-www-form-urlencoded" }, 415],
    // Past the API's 128 KiB (the edge refuses a megabyte before any route, as a page).
    ["an oversized body", { dataUse: cancerData, purpose: { ...intestinalPurpose, flags: ["other:" + "a".repeat(200_000)] } }, undefined, 413],
  ];
  for (const [what, body, headers, status = 400] of bad) {
    it(`answers ${what} with a ${status} JSON error`, async () => {
      const answer = await match(body, headers);
      expect(answer.status).toBe(status);
      expect(answer.type).toMatch(/^application\/json/);
      expect(typeof answer.body.error).toBe("string");
    });
  }

  it("names the field that was wrong", async () => {
    const answer = await match({ dataUse: cancerData, purpose: { ...intestinalPurpose, commercial: "no" } });
    expect(answer.body.issues).toEqual([expect.objectContaining({ path: ["purpose", "commercial"] })]);
  });

  it("limits the requests of one address, and says when to come back", async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= dataUseMatchLimit.points; i++) statuses.push((await match({ dataUse: { codes: ["GRU"] }, purpose: { codes: ["HMB"], commercial: false } })).status);
    // Earlier tests in this file spent some of the allowance; the last request is past it either way.
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(dataUseMatchLimit.points);
    const refused = await match({ dataUse: { codes: ["GRU"] }, purpose: { codes: ["HMB"], commercial: false } });
    expect(refused.body).toMatchObject({ error: "too_many_requests" });
    expect(refused.body.retryAfterSeconds).toBeGreaterThan(0);
  }, 60_000);
});

describe("GET /api/v1/openapi.json", () => {
  it("documents the matcher beside the findings intake: the request schema the server checks and every answer", async () => {
    const response = await fetch(`${app.origin}/api/v1/openapi.json`);
    const document = (await response.json()) as {
      paths: Record<string, { post: { responses: Record<string, unknown>; security?: unknown } }>;
      components: { schemas: Record<string, { required?: string[]; properties?: Record<string, { required?: string[]; additionalProperties?: boolean; properties?: Record<string, { enum?: string[] }> }>; additionalProperties?: boolean }> };
    };
    const operation = document.paths["/api/v1/data-use/match"]!.post;
    expect(operation.security).toBeUndefined();
    expect(Object.keys(operation.responses).sort()).toEqual(["200", "400", "413", "415", "429"]);
    const request = document.components.schemas.DataUseMatchRequest!;
    expect(request.required?.sort()).toEqual(["dataUse", "purpose"]);
    expect(request.additionalProperties).toBe(false);
    expect(request.properties?.purpose?.required).toContain("commercial");
    expect(document.components.schemas.DataUseMatch!.properties?.result).toMatchObject({ enum: ["approve", "deny", "abstain"] });
    expect(document.paths["/api/v1/findings"]).toBeDefined();
  });
});
