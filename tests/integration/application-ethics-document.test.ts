// Issue 27 item 7: the applicant attaches the ethics approval document as a PDF, judged by its bytes, replaced on
// re-upload while the application can be edited, and given to the committee as a download. Through the routes as a
// browser posts them — in process for the form's answers, and over real HTTP against the app server for what the
// request edge decides (the larger body limit for this route only, a body past it refused as it arrives, broken
// multipart) and for the committee's page and the download's headers. The authorization matrix has the rows.
import { createHash, randomBytes } from "node:crypto";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { declareConflict } from "../../app/domain/access/committee/declare-conflict.server";
import { endMembership, loadCommittee, seatMember } from "../../app/domain/access/committee/manage-committee.server";
import { saveApplicationDraft } from "../../app/domain/access/applications/save-application-draft.server";
import { submitApplication } from "../../app/domain/access/applications/submit-application.server";
import { MAX_ETHICS_DOCUMENT_BYTES } from "../../app/domain/access/applications/ethics-document";
import type { Role } from "../../app/domain/authz/roles";
import { translator } from "../../app/i18n/i18n";
import { action as uploadAction, loader as uploadLoader } from "../../app/routes/applicant/applications.$id_.ethics-document";
import { loader as downloadLoader } from "../../app/routes/applicant/applications.$id_.ethics-document_.file";
import { applicationContent, createApplicant, createApplication, type CreatedApplication } from "../factories/data-access-factory";
import { createUser, requestFrom, type CreatedUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { useTestDatabase } from "../support/database";
import { sendRudeRequest } from "../support/raw-http";
import { appOrigin, cookieFor, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

const db = () => getDatabase();
const megabyte = 1_000_000;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A real PDF as pdfkit writes one; `padding` bytes of random data in an extra stream make it as large as needed. */
function realPdf(options: { text?: string; padding?: number; encrypt?: boolean; javascript?: boolean } = {}): Promise<Uint8Array> {
  const doc = new PDFDocument(options.encrypt ? { userPassword: "secret", ownerPassword: "owner", pdfVersion: "1.7" } : {});
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  doc.text(options.text ?? "Research Ethics Committee: approval No. R-2026-001. The study is approved.");
  if (options.padding) {
    const stream = doc.ref({});
    stream.write(randomBytes(options.padding));
    stream.end(null);
  }
  if (options.javascript) {
    const action = doc.ref({ Type: "Action", S: "JavaScript", JS: new String("app.alert(1)") });
    action.end(null);
    (doc as unknown as { _root: { data: Record<string, unknown> } })._root.data.OpenAction = action;
  }
  doc.end();
  return ended.then(() => new Uint8Array(Buffer.concat(chunks)));
}

const cookies = new Map<string, string>();
async function cookieOf(user: { id: string; role: Role }, language = "ja"): Promise<string> {
  const key = `${user.id} ${language}`;
  if (!cookies.has(key)) cookies.set(key, await cookieFor(user, language));
  return cookies.get(key)!;
}

function uploadRequest(applicationId: string, cookie: string, file?: { name: string; bytes: Uint8Array; type?: string }): Request {
  const form = new FormData();
  if (file) form.append("document", new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "application/pdf" }));
  return new Request(new URL(`/applications/${applicationId}/ethics-document`, appOrigin), { method: "POST", body: form, headers: { Cookie: cookie, "User-Agent": "vitest" } });
}

async function upload(application: CreatedApplication, file?: { name: string; bytes: Uint8Array; type?: string }, options: { user?: CreatedUser; language?: string } = {}) {
  const cookie = await cookieOf(options.user ?? application.applicant.user, options.language);
  // The request goes to the adapter too, as the server gives it: the refusal's words are in the reader's language.
  const request = uploadRequest(application.id, cookie, file);
  return settle(() => uploadAction({ request, context: loadContext, params: { id: application.id } }), { request });
}

async function download(applicationId: string, user: { id: string; role: Role } | null) {
  const cookie = user ? await cookieOf(user) : "";
  return settle(() => downloadLoader({ request: pageGet(`/applications/${applicationId}/ethics-document/file`, cookie), context: loadContext, params: { id: applicationId } }), { surface: "resource", phase: "loader" });
}

const stored = (applicationId: string) => db().applicationEthicsDocument.findUnique({ where: { applicationId } });
const attachments = (applicationId: string) =>
  db().auditEvent.findMany({
    where: { type: "access.application_changed", AND: [{ detail: { path: ["applicationId"], equals: applicationId } }, { detail: { path: ["change"], equals: "ethics_document_attached" } }] },
    orderBy: { id: "asc" },
  });

async function draft(): Promise<CreatedApplication> {
  return createApplication({ state: "draft" });
}

describe("[applicant] attaches the ethics approval document", () => {
  it("a real PDF is stored with its SHA-256, the audit row says so, and the pages show it", async () => {
    const application = await draft();
    const pdf = await realPdf();
    const response = await upload(application, { name: "倫理審査 承認書.pdf", bytes: pdf });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/applications/${application.id}?notice=ethicsDocument`);
    const row = await stored(application.id);
    // The name is kept only as letters, digits, dash and underscore; a name of none of them becomes the default.
    expect(row).toMatchObject({ sha256: sha256(pdf), byteSize: pdf.length, fileName: "ethics-approval.pdf", uploadedById: application.applicant.user.id });
    expect(Buffer.from(row!.content).equals(Buffer.from(pdf))).toBe(true);
    const [audit] = await attachments(application.id);
    expect(audit).toMatchObject({ actorUserId: application.applicant.user.id, detail: { version: 1, document: { sha256: sha256(pdf), bytes: pdf.length, previousSha256: null } } });

    const page = await settle(() => uploadLoader({ request: pageGet(`/applications/${application.id}/ethics-document`, cookies.get(`${application.applicant.user.id} ja`)!), context: loadContext, params: { id: application.id } }));
    expect(await page.json()).toMatchObject({ editable: true, document: { sha256: sha256(pdf), bytes: pdf.length } });
  });

  it("a new upload replaces the one before: one document, and the audit row keeps the hash it replaced", async () => {
    const application = await draft();
    const first = await realPdf({ text: "First approval letter" });
    const second = await realPdf({ text: "Amended approval letter" });
    expect((await upload(application, { name: "first.pdf", bytes: first })).status).toBe(302);
    expect((await upload(application, { name: "second.pdf", bytes: second })).status).toBe(302);
    expect(await db().applicationEthicsDocument.count({ where: { applicationId: application.id } })).toBe(1);
    expect((await stored(application.id))?.sha256).toBe(sha256(second));
    const audits = await attachments(application.id);
    expect(audits.map((row) => (row.detail as { document: unknown }).document)).toEqual([
      { sha256: sha256(first), bytes: first.length, previousSha256: null },
      { sha256: sha256(second), bytes: second.length, previousSha256: sha256(first) },
    ]);
    // The applicant downloads what is attached now.
    const file = await download(application.id, application.applicant.user);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(second))).toBe(true);
  });

  it("two uploads at once leave one document, the later one, each audit row naming the hash it replaced", async () => {
    const application = await draft();
    const [a, b] = await Promise.all([realPdf({ text: "Letter A" }), realPdf({ text: "Letter B" })]);
    const answers = await Promise.all([upload(application, { name: "a.pdf", bytes: a }), upload(application, { name: "b.pdf", bytes: b })]);
    expect(answers.map((answer) => answer.status)).toEqual([302, 302]);
    const audits = (await attachments(application.id)).map((row) => (row.detail as { document: { sha256: string; previousSha256: string | null } }).document);
    expect(audits).toHaveLength(2);
    expect(audits[0]!.previousSha256).toBeNull();
    expect(audits[1]!.previousSha256).toBe(audits[0]!.sha256);
    expect((await stored(application.id))?.sha256).toBe(audits[1]!.sha256);
  });

  it("bad files are refused with a translated reason and nothing is written", async () => {
    const application = await draft();
    const textRenamed = new Uint8Array(Buffer.from("This is a text file, not a PDF at all.\n"));
    const html = new Uint8Array(Buffer.from("<!doctype html><script>alert(1)</script>"));
    const oversized = new Uint8Array(MAX_ETHICS_DOCUMENT_BYTES + 1);
    oversized.set(await realPdf());
    const cases: [string, { name: string; bytes: Uint8Array; type?: string } | undefined, string][] = [
      ["a text file named .pdf, declared application/pdf", { name: "approval.pdf", bytes: textRenamed }, "ethics_document_not_pdf"],
      ["HTML claiming to be a PDF", { name: "approval.pdf", bytes: html, type: "application/pdf" }, "ethics_document_not_pdf"],
      ["an empty file", { name: "approval.pdf", bytes: new Uint8Array() }, "ethics_document_empty"],
      ["no file chosen", { name: "", bytes: new Uint8Array(), type: "application/octet-stream" }, "ethics_document_missing"],
      ["no file part at all", undefined, "ethics_document_missing"],
      ["a file over 10 MB", { name: "approval.pdf", bytes: oversized }, "ethics_document_too_large"],
      ["a PDF protected with a password", { name: "approval.pdf", bytes: await realPdf({ encrypt: true }) }, "ethics_document_encrypted"],
      ["a PDF that runs JavaScript when opened", { name: "approval.pdf", bytes: await realPdf({ javascript: true }) }, "ethics_document_active_content"],
      ["a PDF with a hostile name", { name: "承認\u202E\u0000.txt", bytes: textRenamed, type: "text/plain" }, "ethics_document_not_pdf"],
    ];
    for (const language of ["ja", "en"] as const) {
      for (const [what, file, code] of cases) {
        const response = await upload(application, file, { language });
        expect(response.status, what).toBe(400);
        expect(replyErrors(await response.json()), `${what} (${language})`).toEqual([translator(language, "errors")(code)]);
      }
    }
    expect(await stored(application.id)).toBeNull();
    expect(await attachments(application.id)).toHaveLength(0);
  });

  it("another applicant's application is not found, and nothing of the upload is kept", async () => {
    const application = await draft();
    const other = await createApplicant();
    const response = await upload(application, { name: "approval.pdf", bytes: await realPdf() }, { user: other.user });
    expect(response.status).toBe(404);
    const page = await settle(() => uploadLoader({ request: pageGet(`/applications/${application.id}/ethics-document`, cookies.get(`${other.user.id} ja`)!), context: loadContext, params: { id: application.id } }));
    expect(page.status).toBe(404);
    expect(await stored(application.id)).toBeNull();
    expect(await attachments(application.id)).toHaveLength(0);
  });

  it("not once the application is submitted; again once the secretariat returns it", async () => {
    const submitted = await createApplication({ state: "submitted" });
    const pdf = await realPdf();
    const response = await upload(submitted, { name: "approval.pdf", bytes: pdf });
    expect(response.status).toBe(409);
    expect(replyErrors(await response.json())).toEqual([translator("ja", "errors")("application_not_editable")]);
    expect(await stored(submitted.id)).toBeNull();
    const page = await settle(() => uploadLoader({ request: pageGet(`/applications/${submitted.id}/ethics-document`, cookies.get(`${submitted.applicant.user.id} ja`)!), context: loadContext, params: { id: submitted.id } }));
    expect(await page.json()).toMatchObject({ editable: false });

    await db().dataAccessApplication.update({ where: { id: submitted.id }, data: { state: "returned" } });
    expect((await upload(submitted, { name: "approval.pdf", bytes: pdf })).status).toBe(302);
    expect((await stored(submitted.id))?.sha256).toBe(sha256(pdf));
  });

  it("the submission's audit row records which document was submitted", async () => {
    const applicant = await createApplicant();
    const application = await createApplication({ applicant, state: "draft" });
    const complete = applicationContent({
      purposeCodes: ["HMB"],
      diseases: [],
      ethicsCommittee: "照合大学 倫理審査委員会",
      ethicsNumber: "R-2026-001",
      ethicsApprovedOn: "2026-04-01",
      securityMeasures: "閉域網、二要素認証、アクセス記録。",
      keepingAndDisposal: "鍵付きサーバ室、終了後に消去し証明書を提出。",
      trackRecord: "がんゲノム解析の論文 20 報。",
      dataScopeJustification: "変異の頻度を推定するのに必要な最小限です。",
      periodMonths: 24,
      publicationPlan: "制限期間の後に論文で公表します。",
      funding: "科研費",
      coiStatement: "なし",
      noIdentificationPledge: true,
    });
    await saveApplicationDraft({ applicantId: applicant.user.id, applicationId: application.id, content: complete, request: requestFrom() });
    const pdf = await realPdf();
    expect((await upload(application, { name: "approval.pdf", bytes: pdf })).status).toBe(302);
    await submitApplication({ applicantId: applicant.user.id, applicationId: application.id, request: requestFrom() });
    const submittedRow = await db().auditEvent.findFirstOrThrow({
      where: { type: "access.application_changed", AND: [{ detail: { path: ["applicationId"], equals: application.id } }, { detail: { path: ["change"], equals: "submitted" } }] },
    });
    expect(submittedRow.detail).toMatchObject({ ethicsDocumentSha256: sha256(pdf) });
    // And the document is now fixed with the version.
    expect((await upload(application, { name: "approval.pdf", bytes: await realPdf({ text: "later" }) })).status).toBe(409);
    expect((await stored(application.id))?.sha256).toBe(sha256(pdf));
  });
});

describe("the document goes to the applicant and the committee, and is 'not found' to everyone else", () => {
  async function reviewedApplication() {
    const application = await createApplication({ state: "in_review" });
    const pdf = await realPdf();
    await db().dataAccessApplication.update({ where: { id: application.id }, data: { state: "draft" } });
    expect((await upload(application, { name: "approval.pdf", bytes: pdf })).status).toBe(302);
    await db().dataAccessApplication.update({ where: { id: application.id }, data: { state: "in_review" } });
    return { application, pdf };
  }

  async function seated(seat: "expert" | "panel", role: Role) {
    const user = await createUser({ role });
    const secretariat = await createUser({ role: "dac_secretariat" });
    await seatMember({ userId: user.id, seat, sex: "female", expertise: "", endsOn: null, actorUserId: secretariat.id, request: requestFrom() });
    return user;
  }

  async function unseatEveryone() {
    const secretariat = await createUser({ role: "dac_secretariat" });
    for (const member of (await loadCommittee()).members) await endMembership({ memberId: member.id, actorUserId: secretariat.id, request: requestFrom() });
  }

  it("served as an attachment, application/pdf, nosniff, never cached, to the applicant, the secretariat and a member reviewing", async () => {
    const { application, pdf } = await reviewedApplication();
    const member = await seated("panel", "panel_member");
    await declareConflict({ userId: member.id, applicationId: application.id, conflicted: false, note: "", request: requestFrom() });
    for (const reader of [application.applicant.user, await createUser({ role: "dac_secretariat" }), member]) {
      const response = await download(application.id, reader);
      expect(response.status, reader.role).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("application/pdf");
      expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="ethics-approval-${application.reference}.pdf"`);
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
    }
    await unseatEveryone();
  });

  it("not found to another applicant, a participant, staff, an unseated member, a member yet to declare, and a recused member (whose attempt is recorded)", async () => {
    const { application } = await reviewedApplication();
    const undeclared = await seated("expert", "dac_expert");
    const recused = await seated("panel", "panel_member");
    await declareConflict({ userId: recused.id, applicationId: application.id, conflicted: true, note: "共同研究者です", request: requestFrom() });
    const others: { id: string; role: Role }[] = [
      (await createApplicant()).user,
      await createUser({ role: "participant" }),
      await createUser({ role: "coordinator", withTotp: true }),
      await createUser({ role: "admin", withTotp: true }),
      await createUser({ role: "panel_member" }),
      await createUser({ role: "dac_chair", withTotp: true }),
      undeclared,
      recused,
    ];
    for (const reader of others) expect((await download(application.id, reader)).status, reader.role).toBe(404);
    const refusals = await db().auditEvent.findMany({ where: { type: "access.review_changed", outcome: "failure", actorUserId: recused.id } });
    expect(refusals.map((row) => row.detail)).toEqual([{ applicationId: application.id, change: "recused_access_refused", path: "ethics_document" }]);
    // Signed out: to the sign-in page; an unknown or malformed id: not found.
    expect((await download(application.id, null)).headers.get("Location")).toMatch(/^\/sign-in\?redirectTo=/);
    expect((await download("00000000-0000-4000-8000-000000000000", application.applicant.user)).status).toBe(404);
    expect((await download("x'<b>..", application.applicant.user)).status).toBe(404);
    await unseatEveryone();
  });

  it("not to the secretariat while the application is a draft never submitted", async () => {
    const application = await draft();
    expect((await upload(application, { name: "approval.pdf", bytes: await realPdf() })).status).toBe(302);
    expect((await download(application.id, await createUser({ role: "dac_secretariat" }))).status).toBe(404);
    expect((await download(application.id, application.applicant.user)).status).toBe(200);
  });
});

describe("over HTTP, through the request edge", () => {
  const post = (path: string, body: FormData | string, headers: Record<string, string>) =>
    fetch(`${app.origin}${path}`, { method: "POST", body, headers: { ...headers, "User-Agent": "vitest" }, redirect: "manual" });

  it("the applicant's form, as a browser without JavaScript posts it, takes a PDF above the ordinary 1 MB limit", async () => {
    const application = await draft();
    const pdf = await realPdf({ padding: 3 * megabyte });
    expect(pdf.length).toBeGreaterThan(3 * megabyte);
    const form = new FormData();
    form.append("document", new File([new Uint8Array(pdf)], "scan.pdf", { type: "application/pdf" }));
    const response = await post(`/applications/${application.id}/ethics-document`, form, { Cookie: await cookieOf(application.applicant.user) });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/applications/${application.id}?notice=ethicsDocument`);
    expect((await stored(application.id))?.sha256).toBe(sha256(pdf));
  });

  it("keeps the ordinary 1 MB for every other account, and for the applicant on every other path: 413, nothing written", async () => {
    const application = await draft();
    const applicant = await cookieOf(application.applicant.user);
    const visits: [string, string][] = [
      [`/applications/${application.id}/ethics-document`, ""],
      [`/applications/${application.id}/ethics-document`, await cookieOf(await createUser({ role: "participant" }))],
      [`/applications/${application.id}/ethics-document`, await cookieOf(await createUser({ role: "dac_secretariat", withTotp: true }))],
      [`/applications/${application.id}/withdraw`, applicant],
      [`/applications/${application.id}`, applicant],
    ];
    for (const [path, cookie] of visits) {
      const outcome = await sendRudeRequest({
        origin: app.origin,
        path,
        headers: { "Content-Type": "multipart/form-data; boundary=x", ...(cookie ? { Cookie: cookie } : {}) },
        framing: { kind: "content-length", announced: 3 * megabyte },
        totalBytes: 3 * megabyte,
      });
      expect(outcome.status, `${path} ${cookie.slice(0, 24)}`).toBe(413);
      expect(outcome.body).toContain("1 MB");
    }
    expect(await stored(application.id)).toBeNull();
  });

  it("a body past 10.5 MB is refused as it arrives, without being read whole; nothing is written", async () => {
    const application = await draft();
    const outcome = await sendRudeRequest({
      origin: app.origin,
      path: `/applications/${application.id}/ethics-document`,
      headers: { "Content-Type": "multipart/form-data; boundary=x", Cookie: await cookieOf(application.applicant.user) },
      framing: { kind: "chunked" },
      totalBytes: 64 * megabyte,
    });
    expect(outcome.status).toBe(413);
    expect(outcome.sentEverything).toBe(false);
    // What the kernels' buffers on both ends can hold beyond the 10.5 MB the server read (request-bodies.test.ts).
    expect(outcome.bytesAccepted).toBeLessThan(10.5 * megabyte + 16 * megabyte);
    expect(await stored(application.id)).toBeNull();
  });

  it("broken multipart from the applicant is 400 at the edge, nothing written", async () => {
    const application = await draft();
    const boundary = "----ethics7MA4YWxk";
    for (const [contentType, body] of [
      [`multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="a.pdf"\r\n\r\n%PDF-1.4 cut`],
      ["multipart/form-data", `--${boundary}\r\nContent-Disposition: form-data; name="document"\r\n\r\nx\r\n--${boundary}--\r\n`],
    ] as const) {
      const response = await post(`/applications/${application.id}/ethics-document`, body, { "Content-Type": contentType, Cookie: await cookieOf(application.applicant.user) });
      expect(response.status, contentType).toBe(400);
    }
    expect(await stored(application.id)).toBeNull();
  });

  it("the committee's page links the document, and the link downloads it with its headers", async () => {
    const application = await createApplication({ state: "submitted" });
    const pdf = await realPdf();
    await db().dataAccessApplication.update({ where: { id: application.id }, data: { state: "draft" } });
    expect((await upload(application, { name: "approval.pdf", bytes: pdf })).status).toBe(302);
    await db().dataAccessApplication.update({ where: { id: application.id }, data: { state: "submitted" } });
    const secretariat = await cookieOf(await createUser({ role: "dac_secretariat", withTotp: true }), "en");
    const page = await fetch(`${app.origin}/committee/applications/${application.id}`, { headers: { Cookie: secretariat }, redirect: "manual" });
    expect(page.status).toBe(200);
    const html = await page.text();
    const href = `/applications/${application.id}/ethics-document/file`;
    expect(html).toContain(`href="${href}"`);
    expect(html).toContain(translator("en", "access")("fields.ethicsDocument.label"));
    expect(html).toContain(sha256(pdf));
    const file = await fetch(`${app.origin}${href}`, { headers: { Cookie: secretariat }, redirect: "manual" });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="ethics-approval-${application.reference}.pdf"`);
    // The app's security headers say nosniff on every answer, and the download says it again: every value is nosniff.
    expect(file.headers.get("x-content-type-options")?.split(/,\s*/)).toEqual(expect.arrayContaining(["nosniff"]));
    expect(new Set(file.headers.get("x-content-type-options")?.split(/,\s*/))).toEqual(new Set(["nosniff"]));
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
    // The applicant's own page links it too.
    const own = await fetch(`${app.origin}/applications/${application.id}`, { headers: { Cookie: await cookieOf(application.applicant.user, "en") }, redirect: "manual" });
    expect(await own.text()).toContain(`href="${href}"`);
  });
});
