import type { CommandGroup, CommandScope } from '../command-table.js';
import { wrongArity } from '../command-table.js';
import { fitsInt64, NOT_AN_INTEGER, parseInt64 } from './parse-integer.js';
import type { ReplyWriter } from '../reply-writer.js';
import type { RespStore } from '../resp-store.js';
import { OUT_OF_MEMORY, SYNTAX_ERROR, text } from './replies.js';

/** SET's options, as parsed. */
interface SetOptions {
  nx: boolean;
  xx: boolean;
  get: boolean;
  keepTtl: boolean;
  /** Epoch ms, 0 for none. */
  expiresAt: number;
}

/** GET, SET (EX, PX, NX, XX, KEEPTTL, GET), MGET, MSET, INCR, DECR, INCRBY, DECRBY. */
export const STRING_COMMANDS: CommandGroup = {
  get: { arity: 2, run: (args, { session, store }) => replyValue(session.reply, store, args[1]!) },
  set: {
    arity: -3,
    run(args, { session, store, server }) {
      const reply = session.reply;
      // The common case: the value goes from the request's bytes into the store's, no strings made.
      if (args.length === 3) return store.setBytes(args[1]!, args[2]!) ? reply.ok() : reply.error(OUT_OF_MEMORY);
      const options = parseSetOptions(args, server.now);
      if (typeof options === 'string') return reply.error(options);
      const key = text(args[1]!);
      const old = options.get ? store.get(key) : undefined;
      const exists = options.get ? old !== undefined : (options.nx || options.xx) && store.has(key);
      if ((options.nx && exists) || (options.xx && !exists)) return reply.bulk(options.get ? (old ?? null) : null);
      // A copy, as a string: the argument points into the socket's read buffer.
      if (!store.set(key, text(args[2]!), options.expiresAt, options.keepTtl)) return reply.error(OUT_OF_MEMORY);
      if (options.get) reply.bulk(old ?? null);
      else reply.ok();
    },
  },
  mget: {
    arity: -2,
    run(args, { session, store }) {
      session.reply.arrayHeader(args.length - 1);
      for (let i = 1; i < args.length; i++) replyValue(session.reply, store, args[i]!);
    },
  },
  mset: {
    arity: -3,
    run(args, { session, store }) {
      if (args.length % 2 === 0) return session.reply.error(wrongArity('mset'));
      let bytes = 0;
      for (let i = 1; i < args.length; i++) bytes += args[i]!.length;
      // All or nothing, as in Redis: check the room first.
      if (!store.hasRoomFor(bytes)) return session.reply.error(OUT_OF_MEMORY);
      for (let i = 1; i < args.length; i += 2) store.setBytes(args[i]!, args[i + 1]!);
      session.reply.ok();
    },
  },
  incr: { arity: 2, run: (args, scope) => incrementBy(args, scope, 1n) },
  decr: { arity: 2, run: (args, scope) => incrementBy(args, scope, -1n) },
  incrby: { arity: 3, run: (args, scope) => incrementBy(args, scope, parseInt64(args[2]!)) },
  decrby: {
    arity: 3,
    run(args, scope) {
      const delta = parseInt64(args[2]!);
      if (delta !== undefined && !fitsInt64(-delta)) return scope.session.reply.error('ERR decrement would overflow');
      incrementBy(args, scope, delta === undefined ? undefined : -delta);
    },
  },
};

/** The value of `key` as a bulk reply (nil when there is none), copied from the store's bytes. */
function replyValue(reply: ReplyWriter, store: RespStore, key: Buffer): void {
  const entry = store.find(key);
  if (entry < 0) reply.bulk(null);
  else reply.bulkSlice(store.valueSource, store.valueStart(entry), store.valueEnd(entry));
}

function incrementBy(args: Buffer[], { session, store }: CommandScope, delta: bigint | undefined): void {
  const reply = session.reply;
  if (delta === undefined) return reply.error(NOT_AN_INTEGER);
  const key = text(args[1]!);
  const old = store.get(key);
  const current = old === undefined ? 0n : parseInt64(old);
  if (current === undefined) return reply.error(NOT_AN_INTEGER);
  const next = current + delta;
  if (!fitsInt64(next)) return reply.error('ERR increment or decrement would overflow');
  // The expiry stays, as in Redis.
  if (!store.set(key, String(next), 0, true)) return reply.error(OUT_OF_MEMORY);
  reply.integer(next);
}

/** SET without options: the common case, parsed without an object or a clock read. */
const NO_OPTIONS: Readonly<SetOptions> = { nx: false, xx: false, get: false, keepTtl: false, expiresAt: 0 };

/** SET's options from argument 3 on; an error reply's text when they do not parse. */
function parseSetOptions(args: Buffer[], now: () => number): Readonly<SetOptions> | string {
  if (args.length === 3) return NO_OPTIONS;
  const options: SetOptions = { ...NO_OPTIONS };
  for (let i = 3; i < args.length; i++) {
    const option = text(args[i]!).toUpperCase();
    if (option === 'NX' && !options.xx) options.nx = true;
    else if (option === 'XX' && !options.nx) options.xx = true;
    else if (option === 'GET') options.get = true;
    else if (option === 'KEEPTTL' && options.expiresAt === 0) options.keepTtl = true;
    else if (
      (option === 'EX' || option === 'PX') &&
      options.expiresAt === 0 &&
      !options.keepTtl &&
      i + 1 < args.length
    ) {
      const amount = parseInt64(args[++i]!);
      if (amount === undefined) return NOT_AN_INTEGER;
      const at = now() + Number(amount) * (option === 'EX' ? 1000 : 1);
      if (amount <= 0n || !Number.isSafeInteger(at)) return "ERR invalid expire time in 'set' command";
      options.expiresAt = at;
    } else return SYNTAX_ERROR;
  }
  return options;
}
