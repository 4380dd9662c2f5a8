import { connect, type Socket } from 'node:net';

/** A raw TCP connection from a test attacker: connected, errors swallowed, its close observable. */
export interface RawSocket {
  readonly socket: Socket;
  /** Resolves when the server (or we) closed it. */
  readonly closed: Promise<void>;
  /** Everything the server sent. */
  received(): string;
}

/** Opens a raw TCP connection to 127.0.0.1:`port` (optionally from `localAddress`); bounded wait. */
export function openRaw(port: number, options: { localAddress?: string; timeoutMs?: number } = {}): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: options.localAddress });
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', () => {});
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to ${port} timed out`));
    }, options.timeoutMs ?? 5000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ socket, closed, received: () => text });
    });
    socket.once('close', () => {
      clearTimeout(timer);
      reject(new Error(`connection to ${port} closed before it opened`));
    });
  });
}

/** True when `closed` settles within `ms`. */
export async function closesWithin(closed: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([closed.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
