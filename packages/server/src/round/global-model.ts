/**
 * The global model as a value: its parameters (supermask: scores per layer; dense: [flat
 * parameters]) and a version, the number of aggregation steps behind it (0 at initialization,
 * r + 1 after round r). The aggregate stage returns a new one; clients receive it explicitly,
 * and every train or evaluate request names the version it expects.
 */
export interface GlobalModel {
  readonly version: number;
  readonly params: readonly Float32Array[];
}
