// Files dropped on the window, through FakeApi's workshop, in English and in Spanish.
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import { FakeApi } from "../../lib/ipc/fake";
import type { FileDrop } from "../../lib/ipc/api";
import DropZone from "./DropZone.svelte";

const current = vi.hoisted(() => ({ api: null as unknown }));
vi.mock("../../lib/ipc/context", () => ({
  getApi: () => current.api,
  setApi: () => {},
}));

afterEach(() => setLocale("en"));

const WORDS = {
  en: {
    overlay: "Drop a .tar, .tar.gz, .tar.xz or .tar.zst to load its images",
    onlyOne: "Only one file is loaded at a time: a.tar. Drop the others one by one after it.",
    dismiss: "Dismiss",
    waitingOverlay: "Close the open window first, then drop the file to load it",
    notNow: "kit.tar was not loaded: another window is open. Close it, then drop the file again.",
  },
  es: {
    overlay: "Suelta un .tar, .tar.gz, .tar.xz o .tar.zst para cargar sus imágenes",
    onlyOne:
      "Solo se carga un archivo a la vez: a.tar. Cuando termine, suelta los demás de uno en uno.",
    dismiss: "Cerrar aviso",
    waitingOverlay: "Cierra primero la ventana abierta y luego suelta el archivo para cargarlo",
    notNow: "No se cargó kit.tar: hay otra ventana abierta. Ciérrala y vuelve a soltar el archivo.",
  },
} as const;

/** Renders the zone and waits until it listens; returns the listener to send single events. */
async function setup(waiting = false) {
  const api = new FakeApi([]);
  current.api = api;
  let send: ((drop: FileDrop) => void) | null = null;
  const subscribe = api.onFileDrop.bind(api);
  api.onFileDrop = (handler) => {
    send = handler;
    return subscribe(handler);
  };
  const ondrop = vi.fn();
  const view = render(DropZone, { props: { ondrop, waiting } });
  await waitFor(() => expect(send).not.toBeNull());
  return { api, ondrop, view, send: send! as (drop: FileDrop) => void };
}

describe.each(["en", "es"] as const)("DropZone (%s)", (lang) => {
  const w = WORDS[lang];

  it("shows the overlay while files are over the window and hides it when they leave", async () => {
    setLocale(lang, null);
    const { send, ondrop } = await setup();
    const live = screen.getByRole("status");
    expect(live).toHaveAttribute("aria-live", "polite");
    expect(screen.queryByText(w.overlay)).not.toBeInTheDocument();

    send({ kind: "Over", count: 1 });
    expect(await screen.findByText(w.overlay)).toBeInTheDocument();
    expect(live).toHaveTextContent(w.overlay);

    send({ kind: "Left" });
    await waitFor(() => expect(screen.queryByText(w.overlay)).not.toBeInTheDocument());
    expect(ondrop).not.toHaveBeenCalled();
  });

  it("hands on the dropped file and hides the overlay", async () => {
    setLocale(lang, null);
    const { api, ondrop, send } = await setup();
    send({ kind: "Over", count: 1 });
    await screen.findByText(w.overlay);
    api.workshop.drop(["kit.tar"]);
    expect(ondrop).toHaveBeenCalledTimes(1);
    const file = ondrop.mock.calls[0]![0];
    expect(file).toMatchObject({ name: "kit.tar", purpose: "Load" });
    expect(api.workshop.files.get(file.id)).toEqual(file);
    await waitFor(() => expect(screen.queryByText(w.overlay)).not.toBeInTheDocument());
    expect(screen.queryByText(w.onlyOne)).not.toBeInTheDocument();
  });

  it("loads only the first of several files and says so", async () => {
    setLocale(lang, null);
    const { api, ondrop } = await setup();
    api.workshop.drop(["a.tar", ...Array.from({ length: 39 }, (_, i) => `b${i}.tar`)]);
    expect(ondrop).toHaveBeenCalledTimes(1);
    expect(ondrop.mock.calls[0]![0]).toMatchObject({ name: "a.tar" });
    // Only the file loaded is kept (and so stays chosen however many were dropped).
    expect([...api.workshop.files.values()].map((f) => f.name)).toEqual(["a.tar"]);
    expect(await screen.findByText(w.onlyOne)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: w.dismiss }));
    expect(screen.queryByText(w.onlyOne)).not.toBeInTheDocument();
  });

  it("loads nothing over another open window, and says to close it and drop again", async () => {
    setLocale(lang, null);
    const { api, ondrop, send } = await setup(true);
    send({ kind: "Over", count: 1 });
    expect(await screen.findByText(w.waitingOverlay)).toBeInTheDocument();
    api.workshop.drop(["kit.tar"]);
    expect(ondrop).not.toHaveBeenCalled();
    expect(await screen.findByText(w.notNow)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: w.dismiss }));
    expect(screen.queryByText(w.notNow)).not.toBeInTheDocument();
  });

  it("stops listening when it goes away", async () => {
    setLocale(lang, null);
    const { api, ondrop, view } = await setup();
    view.unmount();
    api.workshop.drop(["kit.tar"]);
    expect(ondrop).not.toHaveBeenCalled();
  });
});
