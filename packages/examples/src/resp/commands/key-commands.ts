import type { CommandGroup, CommandScope } from '../command-table.js';
import { GlobPattern } from '../glob-match.js';
import { NOT_AN_INTEGER, parseInt64 } from './parse-integer.js';
import { text } from './replies.js';

/** DEL, EXISTS, EXPIRE, PEXPIRE (NX, XX, GT, LT), TTL, PTTL, KEYS. */
export const KEY_COMMANDS: CommandGroup = {
  del: {
    arity: -2,
    run(args, { session, store }) {
      let deleted = 0;
      for (let i = 1; i < args.length; i++) if (store.delete(text(args[i]!))) deleted++;
      session.reply.integer(deleted);
    },
  },
  exists: {
    arity: -2,
    run(args, { session, store }) {
      let found = 0;
      for (let i = 1; i < args.length; i++) if (store.has(text(args[i]!))) found++;
      session.reply.integer(found);
    },
  },
  expire: { arity: -3, run: (args, scope) => expire(args, scope, 1000) },
  pexpire: { arity: -3, run: (args, scope) => expire(args, scope, 1) },
  ttl: {
    arity: 2,
    run(args, { session, store }) {
      const ms = store.ttlMs(text(args[1]!));
      // Whole seconds, rounded as Redis rounds them.
      session.reply.integer(ms < 0 ? ms : Math.floor((ms + 500) / 1000));
    },
  },
  pttl: { arity: 2, run: (args, { session, store }) => session.reply.integer(store.ttlMs(text(args[1]!))) },
  keys: {
    arity: 2,
    run(args, { session, store }) {
      const pattern = new GlobPattern(text(args[1]!));
      const found: string[] = [];
      for (const key of store.keys()) if (pattern.matches(key)) found.push(key);
      session.reply.arrayHeader(found.length);
      for (const key of found) session.reply.bulk(key);
    },
  },
};

/** EXPIRE and PEXPIRE: `unitMs` is what one unit of the argument is worth. */
function expire(args: Buffer[], { session, store, server }: CommandScope, unitMs: number): void {
  const reply = session.reply;
  const amount = parseInt64(args[2]!);
  const at = amount === undefined ? NaN : server.now() + Number(amount) * unitMs;
  if (!Number.isSafeInteger(at)) {
    return reply.error(
      amount === undefined ? NOT_AN_INTEGER : `ERR invalid expire time in '${text(args[0]!).toLowerCase()}' command`,
    );
  }
  const key = text(args[1]!);
  const current = store.ttlMs(key);
  if (current === -2) return reply.integer(0);
  const condition = args.length > 3 ? text(args[3]!).toUpperCase() : '';
  if (args.length > 4 || !['', 'NX', 'XX', 'GT', 'LT'].includes(condition)) {
    return reply.error(`ERR Unsupported option ${args.length > 4 ? text(args[4]!) : text(args[3]!)}`);
  }
  // A key without expiry counts as expiring never: GT never applies to it, LT always does.
  const currentAt = current === -1 ? Infinity : server.now() + current;
  const applies =
    (condition === 'NX' && current === -1) ||
    (condition === 'XX' && current !== -1) ||
    (condition === 'GT' && at > currentAt) ||
    (condition === 'LT' && at < currentAt) ||
    condition === '';
  reply.integer(applies && store.expireAt(key, at) ? 1 : 0);
}
