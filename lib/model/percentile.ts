/** Percentile-like statistics, apart from the planner so that the tools can ask without loading the kinds. */
const PERCENTILE = /^(p|tm|wm|tc|ts|PR|TM|WM|TC|TS)/;

/** Percentile-like statistics (`p95`, `tm99`, `TS(10%:90%)`, ...): the ones `EvaluateLowSampleCountPercentile` is for. */
export const isPercentileStat = (stat: string) => PERCENTILE.test(stat);
