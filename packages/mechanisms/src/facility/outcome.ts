/**
 * Welfare and cost of a location y for a profile x (Aziz, Lam, Lee, Walsh, section 2):
 *   u_i = 1 - |y - x_i|,  SW = sum_i u_i,  TC = sum_i |y - x_i|,  MC = max_i |y - x_i|.
 * Optima: TC is minimised by any median (SW* = n - TC*), MC by the midpoint (MC* = (max-min)/2).
 * Ratios: welfareRatio = SW* / SW(y) (>= 1), totalCostRatio = TC(y) / TC*,
 * maxCostRatio = MC(y) / MC*, with 0/0 = 1 and a/0 = Infinity.
 */
import { lowerMedian } from './median.js';
import { ratio } from './profile.js';

export interface OutcomeEvaluation {
  location: number;
  utilities: number[];
  socialWelfare: number;
  totalCost: number;
  maxCost: number;
  optimalLocation: number;
  optimalWelfare: number;
  optimalTotalCost: number;
  optimalMaxCost: number;
  welfareRatio: number;
  totalCostRatio: number;
  maxCostRatio: number;
}

export function totalCost(profile: readonly number[], y: number): number {
  let s = 0;
  for (const x of profile) s += Math.abs(y - x);
  return s;
}

export function maxCost(profile: readonly number[], y: number): number {
  let m = 0;
  for (const x of profile) m = Math.max(m, Math.abs(y - x));
  return m;
}

export function evaluateOutcome(profile: readonly number[], y: number): OutcomeEvaluation {
  const n = profile.length;
  const utilities = profile.map((x) => 1 - Math.abs(y - x));
  const tc = totalCost(profile, y);
  const mc = maxCost(profile, y);
  const optimalLocation = lowerMedian(profile);
  const optTc = totalCost(profile, optimalLocation);
  const optMc = (Math.max(...profile) - Math.min(...profile)) / 2;
  const sw = n - tc;
  const optSw = n - optTc;
  return {
    location: y,
    utilities,
    socialWelfare: sw,
    totalCost: tc,
    maxCost: mc,
    optimalLocation,
    optimalWelfare: optSw,
    optimalTotalCost: optTc,
    optimalMaxCost: optMc,
    welfareRatio: ratio(optSw, sw),
    totalCostRatio: ratio(tc, optTc),
    maxCostRatio: ratio(mc, optMc),
  };
}
