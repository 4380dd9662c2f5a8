import { LineClient } from '@switchboard/core/testing';
import type { CliProcess } from './cli-process.js';

/** A client of a `--workers` server, and the number of the worker that took it. */
export interface WorkerClient {
  readonly client: LineClient;
  readonly worker: number;
}

/** Connects one client and waits for the worker's `connected … worker=N` line naming it. */
export async function connectToWorker(cli: CliProcess, port: number): Promise<WorkerClient> {
  const client = await LineClient.connect({ port });
  const line = new RegExp(`connected 127\\.0\\.0\\.1:${client.socket.localPort} .*worker=(\\d+)`);
  const match = await cli.waitForStdout(line);
  return { client, worker: Number(match[1]) };
}

/**
 * Connects clients (at most `maxClients`) until `perWorker` of them are on each of `workers`
 * (round-robin spreads them; the kernel may not). Returns every client connected.
 */
export async function spreadOverWorkers(
  cli: CliProcess,
  port: number,
  workers: readonly number[],
  perWorker = 1,
  maxClients = 20,
): Promise<WorkerClient[]> {
  const connected: WorkerClient[] = [];
  const short = () => workers.some((worker) => connected.filter((c) => c.worker === worker).length < perWorker);
  while (short()) {
    if (connected.length >= maxClients) {
      for (const { client } of connected) client.destroy();
      throw new Error(`${maxClients} clients did not reach workers ${workers.join(', ')}`);
    }
    connected.push(await connectToWorker(cli, port));
  }
  return connected;
}

export { portOf } from './url-clients.js';
