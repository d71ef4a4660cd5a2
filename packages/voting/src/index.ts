export {};
export { plurality, type PluralityOptions, type PluralityResult } from './plurality.js';
export * from './phantom-median.js';
