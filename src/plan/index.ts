export { buildPlan, byCodeUnits } from "./build-plan.js";
export type * from "./types.js";
