// The docker commands behind Imagen's actions, in one place: every view that shows "the same
// in a terminal" builds it here.
export { shellLine, shellWord } from "./shell";
export {
  PLATFORMS,
  checkCommand,
  historyCommand,
  imageReference,
  inspectCommand,
  listCommand,
  loadCommand,
  pruneCommand,
  pullCommand,
  removeCommand,
  saveCommand,
  shortImageId,
  tagCommand,
} from "./docker";
export {
  dockerFilters,
  exactSize,
  filterCommand,
  hidesUntagged,
  imagenOnlyTerms,
  termText,
  type FilterCommand,
  type ListContext,
  type ImagenOnlyTerm,
} from "./filter";
