/**
 * Past this many classes a confusion matrix shrinks its cells, stands its column labels upright and gets a card
 * of the page's full width, so 26 letters fit without scrolling (checked at 1280×800 in e2e/layout.spec.ts).
 */
const COMPACT_FROM = 11;

export const isCompactMatrix = (matrix: readonly unknown[] | null | undefined): boolean => (matrix?.length ?? 0) >= COMPACT_FROM;
