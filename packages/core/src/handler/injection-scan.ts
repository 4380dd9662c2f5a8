import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { CONNECTION } from '../tokens.js';
import type { HandlerRegistry, ServiceClass } from './handler-registry.js';

/**
 * The metadata key tsyringe's `@inject` writes (read by its own `getParamInfo`). It is set by
 * the decorator itself, so unlike `design:paramtypes` it does not depend on the compiler.
 */
const INJECTION_TOKENS = 'injectionTokens';

type Param = { token: InjectionToken<unknown>; optional: boolean };

/**
 * What building a class asks of a connection, found without building anything: follows the
 * `@inject` tokens of its constructor, and of the classes and connection services it injects.
 */
export class InjectionScan {
  /** True when CONNECTION or a connection service is reached. */
  connection = false;
  /** The connection services reached, to register in each connection's container. */
  readonly services = new Map<InjectionToken<unknown>, ServiceClass>();
  /** The first parameter that cannot be resolved, for a listen()-time error. */
  problem?: string;
  private readonly seen = new Set<ServiceClass>();

  constructor(
    private readonly container: DependencyContainer,
    private readonly registry: HandlerRegistry | undefined,
  ) {}

  /** Follows the constructor parameters of `type`. */
  visit(type: ServiceClass): this {
    if (this.seen.has(type)) return this;
    this.seen.add(type);
    const params = paramsOf(type);
    for (let index = 0; index < type.length; index++) {
      const param = params[index];
      if (param) this.visitParam(param, type);
      else this.problem ??= `parameter #${index} of ${type.name} has no @inject(token)`;
    }
    return this;
  }

  private visitParam({ token, optional }: Param, owner: ServiceClass): void {
    if (token === CONNECTION) {
      this.connection = true;
      return;
    }
    const service = this.registry?.connectionService(token);
    if (service) {
      this.connection = true;
      this.services.set(token, service);
      this.visit(service);
    } else if (typeof token === 'function') {
      // A class is built where it is needed unless registered otherwise; follow what it injects.
      if (!this.container.isRegistered(token, true)) this.visit(token);
    } else if (typeof token !== 'object' && !optional && !this.container.isRegistered(token, true)) {
      this.problem ??= `${owner.name} injects ${String(token)}, which is not registered`;
    }
  }
}

/** The `@inject` tokens of a constructor by parameter index (plain tokens, or tsyringe's descriptors). */
function paramsOf(type: ServiceClass): Param[] {
  const reflect = Reflect as unknown as { getOwnMetadata(key: string, target: object): unknown };
  const recorded = (reflect.getOwnMetadata(INJECTION_TOKENS, type) ?? {}) as Record<number, unknown>;
  const params: Param[] = [];
  for (const [index, entry] of Object.entries(recorded)) {
    const described = typeof entry === 'object' && entry !== null && 'token' in entry;
    params[Number(index)] = described
      ? {
          token: entry.token as InjectionToken<unknown>,
          optional: (entry as { isOptional?: boolean }).isOptional === true,
        }
      : { token: entry as InjectionToken<unknown>, optional: false };
  }
  return params;
}
