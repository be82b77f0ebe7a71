import { Provider, Type } from '@nestjs/common';

/** `EventEmitter2` from `@nestjs/event-emitter` when the host uses it, else `null` (internal token). */
export const BCL_EVENT_EMITTER = Symbol('BCL_EVENT_EMITTER');

/** The part of EventEmitter2 the library uses. */
export interface BclEventEmitter {
  emit(event: string, ...values: unknown[]): boolean;
  on(event: string, listener: (...values: never[]) => unknown): unknown;
  off(event: string, listener: (...values: never[]) => unknown): unknown;
}

/** `@nestjs/event-emitter` is an optional peer: load its EventEmitter2 class only if it is installed. */
function eventEmitterClass(): Type<BclEventEmitter> | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('@nestjs/event-emitter') as { EventEmitter2: Type<BclEventEmitter> })
      .EventEmitter2;
  } catch {
    return null;
  }
}

/**
 * Provides the host's EventEmitter2 (if `EventEmitterModule.forRoot()` is imported) or `null`, under
 * {@link BCL_EVENT_EMITTER}; both the provider and the receiver module register it.
 */
export function optionalEventEmitterProvider(): Provider {
  const cls = eventEmitterClass();
  if (!cls) return { provide: BCL_EVENT_EMITTER, useValue: null };
  return {
    provide: BCL_EVENT_EMITTER,
    useFactory: (emitter: BclEventEmitter | undefined) => emitter ?? null,
    inject: [{ token: cls, optional: true }],
  };
}
