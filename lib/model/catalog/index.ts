/**
 * The recommended-alarm catalog moved into the kind files (`../kinds/`): one file per resource kind holds its rows,
 * parameters, config schema, conversion, construct hook, dashboard signals and cost items. This module re-exports
 * the registry for code written against the old path.
 */
export * from '../kinds';
