export {};
export { plurality, type PluralityOptions, type PluralityResult } from './plurality.js';
export * from './phantom-median.js';
export { argsortFloat32, argsortFloat64, releaseArgsortScratch } from './argsort.js';
export { inversePermutation, isPermutation, validatePermutation } from './permutation.js';
export { kthSmallest, maskZeros, topKMaskOfAbs, topKMaskOfAbsThreshold, topKMaskOfRanking } from './select.js';
export { BordaAccumulator, bordaRanking, bordaScores } from './borda.js';
export { gatherCoordinate, insertionSort, reduceSortedCoordinates, sortedCoordinate, sortedCopy } from './robust/sorted-coordinate.js';
export { coordinateMedianInto, sortedMedian } from './robust/coordinate-median.js';
export { coordinateTrimmedMeanInto, sortedTrimmedMean } from './robust/trimmed-mean.js';
export {
  prepareTrimmedMeanWithCopies,
  MAX_PROBES_PER_PASS,
  trimmedMeanWithCopiesDistances,
  trimmedMeanWithCopiesInto,
  type TrimmedMeanScratch,
  type TrimmedMeanWithCopies,
} from './robust/trimmed-mean-with-copies.js';
export { argmin, iterativeKrum, krumOrder, krumScores } from './robust/krum-scores.js';
