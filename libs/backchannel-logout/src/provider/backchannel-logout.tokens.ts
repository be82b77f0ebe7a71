/** Internal injection tokens (not exported from the package). */

/** The delivery queue (an alias of `getQueueToken(queueName)`). */
export const BCL_QUEUE = Symbol('BCL_QUEUE');

/** The host's TypeORM DataSource (an alias of `getDataSourceToken(dataSource)`). */
export const BCL_DATA_SOURCE = Symbol('BCL_DATA_SOURCE');

/** `EventEmitter2` from `@nestjs/event-emitter` when the host uses it, else `null`. */
export const BCL_EVENT_EMITTER = Symbol('BCL_EVENT_EMITTER');

/** The part of EventEmitter2 the module uses. */
export interface BclEventEmitter {
  emit(event: string, ...values: unknown[]): boolean;
  on(event: string, listener: (...values: never[]) => unknown): unknown;
  off(event: string, listener: (...values: never[]) => unknown): unknown;
}
