import type { Handler, Hub } from '@switchboard/core';

/**
 * A room member's handler for ordering tests: on every line N from one member, a broadcast `N-a`
 * to the others, a direct write `N-direct` to each other member, then one broadcast per suffix of
 * `after` (`N-b`, …). Every other member must hear them in exactly that order.
 */
export function interleaver(at: { hub: Hub }, after: readonly string[] = ['b']): Handler<string> {
  return {
    onOpen: (ctx) => at.hub.join(ctx.connection),
    onMessage: (ctx, msg) => {
      at.hub.broadcast(`${msg}-a`, { except: ctx.connection });
      for (const member of at.hub.members()) if (member !== ctx.connection) member.write(`${msg}-direct`);
      for (const suffix of after) at.hub.broadcast(`${msg}-${suffix}`, { except: ctx.connection });
    },
  };
}

/** What each other member hears from `interleaver` for `lines`, in order. */
export function interleaved(lines: readonly string[], after: readonly string[] = ['b']): string[] {
  return lines.flatMap((n) => [`${n}-a`, `${n}-direct`, ...after.map((suffix) => `${n}-${suffix}`)]);
}
