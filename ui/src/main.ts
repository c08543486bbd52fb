import { mount } from "svelte";
import "./app.css";
import App from "./components/App.svelte";
import { createTauriApi } from "./lib/ipc/tauri";

const target = document.getElementById("app");
if (!target) throw new Error("#app is missing from index.html");
mount(App, { target, props: { api: createTauriApi() } });
