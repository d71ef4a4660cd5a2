/**
 * `Array.isArray` for a codec's input layers, without widening them to `any[]`: encoders are
 * typed, but a malformed update may hand them anything at run time, so they still check.
 */
export function isLayerList<T>(layers: readonly T[]): layers is readonly T[] {
  return Array.isArray(layers);
}
