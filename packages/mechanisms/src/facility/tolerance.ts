/** Slack allowed in the axiom and deviation checks for floating-point rounding. */
export const FACILITY_TOLERANCE = 1e-12;
