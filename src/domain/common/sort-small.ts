/**
 * Sorts in place, like `Array.prototype.sort` with a comparator, but by insertion for the short
 * lists planning sorts per request (a stage's approvers, a plan's stages), where the built-in
 * sort's setup costs more than the sorting. Stable, as the built-in sort is.
 */
export function sortSmall<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  if (items.length > 16) return items.sort(compare);
  for (let i = 1; i < items.length; i += 1) {
    const item = items[i] as T;
    let j = i - 1;
    while (j >= 0 && compare(items[j] as T, item) > 0) {
      items[j + 1] = items[j] as T;
      j -= 1;
    }
    items[j + 1] = item;
  }
  return items;
}
