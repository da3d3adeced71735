/** The alarm evaluation engine: pure TypeScript, no AWS dependency. */
export * from './state';
export * from './grid';
export * from './statistics';
export * from './math-parse';
export * from './math-eval';
export * from './metric-alarm';
export * from './timeline';
export * from './composite';
export * from './replay';
