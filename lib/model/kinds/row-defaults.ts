/**
 * Rows of one kind share most of their fields (a 1-minute period, warning, on, missing data not breaching, the
 * source page): `rowDefaults(BASE)` gives the kind a builder that writes them once. A row may override any default.
 */
import type { CatalogRow } from './types';

/** A row builder whose rows are `{ ...base, ...row }`: the row gives every other field, and may override the base. */
export const rowDefaults =
  <B extends Partial<CatalogRow>>(base: B) =>
  (row: Omit<CatalogRow, keyof B> & Partial<Pick<CatalogRow, keyof B & keyof CatalogRow>>): CatalogRow =>
    ({ ...base, ...row }) as CatalogRow;
