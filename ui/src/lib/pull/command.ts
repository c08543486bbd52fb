// The docker command equivalent to a pull, shown and copyable in the dialog: built with the
// other docker commands in lib/commands, re-exported here for the pull views.
export { PLATFORMS, pullCommand } from "../commands/docker";
