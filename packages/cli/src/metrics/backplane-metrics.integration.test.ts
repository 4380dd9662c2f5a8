import { randomUUID } from 'node:crypto';
import { LineClient } from '@switchboard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { get, METRICS_FLAGS, metricsUrlOf, sample, scrapeUntil } from '../testing/scrape.js';
import { portOf } from '../testing/url-clients.js';

const clients: LineClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await CliProcess.stopAll();
});

describe('serve --metrics: backplane traffic', () => {
  it('--redis: counts broadcasts published and received by each process', async () => {
    const args = serveArgs('broadcast', '--redis', 'redis://127.0.0.1:6379', '--redis-channel', `m-${randomUUID()}`);
    const [one, two] = [CliProcess.start([...args, ...METRICS_FLAGS]), CliProcess.start([...args, ...METRICS_FLAGS])];
    const [[urlOne], [urlTwo]] = await Promise.all([one.listening(), two.listening()]);
    const [metricsOne, metricsTwo] = await Promise.all([metricsUrlOf(one), metricsUrlOf(two)]);
    const sender = await LineClient.connect({ port: portOf(urlOne!) });
    const receiver = await LineClient.connect({ port: portOf(urlTwo!) });
    clients.push(sender, receiver);
    await two.waitForStdout(/connected /);
    sender.send('across processes');
    expect(await receiver.readLine()).toBe(`[127.0.0.1:${sender.socket.localPort}] across processes`);

    const published = await scrapeUntil(
      metricsOne,
      (body) => sample(body, 'switchboard_backplane_published_total') === 1,
    );
    expect(sample(published, 'switchboard_backplane_published_total')).toBe(1);
    expect(sample(published, 'switchboard_backplane_dropped_total')).toBe(0);
    const { body } = await get(metricsTwo);
    expect(sample(body, 'switchboard_backplane_received_total')).toBe(1);
    expect(sample(body, 'switchboard_backplane_failed_total')).toBe(0);
    expect(sample(body, 'switchboard_backplane_malformed_total')).toBe(0);
    expect(sample(body, 'switchboard_backplane_resets_total')).toBe(0);
    // The broadcast reached the receiver: one message out on its listener.
    expect(sample(body, 'switchboard_messages_sent_total', { listener: urlTwo! })).toBe(1);
  });

  it('--workers 2: the relayed broadcasts are counted, and the primary adds its own process metrics', async () => {
    const cli = CliProcess.start(serveArgs('broadcast', '--workers', '2', ...METRICS_FLAGS));
    const [tcp] = await cli.listening();
    await cli.waitForStdout(/2 workers serving/);
    const metrics = await metricsUrlOf(cli);
    // Round-robin hands connections to the workers in turn: find one client on each.
    const byWorker = new Map<number, LineClient>();
    for (let i = 0; i < 10 && byWorker.size < 2; i++) {
      const client = await LineClient.connect({ port: portOf(tcp!) });
      clients.push(client);
      const match = await cli.waitForStdout(
        new RegExp(`connected 127\\.0\\.0\\.1:${client.socket.localPort} .*worker=(\\d+)`),
      );
      if (!byWorker.has(Number(match[1]))) byWorker.set(Number(match[1]), client);
    }
    const [[senderWorker, sender], [receiverWorker, receiver]] = [...byWorker.entries()];
    // The primary's relay counts per worker, from zero (its series are there before any broadcast).
    const relayed = (text: string, worker: number, outcome = 'sent') =>
      sample(text, `switchboard_relay_${outcome}_total`, { worker: String(worker), process: 'primary' });
    const before = (await get(metrics)).body;
    expect([relayed(before, senderWorker!), relayed(before, receiverWorker!)]).toEqual([0, 0]);
    sender!.send('between workers');
    expect(await receiver!.readLine()).toBe(`[127.0.0.1:${sender!.socket.localPort}] between workers`);

    // Summed over the workers: the sender's worker published it, the other received it.
    const body = await scrapeUntil(
      metrics,
      (text) => sample(text, 'switchboard_backplane_published_total') === 1 && relayed(text, receiverWorker!) === 1,
    );
    // The primary relayed it to the receiver's worker only, never back to the sender's.
    expect(relayed(body, receiverWorker!)).toBe(1);
    expect(relayed(body, senderWorker!)).toBe(0);
    expect(relayed(body, receiverWorker!, 'dropped')).toBe(0);
    expect(relayed(body, receiverWorker!, 'failed')).toBe(0);
    expect(sample(body, 'switchboard_backplane_published_total')).toBe(1);
    expect(sample(body, 'switchboard_backplane_received_total')).toBe(1);
    expect(sample(body, 'switchboard_backplane_dropped_total')).toBe(0);
    expect(sample(body, 'switchboard_messages_received_total', { listener: tcp! })).toBe(1);
    // The primary's process metrics sit beside the workers' sums, labelled, in the same families.
    const primaryCpu = sample(body, 'process_cpu_user_seconds_total', { process: 'primary' });
    expect(primaryCpu).toBeGreaterThan(0);
    expect(sample(body, 'nodejs_eventloop_lag_seconds', { process: 'primary' })).toBeGreaterThanOrEqual(0);
    expect(sample(body, 'process_resident_memory_bytes', { process: 'primary' })).toBeGreaterThan(0);
    expect(body.match(/^# TYPE process_cpu_user_seconds_total /gm)).toHaveLength(1);
    const workersCpu = body.match(/^process_cpu_user_seconds_total (\S+)$/m);
    expect(Number(workersCpu?.[1])).toBeGreaterThan(0);
  });
});
