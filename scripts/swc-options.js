'use strict';
/**
 * The one set of @swc/core options for this repo's TypeScript: Jest (jest.config.js) and the child
 * processes started with scripts/ts-register.js compile the same way (legacy decorators with metadata,
 * for Nest's dependency injection; CommonJS).
 */
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};
