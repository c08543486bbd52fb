// The engines this window has listed, by address. An answer that says Imagen is on another
// engine now (`EngineSwitched`) names engines by their addresses: the UI names them as the
// header did ("Colima"), not `unix:///Users/ana/.colima/default/docker.sock`. Reactive, so a
// message shown before the window has asked who the new engine is gets its name once it knows.
import { SvelteMap } from "svelte/reactivity";
import type { EngineInfo } from "../ipc/api";
import { engineName } from "./engine-names";

type Named = Pick<EngineInfo, "socket" | "name" | "address">;

const known = new SvelteMap<string, Named>();

/** An engine the window has listed (the images store calls this with each engine it reads). */
export function rememberEngine(engine: Named): void {
  const before = known.get(engine.address);
  if (before?.socket === engine.socket && before.name === engine.name) return;
  known.set(engine.address, { socket: engine.socket, name: engine.name, address: engine.address });
}

/** Tests start from a window that has listed nothing. */
export function forgetEngines(): void {
  known.clear();
}

/** The engine at `address` as the header names it; its address when the window has not listed
 * it, or when another engine it listed has the same name (two sockets both called
 * `docker.sock`), which would say nothing. */
export function addressName(address: string): string {
  const engine = known.get(address);
  if (!engine) return address;
  const name = engineName(engine);
  for (const other of known.values())
    if (other.address !== address && engineName(other) === name) return address;
  return name;
}

/** Two engines of one sentence ("on X, not on Y"): by their addresses when their names are
 * the same, as the reconnect banner does. */
export function addressNames(from: string, to: string): { from: string; to: string } {
  const names = { from: addressName(from), to: addressName(to) };
  return names.from === names.to ? { from, to } : names;
}
