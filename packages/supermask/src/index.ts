export * from './architectures.js';
export * from './init.js';
export * from './mask-rule.js';
export * from './sgd.js';
export * from './client-data.js';
export * from './supermask-client.js';
export * from './evaluate.js';
