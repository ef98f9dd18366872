/**
 * At most `max` restarts within a sliding `windowMs`. A child that keeps crashing (a poison batch, a broken model,
 * memory too small) exhausts the budget: the service then exits non-zero and the orchestrator restarts it with
 * back-off, which is visible (CrashLoopBackOff), instead of restarting silently forever.
 */
export class RestartBudget {
  private readonly times: number[] = [];

  constructor(private readonly max: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** Records a restart and returns true if it is within the budget. */
  tryConsume(): boolean {
    const t = this.now();
    while (this.times.length > 0 && t - this.times[0]! >= this.windowMs) this.times.shift();
    if (this.times.length >= this.max) return false;
    this.times.push(t);
    return true;
  }

  get used(): number { return this.times.length; }
}
