export {};
export { plurality, type PluralityOptions, type PluralityResult } from './plurality.js';
export * from './phantom-median.js';
export { argsortFloat32, argsortFloat64, releaseArgsortScratch } from './argsort.js';
export { inversePermutation, isPermutation, validatePermutation } from './permutation.js';
export { kthSmallest, maskZeros, topKMaskOfAbs, topKMaskOfRanking } from './select.js';
export { BordaAccumulator, bordaRanking, bordaScores } from './borda.js';
