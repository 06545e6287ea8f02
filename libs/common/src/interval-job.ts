/**
 * Runs `work` every `seconds`, never two runs at once; `stop()` waits for a run in progress. The work
 * itself must be safe with several api instances (claim rows with SKIP LOCKED), since each runs one.
 */
export class IntervalJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly seconds: number,
    private readonly work: () => Promise<unknown>,
    private readonly onError: (e: unknown) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.work()
        .catch(this.onError)
        .finally(() => (this.running = undefined));
    }, this.seconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
