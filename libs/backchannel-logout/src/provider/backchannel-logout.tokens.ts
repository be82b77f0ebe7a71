/** Internal injection tokens (not exported from the package). */

/** The delivery queue (an alias of `getQueueToken(queueName)`). */
export const BCL_QUEUE = Symbol('BCL_QUEUE');

/** The host's TypeORM DataSource (an alias of `getDataSourceToken(dataSource)`). */
export const BCL_DATA_SOURCE = Symbol('BCL_DATA_SOURCE');
