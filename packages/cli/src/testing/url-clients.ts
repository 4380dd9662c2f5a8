import { LineClient } from '@switchboard/core/testing';

const open: LineClient[] = [];

/** The port of a listening URL (`tcp://127.0.0.1:40123`, `ws://[::1]:40123/chat`). */
export const portOf = (url: string): number => Number(new URL(url.replace(/^\w+:/, 'http:')).port);

/** A LineClient to the port of a `listening URL` line (`tcp://127.0.0.1:40123`), closed by `destroyUrlClients()`. */
export async function connectToUrl(url: string): Promise<LineClient> {
  const client = await LineClient.connect({ port: portOf(url) });
  open.push(client);
  return client;
}

/** Destroys every client `connectToUrl` opened (call it in afterEach). */
export function destroyUrlClients(): void {
  for (const client of open.splice(0)) client.destroy();
}
