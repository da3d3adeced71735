/**
 * scripts/check-api-docs.ts (part of `npm run lint`): gaps in a namespace the entry point re-exports are found and
 * named through the namespace, as gaps of the entry point itself are.
 */
import { apiDocProblems } from '../../scripts/check-api-docs';

test('a namespace re-export is checked, its gaps named `namespace.Name`', () => {
  const problems = apiDocProblems(['test/fixtures/api-docs/index.ts']).map((p) => p.replace(/^[^ ]+: /, ''));
  expect(problems.sort()).toEqual([
    'engine.Options.count: optional, with no @default',
    'engine.bare: no TSDoc',
  ]);
});
