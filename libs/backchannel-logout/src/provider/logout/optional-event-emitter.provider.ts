import { Provider, Type } from '@nestjs/common';
import { BCL_EVENT_EMITTER, BclEventEmitter } from '../backchannel-logout.tokens';

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

/** Provides the host's EventEmitter2 (if `EventEmitterModule.forRoot()` is imported) or `null`. */
export function optionalEventEmitterProvider(): Provider {
  const cls = eventEmitterClass();
  if (!cls) return { provide: BCL_EVENT_EMITTER, useValue: null };
  return {
    provide: BCL_EVENT_EMITTER,
    useFactory: (emitter: BclEventEmitter | undefined) => emitter ?? null,
    inject: [{ token: cls, optional: true }],
  };
}
