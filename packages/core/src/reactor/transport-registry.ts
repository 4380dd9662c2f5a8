import { formatEndpoint, type Endpoint, type Scheme } from '../endpoint/endpoint.js';
import { SwitchboardError } from '../errors.js';
import type { Transport } from '../transport/transport.js';

/** Which transport serves which URL scheme; a later transport wins for the schemes it names. */
export class TransportRegistry {
  private readonly bySchemes = new Map<Scheme, Transport>();

  constructor(
    transports: readonly Transport[],
    private readonly onError: (err: SwitchboardError) => void,
  ) {
    for (const transport of transports) this.add(transport);
  }

  /** The transport for an endpoint; BAD_URL when none serves its scheme. */
  for(endpoint: Endpoint): Transport {
    const transport = this.bySchemes.get(endpoint.scheme);
    if (!transport) {
      throw new SwitchboardError(
        'BAD_URL',
        `No transport for "${formatEndpoint(endpoint)}" (${endpoint.scheme}:// is not available in this build)`,
      );
    }
    return transport;
  }

  private add(transport: Transport): void {
    for (const scheme of transport.schemes) this.bySchemes.set(scheme, transport);
    transport.onError?.((err) =>
      this.onError(
        err instanceof SwitchboardError ? err : new SwitchboardError('UNKNOWN', err.message, { cause: err }),
      ),
    );
  }
}
