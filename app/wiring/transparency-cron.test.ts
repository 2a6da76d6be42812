import { parseCronItems } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../env.server";
import { transparencyCronItems } from "./job-runner.server";
import { isJobName, jobPayloadSchemas } from "../domain/jobs/job-tasks";

describe("the transparency cron (issue 16)", () => {
  it("parses with the defaults, names only known jobs, and each job takes the payload graphile-worker's cron sends", () => {
    const env = parseEnv({ NODE_ENV: "test" });
    expect(env.TRANSPARENCY_SNAPSHOT_CRON).toBe("7 * * * *");
    expect(env.TRANSPARENCY_CHECKPOINT_CRON).toBe("*/10 * * * *");
    const items = parseCronItems(transparencyCronItems(env));
    expect(items.map((item) => item.task)).toEqual(["transparency.snapshot", "transparency.checkpoint", "reports.publish-due", "outbox.prune", "decision-log.retire", "committee.vote-reminders", "recontact.study-invitations", "notifications.digest", "briefings.reminders", "surveys.consent-experience", "consent.reconsent-reminders"]);
    for (const item of items) {
      expect(isJobName(item.task)).toBe(true);
      if (isJobName(item.task)) expect(jobPayloadSchemas[item.task].safeParse({ _cron: { ts: "2026-11-23T10:00:00Z", backfilled: false } }).success).toBe(true);
    }
  });

  it("refuses a schedule that is not five cron fields, so a typo stops the start with its name", () => {
    expect(() => parseEnv({ NODE_ENV: "test", TRANSPARENCY_SNAPSHOT_CRON: "hourly" })).toThrow(/TRANSPARENCY_SNAPSHOT_CRON/);
  });
});
