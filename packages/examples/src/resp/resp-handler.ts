import { AttributeKey, handler, type Handler, type HandlerContext } from '@switchboard/core';
import { inject } from 'tsyringe';
import { CommandTable, type ServerState } from './command-table.js';
import { CONNECTION_COMMANDS } from './commands/connection-commands.js';
import { KEY_COMMANDS } from './commands/key-commands.js';
import { SERVER_COMMANDS } from './commands/server-commands.js';
import { STRING_COMMANDS } from './commands/string-commands.js';
import { RESP_FRAMING } from './resp-codec.js';
import { RespSession } from './resp-session.js';
import type { RespStore } from './resp-store.js';
import { RESP_STORE } from './tokens.js';
import { WriteScheduler } from './write-scheduler.js';

const SESSION = new AttributeKey<RespSession>('resp.session');

/**
 * A Redis-compatible key-value server (RESP2, strings only): `redis-cli`, `ioredis` and `nc`
 * talk to it. One instance serves every connection of a listener; each connection's
 * RespSession keeps its replies in order and its reading in step with the peer.
 */
@handler('resp', { scope: 'listener', framing: RESP_FRAMING })
export class RespHandler implements Handler<Buffer[]> {
  private readonly commands = new CommandTable([CONNECTION_COMMANDS, STRING_COMMANDS, KEY_COMMANDS, SERVER_COMMANDS]);
  private readonly server: ServerState = { startedAt: Date.now(), connectedClients: 0, now: Date.now };
  private readonly scheduler = new WriteScheduler();
  private nextId = 1;

  constructor(@inject(RESP_STORE) private readonly store: RespStore) {}

  onOpen(ctx: HandlerContext): void {
    const scope = { session: undefined as unknown as RespSession, store: this.store, server: this.server };
    scope.session = new RespSession(
      this.nextId++,
      ctx,
      (args) => this.commands.run(args, scope),
      this.scheduler,
      Date.now(),
    );
    SESSION.set(ctx.connection, scope.session);
    this.server.connectedClients++;
  }

  onMessage(ctx: HandlerContext, args: Buffer[]): void {
    sessionOf(ctx).receive(args);
  }

  onWritable(ctx: HandlerContext): void {
    sessionOf(ctx).writable();
  }

  onClose(): void {
    this.server.connectedClients--;
  }
}

function sessionOf(ctx: HandlerContext): RespSession {
  return SESSION.get(ctx.connection)!;
}
