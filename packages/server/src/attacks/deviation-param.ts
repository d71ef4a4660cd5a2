/** The `deviation` parameter of the search attacks (min-max, min-sum, agr-tailored): the perturbation direction. */
import { choice } from '../plugins/param-types.js';
import { DEVIATION_KINDS, type DeviationKind } from './perturbation.js';

export const deviationParam = choice(DEVIATION_KINDS as readonly DeviationKind[] as [DeviationKind, ...DeviationKind[]]);
