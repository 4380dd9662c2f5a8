import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '@switchboard/core';
import { ReportedFailure } from '../report-failure.js';
import { isMessage, type PrimaryMessage, type WorkerMessage } from './cluster-messages.js';
import type { PrimaryRelay } from './primary-relay.js';
import { RespawnPolicy } from './respawn-policy.js';

type Listening = Extract<WorkerMessage, { type: 'listening' }>;
type Failed = Extract<WorkerMessage, { type: 'failed' }>;

/**
 * The primary's workers: forks them, replaces one that dies (after the policy's backoff; the
 * listeners stay open meanwhile, since the other workers hold them), reports a crash loop, and
 * stops them all on shutdown, without replacing any.
 */
export class WorkerPool {
  private readonly live = new Set<Worker>();
  private readonly ready = new Set<Worker>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private supervising = false;
  private stopping = false;
  /** Added to every worker's environment once the first one pinned the ports (see pinned-ports.ts). */
  private env: Record<string, string> = {};

  constructor(
    private readonly logger: Logger,
    private readonly relay: PrimaryRelay | undefined,
    /** Called once when deaths come too fast, with the one line to print. */
    private readonly onCrashLoop: (line: string) => void,
    private readonly policy = new RespawnPolicy(),
  ) {}

  /**
   * Forks `count` workers; resolves with the listening URLs once all serve, rejects with the first
   * failure. With `pin`, the first worker starts alone and `pin(its URLs)` is the environment of
   * all the others (the ports it picked for listeners the primary does not bind).
   */
  async start(count: number, pin?: (urls: readonly string[]) => Record<string, string>): Promise<readonly string[]> {
    let urls: readonly string[];
    if (pin !== undefined && count > 1) {
      this.env = pin(await this.launch(1));
      urls = await this.launch(count - 1);
    } else {
      urls = await this.launch(count);
    }
    this.supervising = true;
    return urls;
  }

  get pids(): number[] {
    return [...this.live].map((worker) => worker.process.pid!);
  }

  /** Graceful: asks each serving worker to shut down, kills those still starting, never replaces. */
  stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    const running = [...this.live];
    const exits = running.map((worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())));
    const shutdown: PrimaryMessage = { type: 'shutdown' };
    for (const worker of running) {
      if (!this.ready.has(worker)) worker.process.kill('SIGKILL');
      else if (worker.isConnected()) worker.send(shutdown);
    }
    const timer = setTimeout(() => this.killAll(), timeoutMs);
    return Promise.all(exits).then(() => clearTimeout(timer));
  }

  killAll(): void {
    for (const worker of this.live) if (!worker.isDead()) worker.process.kill('SIGKILL');
  }

  private launch(count: number): Promise<readonly string[]> {
    const workers = Array.from({ length: count }, () => this.fork());
    return new Promise((resolve, reject) => {
      let ready = 0;
      for (const worker of workers) {
        worker.on('message', (message: unknown) => {
          if (isMessage<Failed>(message, 'failed')) reject(new ReportedFailure(message));
          else if (isMessage<Listening>(message, 'listening') && ++ready === count) resolve(message.urls);
        });
        worker.once('exit', (code) => reject(new Error(`Worker ${worker.id} exited with code ${code} while starting`)));
      }
    });
  }

  private fork(): Worker {
    const worker = cluster.fork(this.env);
    this.live.add(worker);
    this.relay?.add(worker);
    worker.on('message', (message: unknown) => {
      if (isMessage<Listening>(message, 'listening')) this.ready.add(worker);
    });
    worker.once('exit', (code, signal) => {
      this.live.delete(worker);
      this.ready.delete(worker);
      if (this.supervising && !this.stopping) this.replace(worker, signal ?? `code ${code}`);
    });
    return worker;
  }

  private replace(dead: Worker, how: string): void {
    const delayMs = this.policy.onDeath(Date.now());
    const which = `worker ${dead.id} (pid ${dead.process.pid})`;
    if (delayMs === undefined) {
      this.stopping = true;
      this.onCrashLoop(
        `Workers keep dying: ${this.policy.recentDeaths} exits within ${this.policy.windowMs / 1000} s, the last ${which} (${how}); stopping the server`,
      );
      return;
    }
    this.logger.warn(`${which} exited (${how}); replacing it in ${delayMs} ms`);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopping) this.respawn();
    }, delayMs);
    this.timers.add(timer);
  }

  private respawn(): void {
    const worker = this.fork();
    worker.on('message', (message: unknown) => {
      if (isMessage<Listening>(message, 'listening'))
        this.logger.info(`worker ${worker.id} serving`, { pid: worker.process.pid });
      else if (isMessage<Failed>(message, 'failed'))
        this.logger.warn(`worker ${worker.id} failed to start: ${message.lines[0] ?? ''}`);
    });
  }
}
