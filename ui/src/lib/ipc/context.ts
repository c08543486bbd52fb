import { getContext, setContext } from "svelte";
import type { ImagenApi } from "./api";

const KEY = Symbol("imagen-api");

export function setApi(api: ImagenApi): void {
  setContext(KEY, api);
}

export function getApi(): ImagenApi {
  const api = getContext<ImagenApi | undefined>(KEY);
  if (!api)
    throw new Error(
      "ImagenApi missing from context: call setApi(api) in an ancestor component (App does)",
    );
  return api;
}
