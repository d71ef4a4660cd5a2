/**
 * A linear program  max/min c'x  s.t.  rowLower <= Ax <= rowUpper,  colLower <= x <= colUpper,
 * solved with HiGHS (the `highs` package: the HiGHS solver compiled to WebAssembly), loaded once.
 */
import highsDefault, { type Highs } from 'highs';
import { MechanismSolverError } from '../errors.js';

// The package's types.d.ts is written for CommonJS, so under NodeNext TypeScript types the ESM
// default import as the module object; at run time (build/highs.mjs) it is the loader itself.
const loadHighs = highsDefault as unknown as () => Promise<Highs>;

export interface LpRow {
  indices: number[];
  values: number[];
  lower: number;
  upper: number;
}

export interface LinearProgram {
  maximize: boolean;
  colCost: number[];
  colLower: number[];
  colUpper: number[];
  rows: LpRow[];
}

export interface LpSolution {
  objective: number;
  x: Float64Array;
}

let runtime: Promise<Highs> | undefined;

function highs(): Promise<Highs> {
  runtime ??= loadHighs();
  return runtime;
}

/** Sums duplicate column entries of a row (HiGHS rejects repeated indices within a row). */
function compact(row: LpRow): { indices: number[]; values: number[] } {
  const m = new Map<number, number>();
  row.indices.forEach((j, k) => m.set(j, (m.get(j) ?? 0) + row.values[k]));
  const indices = [...m.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((j) => m.get(j) ?? 0) };
}

export async function solveLp(lp: LinearProgram): Promise<LpSolution> {
  const h = await highs();
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of lp.rows) {
    const c = compact(row);
    indices.push(...c.indices);
    values.push(...c.values);
    starts.push(indices.length);
  }
  const inf = (x: number): number => (x === Infinity ? h.infinity : x === -Infinity ? -h.infinity : x);
  const numCols = lp.colCost.length;
  const numRows = lp.rows.length;
  return h.withModel(
    {
      numCols,
      numRows,
      sense: lp.maximize ? h.constants.objectiveSense.maximize : h.constants.objectiveSense.minimize,
      colCost: lp.colCost,
      colLower: lp.colLower.map(inf),
      colUpper: lp.colUpper.map(inf),
      rowLower: lp.rows.map((r) => inf(r.lower)),
      rowUpper: lp.rows.map((r) => inf(r.upper)),
      matrix: { format: 'csr', numRows, numCols, starts, indices, values },
    },
    (model) => {
      model.options.set({ output_flag: false });
      model.run();
      const status = model.getModelStatus();
      if (status !== h.constants.modelStatus.optimal) {
        const name = Object.entries(h.constants.modelStatus).find(([, v]) => v === status)?.[0] ?? String(status);
        throw new MechanismSolverError(`the LP solver stopped with status ${name}`);
      }
      return { objective: model.getObjectiveValue(), x: model.getSolution().colValue };
    },
  );
}
