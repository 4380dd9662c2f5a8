import { LineClient, WsClient } from '@switchboard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { get, METRICS_FLAGS, metricsUrlOf, sample } from '../testing/scrape.js';
import { portOf } from '../testing/url-clients.js';

const clients: { destroy?: () => void; close?: () => void }[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) (client.destroy ?? client.close)?.call(client);
  await CliProcess.stopAll();
});

describe('serve --metrics', () => {
  it('counts connections, refusals and bytes per listener over TCP and WebSocket', async () => {
    const cli = CliProcess.start([
      ...serveArgs('talkback', '--listen', 'ws://127.0.0.1:0/chat', '--max-connections', '1'),
      ...METRICS_FLAGS,
    ]);
    const [tcp, ws] = await cli.listening(2);
    const metrics = await metricsUrlOf(cli);
    expect(metrics).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(portOf(metrics)).toBeGreaterThan(0);

    const line = await LineClient.connect({ port: portOf(tcp!) });
    clients.push(line);
    line.send('hello'); // 6 bytes in
    expect(await line.readLine()).toBe("You said 'hello'."); // 18 bytes out
    const refused = await LineClient.connect({ port: portOf(tcp!) });
    clients.push(refused);
    expect(await refused.readLine()).toMatch(/^ERROR MAX_CONNECTIONS/);
    const web = await WsClient.connect(ws!);
    clients.push(web);
    web.send('hi');
    expect(await web.next()).toBe("You said 'hi'.");
    web.close();
    await cli.waitForStdout(/disconnected .* from ws:\/\/.*\(bytes in \d+, out \d+; reason PEER_CLOSED\)/);

    const { status, body } = await get(metrics);
    expect(status).toBe(200);
    const on = (listener: string) => ({ listener });
    expect(sample(body, 'switchboard_connections_accepted_total', on(tcp!))).toBe(1);
    expect(sample(body, 'switchboard_connections_open', on(tcp!))).toBe(1);
    expect(sample(body, 'switchboard_connections_closed_total', on(tcp!))).toBe(0);
    expect(sample(body, 'switchboard_connections_refused_total', { listener: tcp!, code: 'MAX_CONNECTIONS' })).toBe(1);
    expect(sample(body, 'switchboard_received_bytes_total', on(tcp!))).toBe('hello\n'.length);
    expect(sample(body, 'switchboard_sent_bytes_total', on(tcp!))).toBe("You said 'hello'.\n".length);
    expect(sample(body, 'switchboard_connections_accepted_total', on(ws!))).toBe(1);
    expect(sample(body, 'switchboard_connections_closed_total', on(ws!))).toBe(1);
    expect(sample(body, 'switchboard_connections_open', on(ws!))).toBe(0);
    // WebSocket bytes are frames on the wire, so more than the text.
    expect(sample(body, 'switchboard_received_bytes_total', on(ws!))).toBeGreaterThan(2);
    expect(sample(body, 'switchboard_slow_consumer_drops_total')).toBe(0);
    expect(sample(body, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect((await get(metrics.replace('/metrics', '/healthz'))).status).toBe(200);
    expect((await get(metrics.replace('/metrics', '/readyz'))).status).toBe(200);
    expect((await get(metrics.replace('/metrics', '/other'))).status).toBe(404);
  });

  it('counts errors by code and logs the reason and bytes of each disconnect', async () => {
    const cli = CliProcess.start(serveArgs('talkback', '--idle-timeout', '200', ...METRICS_FLAGS));
    const [tcp] = await cli.listening();
    const metrics = await metricsUrlOf(cli);
    const client = await LineClient.connect({ port: portOf(tcp!) });
    clients.push(client);
    client.send('hi');
    expect(await client.readLine()).toBe("You said 'hi'.");
    const peer = `127\\.0\\.0\\.1:${client.socket.localPort}`;
    await cli.waitForStdout(
      new RegExp(`disconnected ${peer} from ${tcp} \\(bytes in 3, out \\d+; reason IDLE_TIMEOUT\\)`),
    );
    const { body } = await get(metrics);
    expect(sample(body, 'switchboard_errors_total', { code: 'IDLE_TIMEOUT' })).toBe(1);
  });

  it('/readyz turns 503 when a graceful shutdown begins; the metrics server answers until exit', async () => {
    const cli = CliProcess.start(serveArgs('talkback', '--grace', '20000', ...METRICS_FLAGS));
    const [tcp] = await cli.listening();
    const metrics = await metricsUrlOf(cli);
    const readyz = metrics.replace('/metrics', '/readyz');
    expect(await get(readyz)).toEqual({ status: 200, body: 'ready\n' });
    // A client that ignores the goodbye holds the grace period open.
    const client = await LineClient.connect({ port: portOf(tcp!) });
    clients.push(client);
    client.endOnServerEnd = false;
    client.send('hi');
    expect(await client.readLine()).toBe("You said 'hi'.");
    cli.signal('SIGTERM');
    await cli.waitForStdout(/shutting down \(SIGTERM\)/);
    expect(await get(readyz)).toEqual({ status: 503, body: 'draining\n' });
    expect((await get(metrics.replace('/metrics', '/healthz'))).status).toBe(200);
    expect((await get(metrics)).status).toBe(200);
    client.destroy();
    expect((await cli.waitForExit()).code).toBe(0);
    await expect(get(readyz)).rejects.toThrow();
  });

  it('--workers 2: one scrape on the primary covers both workers', async () => {
    const cli = CliProcess.start(serveArgs('talkback', '--workers', '2', ...METRICS_FLAGS));
    const [tcp] = await cli.listening();
    await cli.waitForStdout(/2 workers serving/);
    const metrics = await metricsUrlOf(cli);
    expect((await get(metrics.replace('/metrics', '/readyz'))).status).toBe(200);
    const reached = new Set<number>();
    // Round-robin hands connections to the workers in turn: a few clients reach both.
    for (let i = 0; i < 10 && reached.size < 2; i++) {
      const client = await LineClient.connect({ port: portOf(tcp!) });
      clients.push(client);
      const match = await cli.waitForStdout(
        new RegExp(`connected 127\\.0\\.0\\.1:${client.socket.localPort} .*worker=(\\d+)`),
      );
      reached.add(Number(match[1]));
    }
    expect(reached.size).toBe(2);
    const { body } = await get(metrics);
    expect(sample(body, 'switchboard_connections_accepted_total', { listener: tcp! })).toBe(clients.length);
    expect(sample(body, 'switchboard_connections_open', { listener: tcp! })).toBe(clients.length);
  });
});
