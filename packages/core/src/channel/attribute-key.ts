import type { Connection } from './connection.js';

/** What a key reads and writes: a connection as handlers see it (a Channel, or its public interface). */
type AttributeHolder = Pick<Connection, 'attribute' | 'attributes'>;

/**
 * A typed name for per-connection state, like Netty's `AttributeKey<T>`: handlers that share a
 * key share the value, and the compiler knows its type.
 *
 *   const NICK = new AttributeKey<string>('nick');
 *   NICK.set(ctx.connection, 'bob');
 *   NICK.get(ctx.connection); // string | undefined
 */
export class AttributeKey<T> {
  /** Each key is its own symbol: two keys with one name never collide. */
  private readonly symbol: symbol;

  constructor(readonly name: string) {
    this.symbol = Symbol(name);
  }

  /** The value on this connection, or undefined; reading never allocates. */
  get(channel: AttributeHolder): T | undefined {
    return channel.attribute(this.symbol) as T | undefined;
  }

  set(channel: AttributeHolder, value: T): void {
    channel.attributes.set(this.symbol, value);
  }

  /** True when this connection holds a value (other than undefined) under the key. */
  has(channel: AttributeHolder): boolean {
    return channel.attribute(this.symbol) !== undefined;
  }

  /** Removes the value; true if there was one. */
  delete(channel: AttributeHolder): boolean {
    return channel.attribute(this.symbol) !== undefined && channel.attributes.delete(this.symbol);
  }

  toString(): string {
    return `AttributeKey(${this.name})`;
  }
}
