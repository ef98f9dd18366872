import type { EventEmitter } from 'node:events';

/** The part of a heartbeat event the watchdog reads (the driver's ServerHeartbeat*Event classes). */
interface HeartbeatEvent { connectionId: string }

export interface MonitorStall { server: string; pendingMs: number }

/**
 * Watches the MongoDB driver's server monitor through its public heartbeat events. A heartbeat that neither succeeds
 * nor fails within `stallAfterMs` means the monitor is wedged: the client then never sees the server come back and
 * fails every operation with a stale error (seen once with driver 6.22 after a FerretDB restart; the cause is patched
 * in patches/mongodb+6.22.0.patch). /health reports the stall so the orchestrator restarts the process.
 */
export class MongoMonitorWatchdog {
  private readonly pending = new Map<string, number>();

  constructor(client: Pick<EventEmitter, 'on'>, private readonly stallAfterMs: number, private readonly now: () => number = Date.now) {
    client.on('serverHeartbeatStarted', (e: HeartbeatEvent) => { if (!this.pending.has(e.connectionId)) this.pending.set(e.connectionId, this.now()); });
    const settled = (e: HeartbeatEvent): void => { this.pending.delete(e.connectionId); };
    client.on('serverHeartbeatSucceeded', settled);
    client.on('serverHeartbeatFailed', settled);
    client.on('serverClosed', (e: { address: string }) => { this.pending.delete(e.address); });
  }

  /** The longest-pending heartbeat past the limit, if any. */
  stall(): MonitorStall | undefined {
    let worst: MonitorStall | undefined;
    for (const [server, since] of this.pending) {
      const pendingMs = this.now() - since;
      if (pendingMs > this.stallAfterMs && (!worst || pendingMs > worst.pendingMs)) worst = { server, pendingMs };
    }
    return worst;
  }
}
