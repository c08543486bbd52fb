import "./app.css";
import { initLocale } from "./lib/i18n/locale.svelte";
import { createTauriApi, preferredLanguages } from "./lib/ipc/tauri";
import { startApp } from "./start";

// Start-up marks, read by scripts/bench-app.mjs (IMAGEN_BENCH_TRACE=1) to split the time
// from process start to the first card. This one: every module has been evaluated.
performance.mark("imagen:script");
const target = document.getElementById("app");
if (!target) throw new Error("#app is missing from index.html");
const app = target;
// The OS's languages first, so the first frame is already in the user's language (a choice
// made in the app's switcher still wins: initLocale reads it first).
void preferredLanguages().then((languages) => {
  performance.mark("imagen:languages");
  if (languages.length > 0) initLocale({ languages });
  startApp(app, createTauriApi());
  performance.mark("imagen:mounted");
});
