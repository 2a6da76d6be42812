import { randomUUID } from "node:crypto";
import { getDatabase } from "../../app/db.server";
import { enqueueJob } from "../../app/domain/jobs/enqueue-job.server";
import { consentedParticipant } from "./dashboard-fixtures";
import { createUser, signInAs } from "./support/accounts";
import { expect, test } from "./fixtures";

// The job queue and the mail delivery log (issue 13, ADR 031), as staff see them. The browser tests' server captures
// mail instead of sending it, so no server ever refuses; a parked job and a refused address are written here as the
// worker would have left them after a mail server said no.
test.describe.configure({ timeout: 120_000 });

test("[admin] sees a parked mail job on /staff/jobs and retries it; the worker then delivers it", async ({ page, context, axe }) => {
  const db = getDatabase();
  const address = `parked-${randomUUID().slice(0, 8)}@test.tsunagi.test`;
  // Enqueued and marked parked in one transaction, so the server's worker never sees it runnable first.
  const jobId = await db.$transaction(async (tx) => {
    const message = await tx.mailMessage.create({
      data: { toAddress: address, template: "new-device-sign-in", language: "ja", state: "failed", attempts: 8, lastError: "421 ECONNECTION 421 4.3.2 Service shutting down", props: { occurredAt: { $date: "2026-11-20T01:02:03.000Z" }, userAgent: "Firefox", ipAddress: "192.0.2.7" } },
    });
    const id = await enqueueJob(tx, "mail.deliver", { mailMessageId: message.id });
    await tx.$executeRaw`UPDATE graphile_worker._private_jobs SET attempts = max_attempts, last_error = 'TransientMailFailure: 421 ECONNECTION 421 4.3.2 Service shutting down' WHERE id = ${BigInt(id)}`;
    return id;
  });

  const admin = await createUser({ role: "admin", withTotp: true });
  await signInAs(context, admin);
  await page.goto("/staff/jobs");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ジョブキューとメール配信");
  const row = page.getByTestId("job-row").filter({ hasText: `#${jobId}` });
  await expect(row).toContainText("保留中");
  await expect(row).toContainText("8 回中 8 回");
  await expect(row).toContainText("421");
  await axe.expectNoAxeViolations();
  expect(await page.content()).not.toContain(address);

  await row.getByRole("button", { name: /今すぐ再試行/ }).click();
  await expect(page.getByRole("status")).toContainText("ジョブを再試行に回しました");
  await axe.expectNoAxeViolations();
  // Retried, the job has no failed attempt left to show, so its row leaves the page at once.
  await page.reload();
  await expect(page.getByTestId("job-row").filter({ hasText: `#${jobId}` })).toHaveCount(0);
  // The worker's next poll (every 2 s) delivers it: the message is sent and nothing about it is left to attend to.
  await expect.poll(async () => (await db.mailMessage.findFirstOrThrow({ where: { toAddress: address } })).state, { timeout: 30_000 }).toBe("sent");
  await page.reload();
  await expect(page.getByTestId("job-row").filter({ hasText: `#${jobId}` })).toHaveCount(0);
});

test("[coordinator] sees that a participant's email is undeliverable, since when and what the server said", async ({ page, context, axe }) => {
  const participant = await consentedParticipant({ language: "ja" });
  const db = getDatabase();
  // Their consent notice is on its way through the server's worker; an accepted message clears its address from the
  // undeliverable list, so the refusal below is written only once that mail has gone.
  await expect
    .poll(async () => db.mailMessage.count({ where: { participantId: participant.id, state: { in: ["queued", "retrying"] } } }), { timeout: 30_000 })
    .toBe(0);
  await expect.poll(async () => db.mailMessage.count({ where: { participantId: participant.id, state: "sent" } }), { timeout: 30_000 }).toBeGreaterThan(0);
  const message = await db.mailMessage.create({
    data: { toAddress: participant.email, participantId: participant.id, template: "consent-notice", language: "ja", state: "bounced", attempts: 1, lastError: "550 EENVELOPE 550 5.1.1 User unknown" },
  });
  await db.undeliverableAddress.create({ data: { address: participant.email.toLowerCase(), since: new Date("2026-11-22T09:30:00Z"), lastError: message.lastError!, mailMessageId: message.id } });

  const coordinator = await createUser({ role: "coordinator", withTotp: true });
  await signInAs(context, coordinator);
  await page.goto(`/staff/participants/${participant.id}`);
  const notice = page.getByTestId("email-undeliverable");
  await expect(notice.getByRole("heading", { level: 2 })).toHaveText("メールが届きません");
  await expect(notice).toContainText(participant.email.toLowerCase());
  await expect(notice).toContainText("550 EENVELOPE 550 5.1.1 User unknown");
  await expect(notice).toContainText("2026");
  await axe.expectNoAxeViolations();
});
