import { fileURLToPath } from 'node:url';
import { Reactor, registerHandler, silentLogger, type Logger } from '@switchboard/core';
import { registerHandlers } from '@switchboard/handlers';
import { container } from 'tsyringe';
import { PresenceHandler, type PresenceOptions } from './presence-handler.js';
import { serveStatic } from './serve-static.js';

/** Options for the chat demo; 0 picks a free port. */
export interface ChatServerOptions {
  host?: string;
  /** Telnet chat (default 5000). */
  tcpPort?: number;
  /** The web page and its WebSocket at /chat (default 8080). */
  httpPort?: number;
  logger?: Logger;
}

/** A running chat demo. */
export interface ChatServer {
  readonly tcpPort: number;
  readonly httpPort: number;
  /** `tcp://127.0.0.1:5000`: for telnet or nc. */
  readonly tcpUrl: string;
  /** `ws://127.0.0.1:8080/chat`: what the page connects to. */
  readonly wsUrl: string;
  /** `http://127.0.0.1:8080/`: the page. */
  readonly pageUrl: string;
  close(): Promise<void>;
}

export const CHAT_GREETING =
  'Welcome to Switchboard chat! Type a line and press Enter to talk; /name NAME picks your name, /join ROOM changes rooms, /who lists yours.';

/**
 * The page's files. They stay in src/chat/public (the package publishes src), found from this
 * module whether it runs from src/chat (tests) or dist/chat (`pnpm start`): both sit two levels down.
 */
export function publicDir(moduleUrl: string = import.meta.url): string {
  return fileURLToPath(new URL('../../src/chat/public/', moduleUrl));
}

/**
 * Telnet chat and a web page whose WebSocket joins the same room (one Hub in one container).
 *
 *   pnpm start      then   telnet 127.0.0.1 5000   and open http://127.0.0.1:8080/
 */
export async function start(options: ChatServerOptions = {}): Promise<ChatServer> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const scope = container.createChildContainer();
  registerHandlers(scope);
  registerHandler(scope, PresenceHandler);
  const reactor = new Reactor({ container: scope, logger });
  const chain = ['greeting', 'presence', 'broadcast'];
  const greeting = { text: CHAT_GREETING };
  const telnet: PresenceOptions = { announceJoin: 'open' };
  // Browsers send `/name Alice` first, so they are announced by name rather than by address.
  const browsers: PresenceOptions = { announceJoin: 'first-message' };
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const tcp = reactor.listen(`tcp://${urlHost}:${options.tcpPort ?? 5000}`, chain, {
    handlerOptions: { greeting, presence: telnet },
  });
  const ws = reactor.listen(`ws://${urlHost}:${options.httpPort ?? 8080}/chat`, chain, {
    handlerOptions: { greeting, presence: browsers },
    httpHandler: serveStatic(publicDir()),
  });
  try {
    await reactor.start();
  } catch (err) {
    await reactor.close({ graceMs: 0 });
    throw err;
  }
  const pageUrl = `http://${urlHost}:${ws.port}/`;
  logger.info(`chat page at ${pageUrl}`);
  return {
    tcpPort: tcp.port,
    httpPort: ws.port,
    tcpUrl: tcp.url,
    wsUrl: ws.url,
    pageUrl,
    close: () => reactor.close({ graceMs: 1000 }),
  };
}
