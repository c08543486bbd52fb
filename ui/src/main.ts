import "./app.css";
import { createTauriApi } from "./lib/ipc/tauri";
import { startApp } from "./start";

const target = document.getElementById("app");
if (!target) throw new Error("#app is missing from index.html");
startApp(target, createTauriApi());
