// Which engine the user is looking at, for a save to compare with the engine it runs on.
import type { ImagenApi } from "../ipc/api";

/** The address of the engine Imagen is connected to now, or null when it cannot say (the
 * engine is away): a save then compares no engine, only the images. */
export async function engineAddress(api: Pick<ImagenApi, "engineInfo">): Promise<string | null> {
  try {
    return (await api.engineInfo()).address;
  } catch {
    return null;
  }
}
