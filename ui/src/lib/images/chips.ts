// Quick chips are shortcuts for filter terms in the same query text the user types, so
// what a chip does is always visible (and editable) in the search field.
// A chip's label is a message, called from markup so it follows the language; its terms are
// docker's (and Imagen's) filter syntax, the same in every language.
import { m } from "../i18n/messages";

export const CHIPS = [
  { label: m.images_chip_in_use, term: "in-use=true", excludes: "in-use=false" },
  { label: m.images_chip_unused, term: "in-use=false", excludes: "in-use=true" },
  { label: m.images_chip_dangling, term: "dangling=true", excludes: "dangling=false" },
] as const;

function terms(query: string): string[] {
  return query.split(/\s+/).filter(Boolean);
}

export function hasTerm(query: string, term: string): boolean {
  return terms(query).some((t) => t.toLowerCase() === term);
}

/** Adds `term` (dropping its opposite) or removes it if present. */
export function toggleTerm(query: string, term: string, excludes: string): string {
  const current = terms(query);
  if (current.some((t) => t.toLowerCase() === term))
    return current.filter((t) => t.toLowerCase() !== term).join(" ");
  return [...current.filter((t) => t.toLowerCase() !== excludes), term].join(" ");
}
