/**
 * A delivery loop's waits. An idle wait ends early when the outbox is notified (wake) or the relay stops; a
 * backoff pause ends early only when the relay stops, so a busy ledger cannot hammer a failing receiver.
 * A wake that arrives while the loop is busy is remembered, so a change committed mid-batch is not left for the poll.
 * A backoff pause ends early on retryNow(): the receiver is known to be back (ADR 066).
 */
export class Waker {
  #pending = false;
  #release: (() => void) | undefined;
  #releaseBackoff: (() => void) | undefined;
  readonly #stopping = new AbortController();

  get stopped(): boolean {
    return this.#stopping.signal.aborted;
  }

  /** Aborted when stop() is called: hand it to requests in flight. */
  get stopSignal(): AbortSignal {
    return this.#stopping.signal;
  }

  wake(): void {
    this.#pending = true;
    this.#release?.();
  }

  /** Ends a backoff pause now (nothing else does but stop): the relay saw the receiver answer again. */
  retryNow(): void {
    this.#releaseBackoff?.();
  }

  stop(): void {
    this.#stopping.abort();
    this.#release?.();
  }

  idle(ms: number): Promise<void> {
    if (this.#pending || this.stopped) {
      this.#pending = false;
      return Promise.resolve();
    }
    return this.#wait(ms, true);
  }

  pause(ms: number): Promise<void> {
    return this.stopped ? Promise.resolve() : this.#wait(ms, false);
  }

  #wait(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#stopping.signal.removeEventListener("abort", done);
        if (this.#release === done) this.#release = undefined;
        if (this.#releaseBackoff === done) this.#releaseBackoff = undefined;
        // Whatever woke us (or the poll) is about to be looked at.
        if (wakeable) this.#pending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#stopping.signal.addEventListener("abort", done);
      if (wakeable) this.#release = done;
      else this.#releaseBackoff = done;
    });
  }
}
