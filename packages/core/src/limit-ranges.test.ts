import { describe, expect, it } from 'vitest';
import { parseEndpoint } from './endpoint/endpoint.js';
import { WsTransport } from './transport/ws-transport.js';
import { checkLimitRange, LIMIT_MAXIMUMS, MAX_TIMER_MS } from './limit-ranges.js';
import { checkLimits } from './reactor/reactor-options.js';

describe('limit ranges', () => {
  it('accepts every limit up to its maximum', () => {
    expect(() => checkLimits({ idleTimeout: MAX_TIMER_MS, maxLineLength: LIMIT_MAXIMUMS.maxLineLength })).not.toThrow();
    expect(() =>
      checkLimits({ maxFrameLength: 2 ** 32 - 1, maxBufferedBytes: LIMIT_MAXIMUMS.maxBufferedBytes }),
    ).not.toThrow();
  });

  it.each([
    ['idleTimeout', 2 ** 31, /idleTimeout must be an integer from 0 to 2147483647 ms.*got 2147483648/],
    ['idleTimeout', 30 * 24 * 3600 * 1000, /idleTimeout .* 2147483647 ms/],
    ['maxLineLength', 2 ** 53, /maxLineLength must be an integer from 0 to \d+, got 9007199254740992/],
    ['maxFrameLength', 2 ** 32, /maxFrameLength must be an integer from 0 to 4294967295/],
    ['maxBufferedBytes', 2 ** 53, /maxBufferedBytes must be an integer/],
    ['maxConnections', Infinity, /maxConnections must be an integer/],
    ['idleTimeout', -1, /idleTimeout must be/],
    ['idleTimeout', 1.5, /idleTimeout must be/],
  ] as const)('checkLimits rejects %s = %d with BAD_OPTION', (key, value, message) => {
    expect(() => checkLimits({ [key]: value })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => checkLimits({ [key]: value })).toThrow(message);
  });

  it('checks the WebSocket heartbeat and payload limits when the listener binds', async () => {
    const transport = new WsTransport();
    const endpoint = parseEndpoint('ws://127.0.0.1:0/limits');
    const refuse = () => {};
    await expect(transport.listen(endpoint, { heartbeatMs: 2 ** 31 }, refuse)).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: expect.stringMatching(/heartbeatMs must be an integer from 0 to 2147483647 ms.*ws:\/\/127\.0\.0\.1:0/),
    });
    await expect(transport.listen(endpoint, { maxPayload: 2 ** 53 }, refuse)).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: expect.stringMatching(/^maxPayload must be/),
    });
  });

  it('names where the value came from', () => {
    expect(() => checkLimitRange('heartbeatMs', 2 ** 40, ' (for "ws://x")')).toThrow(
      /got 1099511627776 \(for "ws:\/\/x"\)$/,
    );
  });
});
