import { handler, type Handler, type HandlerContext } from '@switchboard/core';
import { inject } from 'tsyringe';
import { KV_STORE, type KvStore } from './kv-store.js';

/**
 * A small line protocol a backend team might write: `SET key value`, `GET key`, `DEL key`,
 * `SIZE`, `QUIT`. One instance serves every connection; the store is injected.
 */
@handler('kv', { scope: 'listener', framing: 'lines' })
export class KvHandler implements Handler<string> {
  constructor(@inject(KV_STORE) private readonly store: KvStore) {}

  onMessage(ctx: HandlerContext, line: string): void {
    const [command = '', key, ...rest] = line.trim().split(/\s+/);
    switch (command.toUpperCase()) {
      case 'SET':
        if (!key || rest.length === 0) return void ctx.write('ERR usage: SET key value');
        return void ctx.write(this.store.set(key, rest.join(' ')) ? 'OK' : 'ERR store full');
      case 'GET': {
        const value = key ? this.store.get(key) : undefined;
        return void ctx.write(value === undefined ? 'NIL' : `VALUE ${value}`);
      }
      case 'DEL':
        return void ctx.write(key && this.store.delete(key) ? 'DELETED 1' : 'DELETED 0');
      case 'SIZE':
        return void ctx.write(`SIZE ${this.store.size}`);
      case 'QUIT':
        return ctx.close();
      default:
        ctx.write(`ERR unknown command '${command}'`);
    }
  }
}
