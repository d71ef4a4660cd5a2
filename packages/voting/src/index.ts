export {};
export { plurality, type PluralityOptions, type PluralityResult } from './plurality.js';
