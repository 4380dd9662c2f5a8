import { formatEndpoint, type Endpoint, type Scheme } from '../endpoint/endpoint.js';
import { SwitchboardError } from '../errors.js';
import type { Transport } from '../transport/transport.js';

/** Which transport serves which URL scheme; a later transport wins for the schemes it names. */
export class TransportRegistry {
  /** Every transport for a scheme, in the order given (built-ins first). */
  private readonly bySchemes = new Map<Scheme, Transport[]>();

  constructor(
    transports: readonly Transport[],
    private readonly onError: (err: SwitchboardError) => void,
  ) {
    for (const transport of transports) this.add(transport);
  }

  /**
   * The transport for an endpoint: the last one given for its scheme, or under `choice` the last
   * one of that name (unnamed transports are 'js'). BAD_URL when none serves the scheme, BAD_OPTION
   * when none of that name does.
   */
  for(endpoint: Endpoint, choice: string = 'auto'): Transport {
    const candidates = this.bySchemes.get(endpoint.scheme);
    if (!candidates) {
      throw new SwitchboardError(
        'BAD_URL',
        `No transport for "${formatEndpoint(endpoint)}" (${endpoint.scheme}:// is not available in this build)`,
      );
    }
    const named = choice === 'auto' ? candidates : candidates.filter((t) => (t.name ?? 'js') === choice);
    const transport = named[named.length - 1];
    if (!transport) {
      throw new SwitchboardError(
        'BAD_OPTION',
        `No "${choice}" transport for "${formatEndpoint(endpoint)}" (transport: ${['auto', ...new Set(candidates.map((t) => t.name ?? 'js'))].join(', ')})`,
      );
    }
    return transport;
  }

  private add(transport: Transport): void {
    for (const scheme of transport.schemes)
      this.bySchemes.set(scheme, [...(this.bySchemes.get(scheme) ?? []), transport]);
    transport.onError?.((err) =>
      this.onError(
        err instanceof SwitchboardError ? err : new SwitchboardError('UNKNOWN', err.message, { cause: err }),
      ),
    );
  }
}
