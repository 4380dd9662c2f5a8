import type { Connection } from '../channel/connection.js';
import type { SwitchboardError } from '../errors.js';

/**
 * What a handler sees of its connection and its place in the chain. One per handler per
 * connection. `write`, `close` and `end` are the connection's own, here for brevity.
 */
export interface HandlerContext {
  readonly connection: Connection;
  /** Encodes and queues a message; false when the peer is not keeping up (see `onWritable`). */
  write(msg: string | Uint8Array): boolean;
  /** Passes a message to the next handler in the chain that has `onMessage`. */
  next(msg: unknown): void;
  /** Flushes what was written, then closes the connection both ways. */
  close(): void;
  /** Flushes, then half-closes: the peer reads to the end and may still send. */
  end(): void;
}

/** A value a handler method may return: nothing, or a promise the pipeline watches for rejection. */
export type HandlerResult = void | Promise<void>;

/**
 * A protocol handler. Implement only the events you need; a message that a handler has no
 * `onMessage` for flows on to the next one. Lifecycle events reach every handler in order.
 */
export interface Handler<In = unknown> {
  onOpen?(ctx: HandlerContext): HandlerResult;
  onMessage?(ctx: HandlerContext, msg: In): HandlerResult;
  /** The peer caught up after `write` returned false. */
  onWritable?(ctx: HandlerContext): HandlerResult;
  /** No traffic within the idle timeout. Without any `onIdle` in the chain the reactor closes the channel. */
  onIdle?(ctx: HandlerContext): HandlerResult;
  /** The peer half-closed. Without any `onEnd` in the chain the reactor ends its side once writes flush. */
  onEnd?(ctx: HandlerContext): HandlerResult;
  /** The server is shutting down gracefully: the last chance to write. */
  onShutdown?(ctx: HandlerContext): HandlerResult;
  onClose?(ctx: HandlerContext): HandlerResult;
  onError?(ctx: HandlerContext, err: SwitchboardError): HandlerResult;
}

/** A handler class, as registered with the container. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- constructor parameters are the container's business
export type HandlerClass = new (...args: any[]) => Handler;

/**
 * A handler class whose `onMessage`, if it has one, accepts `M`. A function-typed property (not a
 * method) so that its parameter is checked strictly: `Handler<Buffer>` does not pass for strings.
 * `unknown` (a codec factory that names no message type) checks nothing.
 */
export type HandlerClassFor<M> = unknown extends M
  ? HandlerClass
  : // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in HandlerClass
    new (...args: any[]) => Omit<Handler, 'onMessage'> & {
      onMessage?: (ctx: HandlerContext, msg: M) => HandlerResult;
    };
