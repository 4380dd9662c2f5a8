import {
  handler,
  HUB,
  Hub,
  SwitchboardError,
  visibleText,
  type Connection,
  type Handler,
  type HandlerContext,
} from '@switchboard/core';
import { inject } from 'tsyringe';
import { BROADCAST_OPTIONS, DISPLAY_NAME, ROOM, type BroadcastHandlerOptions } from './tokens.js';

/** How a connection is named in chat: its display name if it chose one, else its address:port. */
export function displayName(connection: Connection): string {
  return DISPLAY_NAME.get(connection) ?? connection.peer;
}

/** The room a connection talks in: where a handler moved it (`ROOM`), else `listenerRoom`. */
export function roomOf(connection: Connection, listenerRoom: string): string {
  return ROOM.get(connection) ?? listenerRoom;
}

/**
 * Relays each line to every other member of its room, as `[127.0.0.1:36259] line`; never back to
 * the sender. The room is the listener's (`handlerOptions: { broadcast: { room } }`, default
 * `lobby`), or the one a handler moved the connection to (`ROOM`). One message stays one line on
 * every transport: controls, bidi and invisible characters are shown escaped (`visibleText`), once
 * per message, whatever the receivers' transports. A line is a line: `quit` too is relayed (the
 * default greeting promises nothing else); for byte-exact relays, call `Hub.broadcast` with a Uint8Array.
 */
@handler('broadcast', { scope: 'listener', framing: 'lines', options: BROADCAST_OPTIONS })
export class BroadcastHandler implements Handler<string> {
  private readonly room: string;
  /** Each sender's `[name] `, made visible once per name rather than once per line. */
  private readonly prefixes = new WeakMap<Connection, SenderPrefix>();

  constructor(
    @inject(HUB) private readonly hub: Hub,
    @inject(BROADCAST_OPTIONS) options: BroadcastHandlerOptions,
  ) {
    if (typeof options.room !== 'string' || options.room === '') {
      throw new SwitchboardError(
        'BAD_OPTION',
        `broadcast's room must be a non-empty string, got ${String(options.room)}`,
      );
    }
    this.room = options.room;
  }

  onOpen(ctx: HandlerContext): void {
    this.hub.join(ctx.connection, roomOf(ctx.connection, this.room));
  }

  onMessage(ctx: HandlerContext, line: string): void {
    const connection = ctx.connection;
    // The same text as visibleText(`[name] line`): what is escaped depends on a character and its
    // neighbours only, and the prefix ends in `] `, which neither escapes nor joins.
    this.hub.broadcast(this.prefixOf(connection) + visibleText(line), {
      room: roomOf(connection, this.room),
      except: connection,
    });
  }

  onClose(ctx: HandlerContext): void {
    this.hub.leave(ctx.connection, roomOf(ctx.connection, this.room));
  }

  /** `[name] ` made visible; made again when the name changed since the last line (a `/name`). */
  private prefixOf(connection: Connection): string {
    const name = displayName(connection);
    let prefix = this.prefixes.get(connection);
    if (prefix?.name !== name) this.prefixes.set(connection, (prefix = { name, text: visibleText(`[${name}] `) }));
    return prefix.text;
  }
}

interface SenderPrefix {
  readonly name: string;
  readonly text: string;
}
