import type { CommandGroup, CommandScope } from '../command-table.js';
import { wrongArity } from '../command-table.js';
import { parseInt64, NOT_AN_INTEGER } from './parse-integer.js';
import { SERVER_VERSION, text } from './replies.js';

/** PING, ECHO, QUIT, SELECT (database 0 only), HELLO (RESP2 only), CLIENT. */
export const CONNECTION_COMMANDS: CommandGroup = {
  ping: {
    arity: -1,
    run(args, { session }) {
      if (args.length > 2) return session.reply.error(wrongArity('ping'));
      if (args.length === 2) session.reply.bulk(args[1]!);
      else session.reply.simple('PONG');
    },
  },
  echo: { arity: 2, run: (args, { session }) => session.reply.bulk(args[1]!) },
  quit: {
    arity: -1,
    run(_args, { session }) {
      session.reply.ok();
      session.quit();
    },
  },
  select: {
    arity: 2,
    run(args, { session }) {
      const index = parseInt64(args[1]!);
      if (index === undefined) session.reply.error(NOT_AN_INTEGER);
      else if (index !== 0n) session.reply.error('ERR DB index is out of range');
      else session.reply.ok();
    },
  },
  hello: { arity: -1, run: hello },
  client: { arity: -2, run: client },
};

/** HELLO [protover [AUTH user pass] [SETNAME name]], answered as Redis 6 answers a RESP2 client. */
function hello(args: Buffer[], scope: CommandScope): void {
  const { session } = scope;
  const reply = session.reply;
  if (args.length > 1) {
    const version = parseInt64(args[1]!);
    if (version === undefined) return reply.error('ERR Protocol version is not an integer or out of range');
    if (version !== 2n) return reply.error('NOPROTO sorry, this protocol version is not supported');
  }
  let name: Buffer | undefined;
  for (let i = 2; i < args.length; i++) {
    const option = text(args[i]!).toUpperCase();
    // No passwords here: AUTH is accepted as Redis' passwordless default user accepts it.
    if (option === 'AUTH' && i + 2 < args.length) i += 2;
    else if (option === 'SETNAME' && i + 1 < args.length) name = args[++i]!;
    else return reply.error(`ERR Syntax error in HELLO option '${text(args[i]!)}'`);
  }
  if (name !== undefined && !setName(scope, name)) return;
  // The server's properties as a map, which RESP2 writes as a flat array of names and values.
  reply.arrayHeader(14);
  for (const [key, value] of [
    ['server', 'redis'],
    ['version', SERVER_VERSION],
    ['proto', 2],
    ['id', session.id],
    ['mode', 'standalone'],
    ['role', 'master'],
  ] as const) {
    reply.bulk(key);
    if (typeof value === 'number') reply.integer(value);
    else reply.bulk(value);
  }
  reply.bulk('modules');
  reply.arrayHeader(0);
}

/** CLIENT SETNAME, GETNAME, ID, INFO, SETINFO. */
function client(args: Buffer[], scope: CommandScope): void {
  const { session } = scope;
  const reply = session.reply;
  const sub = text(args[1]!).toLowerCase();
  const arity: Record<string, number> = { setname: 3, getname: 2, id: 2, info: 2, setinfo: 4 };
  if (arity[sub] === undefined) {
    return reply.error(`ERR unknown subcommand '${text(args[1]!)}'. Try CLIENT HELP.`);
  }
  if (args.length !== arity[sub]) return reply.error(wrongArity(`client|${sub}`));
  switch (sub) {
    case 'setname':
      if (setName(scope, args[2]!)) reply.ok();
      return;
    case 'getname':
      return reply.bulk(session.name);
    case 'id':
      return reply.integer(session.id);
    case 'info':
      return reply.bulk(clientInfo(scope));
    default:
      return setInfo(args, scope);
  }
}

/** CLIENT SETINFO lib-name|lib-ver value (what ioredis and redis-py send on connect). */
function setInfo(args: Buffer[], scope: CommandScope): void {
  const { session } = scope;
  const attribute = text(args[2]!).toLowerCase();
  const value = text(args[3]!);
  if (!printable(scope, args[3]!, attribute)) return;
  if (attribute === 'lib-name') session.libName = value;
  else if (attribute === 'lib-ver') session.libVersion = value;
  else return session.reply.error(`ERR Unrecognized option '${text(args[2]!)}'`);
  session.reply.ok();
}

/** Names are printable ASCII without spaces (they appear in CLIENT INFO lines); empty clears. */
function setName(scope: CommandScope, name: Buffer): boolean {
  if (!printable(scope, name, 'Client names')) return false;
  scope.session.name = name.length === 0 ? null : Buffer.from(name);
  return true;
}

/** True for printable ASCII without spaces; otherwise answers Redis' error naming `what`. */
function printable({ session }: CommandScope, value: Buffer, what: string): boolean {
  for (const byte of value) {
    if (byte <= 0x20 || byte >= 0x7f) {
      session.reply.error(`ERR ${what} cannot contain spaces, newlines or special characters.`);
      return false;
    }
  }
  return true;
}

function clientInfo({ session, server }: CommandScope): string {
  const name = session.name === null ? '' : text(session.name);
  const age = Math.floor((server.now() - session.openedAt) / 1000);
  return (
    `id=${session.id} addr=${session.peer} name=${name} age=${age} db=0 resp=2 ` +
    `lib-name=${session.libName} lib-ver=${session.libVersion}\n`
  );
}
