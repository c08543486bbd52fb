// Small wording helpers every sentence the UI builds uses.

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** `one` for 1, else `many` ("tag"/"tags"). */
export function plural(n: number, one: string, many: string = `${one}s`): string {
  return n === 1 ? one : many;
}

/** The number and its noun: "1 tag", "3 containers". */
export function count(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${plural(n, one, many)}`;
}
