import type { BridgePool } from "../db/bridge-pool";
import type { BridgeHealth } from "../health/bridge-health";
import { copyDecisionRows } from "./copy-decision-rows";
import type { DecisionLogEntry } from "./decision-log-entry";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("bridge");

const ROWS_PER_WRITE = 10_000;

/**
 * Decisions are logged without a database round trip on the answer's path: rows are buffered and written in
 * batches (one COPY per 10,000 rows, copy-decision-rows.ts) `flushMs` after the first row waiting. A failed write keeps the rows, marks
 * the database unavailable (every decision then denies) and is retried; the buffer is bounded, and once it is full
 * decisions deny, so an allow is never answered that could not be logged. Rows of denials beyond the bound are
 * dropped and counted.
 */
export class DecisionLog {
  private buffer: DecisionLogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private flushing: Promise<void> | undefined;
  private droppedRows = 0;

  constructor(
    private readonly pool: BridgePool,
    private readonly health: BridgeHealth,
    private readonly options: { flushMs: number; maxBuffered: number },
  ) {}

  start(): void {
    this.started = true;
    this.arm();
  }

  /**
   * A timer only while there is something to do (rows buffered, or a failed write to retry), `flushMs` after the first
   * row: an idle bridge wakes for nothing, where an interval woke ten times a second (issue 30 item 5; ADR 078).
   */
  private arm(): void {
    if (!this.started || this.timer !== undefined) return;
    if (this.buffer.length === 0 && !this.health.logWriteFailing()) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const again = () => this.arm();
      void this.flush().then(again, again);
    }, this.options.flushMs);
    this.timer.unref();
  }

  /** Whether `rows` more can be held; when not, the caller must answer every one of them with a denial. */
  hasRoomFor(rows: number): boolean {
    return this.buffer.length + rows <= this.options.maxBuffered;
  }

  append(entries: readonly DecisionLogEntry[]): void {
    const room = Math.max(0, this.options.maxBuffered - this.buffer.length);
    if (entries.length > room) {
      if (this.droppedRows === 0) log.warn({ maxBuffered: this.options.maxBuffered }, "decision log buffer full: dropping rows of denials until the database takes them");
      this.droppedRows += entries.length - room;
    }
    for (let index = 0; index < entries.length && index < room; index++) this.buffer.push(entries[index]!);
    this.arm();
  }

  get buffered(): number {
    return this.buffer.length;
  }

  get dropped(): number {
    return this.droppedRows;
  }

  /** Writes everything buffered so far (waits for a flush already under way first). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = this.writeBuffered().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  async close(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async writeBuffered(): Promise<void> {
    if (this.buffer.length === 0) {
      // Nothing to write, but a failed write must be cleared by proof that writing works again.
      if (this.health.logWriteFailing()) await this.write([]);
      return;
    }
    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, ROWS_PER_WRITE);
      if (!(await this.write(batch))) return;
      this.buffer = this.buffer.slice(batch.length);
    }
    if (this.droppedRows > 0) {
      log.warn({ droppedRows: this.droppedRows }, "decision log writes again; rows of denials were dropped while it could not");
      this.droppedRows = 0;
    }
  }

  private async write(rows: DecisionLogEntry[]): Promise<boolean> {
    try {
      // Zero rows too: a COPY of nothing still needs the INSERT grant, so it proves writing works again.
      await copyDecisionRows(this.pool, rows);
      this.health.recordLogWrite(true);
      return true;
    } catch (error) {
      if (!this.health.logWriteFailing()) log.warn({ error: errorText(error) }, "decision log write failed; denying until it works");
      this.health.recordLogWrite(false);
      return false;
    }
  }
}
