import { createSelfSignedCertificate, hasOpenssl, LineClient, WsClient } from '@switchboard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { closesWithin, openRaw } from '../testing/raw-socket.js';
import { get, METRICS_FLAGS, metricsUrlOf, sample, scrapeUntil } from '../testing/scrape.js';
import { portOf } from '../testing/url-clients.js';

const clients: { destroy?: () => void; close?: () => void }[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) (client.destroy ?? client.close)?.call(client);
  await CliProcess.stopAll();
});

async function lineClient(url: string): Promise<LineClient> {
  const client = await LineClient.connect({ port: portOf(url) });
  clients.push(client);
  return client;
}

describe('serve --metrics: traffic', () => {
  it('counts messages in and out per listener and times the handlers (a histogram) over TCP and WebSocket', async () => {
    const cli = CliProcess.start([...serveArgs('talkback', '--listen', 'ws://127.0.0.1:0/chat'), ...METRICS_FLAGS]);
    const [tcp, ws] = await cli.listening(2);
    const metrics = await metricsUrlOf(cli);
    const line = await lineClient(tcp!);
    for (const word of ['one', 'two', 'three']) line.send(word);
    for (const word of ['one', 'two', 'three']) expect(await line.readLine()).toBe(`You said '${word}'.`);
    const web = await WsClient.connect(ws!);
    clients.push(web);
    web.send('hi');
    expect(await web.next()).toBe("You said 'hi'.");

    const { body } = await get(metrics);
    const on = (listener: string) => ({ listener });
    expect(sample(body, 'switchboard_messages_received_total', on(tcp!))).toBe(3);
    expect(sample(body, 'switchboard_messages_sent_total', on(tcp!))).toBe(3);
    expect(sample(body, 'switchboard_messages_received_total', on(ws!))).toBe(1);
    expect(sample(body, 'switchboard_messages_sent_total', on(ws!))).toBe(1);
    expect(sample(body, 'switchboard_backpressure_stalls_total', on(tcp!))).toBe(0);
    expect(body).toMatch(/# TYPE switchboard_handler_seconds histogram/);
    // Sampled: a connection's 1st, 9th, 17th… message is timed.
    expect(sample(body, 'switchboard_handler_seconds_count', on(tcp!))).toBe(1);
    expect(sample(body, 'switchboard_handler_seconds_bucket', { listener: tcp!, le: '+Inf' })).toBe(1);
    expect(sample(body, 'switchboard_handler_seconds_bucket', { listener: tcp!, le: '1' })).toBe(1);
    expect(sample(body, 'switchboard_handler_seconds_count', on(ws!))).toBe(1);
    expect(sample(body, 'switchboard_handler_seconds_sum', on(tcp!))).toBeGreaterThan(0);
    expect(sample(body, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('counts backpressure stalls and the slow consumer it ends in', async () => {
    const cli = CliProcess.start(serveArgs('broadcast', '--max-buffered', '65536', ...METRICS_FLAGS));
    const [tcp] = await cli.listening();
    const metrics = await metricsUrlOf(cli);
    // The receiver never reads: the broadcasts back up until the server gives up on it.
    const receiver = await lineClient(tcp!);
    receiver.socket.pause();
    const sender = await lineClient(tcp!);
    await cli.waitForStdout(new RegExp(`connected 127\\.0\\.0\\.1:${sender.socket.localPort} `));
    const lines = `${'x'.repeat(999)}\n`.repeat(100);
    for (let i = 0; i < 200 && !cli.stdout.includes('SLOW_CONSUMER'); i++) {
      sender.socket.write(lines);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await cli.waitForStdout(/reason SLOW_CONSUMER/);
    const body = await scrapeUntil(metrics, (text) => sample(text, 'switchboard_connections_open') === 1);
    // At least one stall (the kernel's buffers may take a burst and drain it once before they fill).
    expect(sample(body, 'switchboard_backpressure_stalls_total', { listener: tcp! })).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'switchboard_slow_consumer_disconnects_total')).toBe(1);
    expect(sample(body, 'switchboard_errors_total', { code: 'SLOW_CONSUMER' })).toBe(1);
    expect(sample(body, 'switchboard_messages_received_total', { listener: tcp! })).toBeGreaterThan(0);
  });

  it('counts refusals by the per-address cap and the accept rate, by code', async () => {
    const limits = ['--max-connections-per-ip', '2', '--accept-rate-per-ip', '1', '--accept-burst-per-ip', '2'];
    const cli = CliProcess.start(serveArgs('talkback', ...limits, ...METRICS_FLAGS));
    const [tcp] = await cli.listening();
    const metrics = await metricsUrlOf(cli);
    const first = await lineClient(tcp!);
    await lineClient(tcp!);
    const third = await lineClient(tcp!);
    expect(await third.readLine()).toMatch(/^ERROR MAX_CONNECTIONS_PER_IP /);
    first.destroy();
    await cli.waitForStdout(/disconnected/);
    // A slot is free again, but the burst of two is spent: the next one within the second is too fast.
    let rateRefused = false;
    for (let i = 0; i < 3 && !rateRefused; i++) {
      const next = await lineClient(tcp!);
      next.send('hi');
      rateRefused = /^ERROR ACCEPT_RATE_PER_IP /.test(await next.readLine());
      next.destroy();
    }
    expect(rateRefused).toBe(true);
    const code = (name: string) => ({ listener: tcp!, code: name });
    const body = await scrapeUntil(
      metrics,
      (text) => sample(text, 'switchboard_connections_refused_total', code('ACCEPT_RATE_PER_IP')) !== undefined,
    );
    expect(sample(body, 'switchboard_connections_refused_total', code('MAX_CONNECTIONS_PER_IP'))).toBe(1);
    expect(sample(body, 'switchboard_connections_refused_total', code('ACCEPT_RATE_PER_IP'))).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(!hasOpenssl)(
    'counts handshake timeouts: a TLS handshake and a WebSocket upgrade never finished',
    async () => {
      const { certPath, keyPath } = createSelfSignedCertificate('127.0.0.1');
      const listeners = ['--listen', 'tls://127.0.0.1:0', '--listen', 'ws://127.0.0.1:0/chat'];
      const tls = ['--cert', certPath, '--key', keyPath, '--handshake-timeout', '300'];
      const cli = CliProcess.start([...serveArgs('talkback', ...listeners, ...tls), ...METRICS_FLAGS]);
      const [, tlsUrl, wsUrl] = await cli.listening(3);
      const metrics = await metricsUrlOf(cli);
      // Connected, then silent: no ClientHello, no upgrade request.
      const silent = await Promise.all([openRaw(portOf(tlsUrl!)), openRaw(portOf(wsUrl!))]);
      const cut = await Promise.all(silent.map((client) => closesWithin(client.closed, 5000)));
      expect(cut).toEqual([true, true]);
      expect(silent[1]!.received()).toMatch(/^HTTP\/1\.1 408 /);
      const code = (listener: string) => ({ listener, code: 'HANDSHAKE_TIMEOUT' });
      const body = await scrapeUntil(
        metrics,
        (text) => sample(text, 'switchboard_connections_refused_total', code(wsUrl!)) === 1,
      );
      expect(sample(body, 'switchboard_connections_refused_total', code(tlsUrl!))).toBe(1);
      expect(sample(body, 'switchboard_connections_refused_total', code(wsUrl!))).toBe(1);
    },
  );
});
