import type { CommandGroup, CommandScope } from '../command-table.js';
import { SERVER_VERSION, text } from './replies.js';

/** COMMAND (empty answers: clients fall back to their own command lists) and a minimal INFO. */
export const SERVER_COMMANDS: CommandGroup = {
  command: {
    arity: -1,
    run(args, { session }) {
      const reply = session.reply;
      const sub = args.length > 1 ? text(args[1]!).toUpperCase() : '';
      if (sub === 'COUNT') return reply.integer(0);
      if (sub === '' || sub === 'DOCS' || sub === 'LIST') return reply.arrayHeader(0);
      if (sub === 'INFO') {
        reply.arrayHeader(args.length - 2);
        for (let i = 2; i < args.length; i++) reply.bulk(null);
        return;
      }
      reply.error(`ERR unknown subcommand '${text(args[1]!)}'. Try COMMAND HELP.`);
    },
  },
  info: { arity: -1, run: (_args, scope) => scope.session.reply.bulk(info(scope)) },
};

/** The sections clients read: ioredis waits for `loading:0`; tools show version and key counts. */
function info({ store, server }: CommandScope): string {
  const uptime = Math.floor((server.now() - server.startedAt) / 1000);
  return [
    '# Server',
    `redis_version:${SERVER_VERSION}`,
    'redis_mode:standalone',
    `process_id:${process.pid}`,
    `uptime_in_seconds:${uptime}`,
    '',
    '# Clients',
    `connected_clients:${server.connectedClients}`,
    '',
    '# Memory',
    `used_memory:${store.usedBytes}`,
    '',
    '# Persistence',
    'loading:0',
    '',
    '# Keyspace',
    store.size > 0 ? `db0:keys=${store.size},expires=${store.expiringCount},avg_ttl=0` : '',
    '',
  ].join('\r\n');
}
