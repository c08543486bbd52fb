// The Save dialog on its own, with FakeApi's workshop standing in for the backend, in English
// and in Spanish.
import { shortId } from "../../lib/images/names";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import { FakeApi, fakeId, fakeImage } from "../../lib/ipc/fake";
import type { ImageSummary } from "../../lib/ipc/api";
import SaveDialog from "./SaveDialog.svelte";

const current = vi.hoisted(() => ({ api: null as unknown }));
vi.mock("../../lib/ipc/context", () => ({
  getApi: () => current.api,
  setApi: () => {},
}));

afterEach(() => setLocale("en"));

/** The dialog's status region (in the page from the start), once it says something. */
function saidIn(dialog: HTMLElement) {
  return waitFor(() => {
    const status = within(dialog).getByRole("status");
    if (!status.textContent?.trim()) throw new Error("nothing said yet");
    return status;
  });
}

const WORDS = {
  en: {
    title: "Save images to a file",
    choose: "Choose file and save…",
    again: "Save again…",
    cancel: "Cancel",
    close: "Close",
    saving: "Saving to kit.tar",
    about: "1.5kB of about 2kB",
    written: "2.5kB written",
    stalled: "2.5kB written · the engine has sent nothing for 40s",
    saved: "Saved kit.tar (2kB).",
    beside:
      "Saved kit (2).tar (2kB) beside kit.tar: a file named kit.tar appeared or changed after you chose it, so Imagen left it as it is.",
    inUse:
      "Saved kit (2).tar (2kB) beside kit.tar: kit.tar is open in another program, which keeps it from being replaced, so Imagen left it as it is.",
    next: "Load it on another computer with Load…",
    cancelled: "Cancelled: nothing was written.",
    changed: "Nothing was saved: the images changed since you picked them.",
    moved: (id: string) => `alpine:3.20 now names another image (${id}).`,
    gone: "nginx:1.27 was removed.",
    images: "Images to save",
    total: "3.96MB in all, less if the images share layers",
    untagged: "No tag: saved by its ID",
    switched: (from: string, to: string) =>
      `Nothing was saved: Imagen is now connected to another engine (${to}), not the one you picked these images on (${from}).`,
    confirm: "Check the images as they are now and save again.",
  },
  es: {
    title: "Guardar imágenes en un archivo",
    choose: "Elegir archivo y guardar…",
    again: "Guardar de nuevo…",
    cancel: "Cancelar",
    close: "Cerrar",
    saving: "Guardando en kit.tar",
    about: "1.5kB de unos 2kB",
    written: "2.5kB escritos",
    stalled: "2.5kB escritos · el motor no envía nada desde hace 40s",
    saved: "Se guardó kit.tar (2kB).",
    beside:
      "Se guardó kit (2).tar (2kB) junto a kit.tar: un archivo llamado kit.tar apareció o cambió después de que lo eligieras, así que Imagen lo dejó como está.",
    inUse:
      "Se guardó kit (2).tar (2kB) junto a kit.tar: kit.tar está abierto en otro programa, que impide reemplazarlo, así que Imagen lo dejó como está.",
    next: "Cárgalo en otro equipo con Cargar…",
    cancelled: "Cancelado: no se escribió nada.",
    changed: "No se guardó nada: las imágenes cambiaron desde que las elegiste.",
    moved: (id: string) => `alpine:3.20 ahora apunta a otra imagen (${id}).`,
    gone: "nginx:1.27 se eliminó.",
    images: "Imágenes que se guardan",
    total: "3.96MB en total, menos si las imágenes comparten capas",
    untagged: "Sin etiqueta: se guarda por su ID",
    switched: (from: string, to: string) =>
      `No se guardó nada: Imagen ahora está conectado a otro motor (${to}), distinto de aquel en el que elegiste estas imágenes (${from}).`,
    confirm: "Revisa las imágenes tal como están ahora y vuelve a guardar.",
  },
} as const;

const nginx = fakeImage({ tags: ["nginx:1.27"] });
const alpine = fakeImage({ tags: ["alpine:3.20"] });

function setup(images: ImageSummary[] = [nginx, alpine], engine: ImageSummary[] = images) {
  const api = new FakeApi(engine);
  current.api = api;
  const onclose = vi.fn();
  const onchanged = vi.fn();
  const view = render(SaveDialog, { props: { images, onclose, onchanged } });
  return { api, onclose, onchanged, view };
}

const commandText = (root: HTMLElement) =>
  [...root.querySelectorAll("code")].map((c) => c.textContent?.replace(/^\$\s*/, "").trim());

describe.each(["en", "es"] as const)("SaveDialog (%s)", (lang) => {
  const w = WORDS[lang];

  it("saves two images exactly as shown, with the command listing the same names", async () => {
    setLocale(lang, null);
    const { api } = setup();
    const save = vi.spyOn(api, "saveImages");
    const dialog = screen.getByRole("dialog", { name: w.title });
    const list = within(dialog).getByRole("list", { name: w.images });
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([expect.stringContaining("nginx:1.27"), expect.stringContaining("alpine:3.20")]);
    expect(dialog).toHaveTextContent(w.total);
    const [shown] = commandText(dialog);
    expect(shown).toMatch(
      /^docker save -o imagen-kit-\d{4}-\d\d-\d\d\.tar nginx:1\.27 alpine:3\.20$/,
    );

    await userEvent.click(within(dialog).getByRole("button", { name: w.choose }));

    await within(dialog).findByText(w.saved);
    expect(save).toHaveBeenCalledTimes(1);
    const items = save.mock.calls[0]![2];
    expect(items).toEqual([
      { id: nginx.id, tags: ["nginx:1.27"] },
      { id: alpine.id, tags: ["alpine:3.20"] },
    ]);
    // The names in the shown command are the names sent.
    const sentNames = items.flatMap((i) => (i.tags.length ? i.tags : [i.id]));
    expect(shown!.split(" ").slice(4)).toEqual(sentNames);
    expect(within(dialog).getByRole("status")).toHaveTextContent(w.next);
    expect(commandText(dialog)).toEqual(["docker save -o kit.tar nginx:1.27 alpine:3.20"]);
    expect(api.workshop.saved.get("kit.tar")).toEqual(["nginx:1.27", "alpine:3.20"]);
  });

  it("says when it saved beside the chosen file, which appeared or changed meanwhile", async () => {
    setLocale(lang, null);
    const { api } = setup();
    api.workshop.savedAs = "kit (2).tar";
    const dialog = screen.getByRole("dialog", { name: w.title });
    await userEvent.click(within(dialog).getByRole("button", { name: w.choose }));
    expect(await within(dialog).findByText(w.beside)).toBeInTheDocument();
    expect(commandText(dialog)).toEqual(['docker save -o "kit (2).tar" nginx:1.27 alpine:3.20']);
  });

  it("says when the chosen file could not be replaced because it is open elsewhere, not that it changed", async () => {
    setLocale(lang, null);
    const { api } = setup();
    api.workshop.savedAs = "kit (2).tar";
    // The backend's answer for a kit.tar open in another program on Windows.
    const saveImages = api.saveImages.bind(api);
    vi.spyOn(api, "saveImages").mockImplementation(async (...args) => {
      const outcome = await saveImages(...args);
      return outcome.status === "Saved" ? { ...outcome, besideBecause: "InUse" } : outcome;
    });
    const dialog = screen.getByRole("dialog", { name: w.title });
    await userEvent.click(within(dialog).getByRole("button", { name: w.choose }));
    expect(await within(dialog).findByText(w.inUse)).toBeInTheDocument();
    expect(within(dialog).queryByText(w.beside)).toBeNull();
  });

  it("shows an untagged image by its short ID and saves it by its full ID", async () => {
    setLocale(lang, null);
    const bare = fakeImage({ tags: [], created: 7 });
    const { api } = setup([nginx, bare]);
    const save = vi.spyOn(api, "saveImages");
    const dialog = screen.getByRole("dialog", { name: w.title });
    expect(within(dialog).getByTitle(w.untagged)).toHaveTextContent(shortId(bare.id));
    expect(commandText(dialog)[0]).toMatch(new RegExp(` nginx:1\\.27 ${bare.id}$`));
    await userEvent.click(within(dialog).getByRole("button", { name: w.choose }));
    await waitFor(() => expect(save).toHaveBeenCalled());
    expect(save.mock.calls[0]![2]).toEqual([
      { id: nginx.id, tags: ["nginx:1.27"] },
      { id: bare.id, tags: [] },
    ]);
  });

  it("shows progress in bytes, then cancels through the API", async () => {
    setLocale(lang, null);
    const { api, onclose } = setup();
    api.workshop.autoFinish = false;
    const dialog = screen.getByRole("dialog", { name: w.title });
    await userEvent.click(within(dialog).getByRole("button", { name: w.choose }));

    const bar = await within(dialog).findByRole("progressbar", { name: w.saving });
    const [run] = [...api.workshop.runs.values()];
    run!.progress(1500);
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "75"));
    expect(within(dialog).getByText(w.about)).toBeInTheDocument();
    run!.progress(2500);
    await waitFor(() => expect(bar).not.toHaveAttribute("aria-valuenow"));
    expect(within(dialog).getByText(w.written)).toBeInTheDocument();

    // 40 s later with nothing more sent (the backend sends progress only as bytes come): the
    // dialog's own clock says so.
    const said = within(dialog).getByTestId("kit-said");
    expect(said.textContent?.trim()).toBe("");
    const later = Date.now() + 40_000;
    const clock = vi.spyOn(Date, "now").mockReturnValue(later);
    await waitFor(() => expect(dialog).toHaveTextContent(w.stalled), { timeout: 3000 });
    // A screen reader hears the stall once, from the region in the page all along, which no
    // element marks busy (a screen reader may hold back what is said under one).
    expect(said.textContent?.trim()).toMatch(/^[A-ZÁÉÍÓÚ]/);
    expect(said.closest('[aria-busy="true"]')).toBeNull();
    expect(said).not.toHaveTextContent(/\d+(\.\d+)?[kMG]?B/);
    clock.mockRestore();

    // Not walked away from while saving: Escape does nothing, and there is no Close.
    await userEvent.keyboard("{Escape}");
    expect(onclose).not.toHaveBeenCalled();
    expect(within(dialog).queryByRole("button", { name: w.close })).not.toBeInTheDocument();

    await userEvent.click(within(dialog).getByRole("button", { name: w.cancel }));
    expect(await saidIn(dialog)).toHaveTextContent(w.cancelled);
    expect(api.calls).toContain("cancelKit");
    expect(api.workshop.runs.size).toBe(0);
    expect(within(dialog).queryByRole("progressbar")).not.toBeInTheDocument();
    expect(api.workshop.saved.size).toBe(0);
    await userEvent.click(within(dialog).getByRole("button", { name: w.close }));
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it("sends nothing when the Save dialog is cancelled", async () => {
    setLocale(lang, null);
    const { api } = setup();
    api.workshop.nextSaveChoice = null;
    const dialog = screen.getByRole("dialog", { name: w.title });
    await userEvent.click(within(dialog).getByRole("button", { name: w.choose }));
    await waitFor(() => expect(api.calls).toContain("chooseSaveFile"));
    expect(api.calls).not.toContain("saveImages");
    expect(within(dialog).getByRole("button", { name: w.choose })).toBeInTheDocument();
    expect(within(dialog).queryByRole("progressbar")).not.toBeInTheDocument();
  });

  it("says what changed, and confirms the fresh list before saving again", async () => {
    setLocale(lang, null);
    const moved = fakeImage({ tags: ["alpine:3.20"], id: fakeId("newer alpine") });
    const { api, onchanged, view } = setup([nginx, alpine], [nginx, moved]);
    const dialog = screen.getByRole("dialog", { name: w.title });
    await userEvent.click(within(dialog).getByRole("button", { name: w.choose }));

    const notice = await saidIn(dialog);
    expect(notice).toHaveTextContent(w.changed);
    expect(notice).toHaveTextContent(w.moved(shortId(moved.id)));
    expect(onchanged).toHaveBeenCalledTimes(1);
    expect(api.workshop.saved.size).toBe(0);

    // The parent passes the images as they are now; saving again sends those.
    await view.rerender({ images: [nginx, moved] });
    const save = vi.spyOn(api, "saveImages");
    await userEvent.click(within(dialog).getByRole("button", { name: w.again }));
    await within(dialog).findByText(w.saved);
    expect(save.mock.calls[0]![2]).toEqual([
      { id: nginx.id, tags: ["nginx:1.27"] },
      { id: moved.id, tags: ["alpine:3.20"] },
    ]);
  });

  it("says Imagen is on another engine than when the images were picked, and saves there when asked again", async () => {
    setLocale(lang, null);
    const { api, onchanged, view } = setup();
    const from = api.engine.address;
    // Docker Desktop restarted onto another context with the same images (pulled there too):
    // only the engine tells it apart.
    const to = "unix:///home/ana/.colima/default/docker.sock";
    api.engine = { ...api.engine, address: to };
    const save = vi.spyOn(api, "saveImages");
    const dialog = screen.getByRole("dialog", { name: w.title });
    await userEvent.click(within(dialog).getByRole("button", { name: w.choose }));

    const notice = await saidIn(dialog);
    expect(notice).toHaveTextContent(w.switched(from, to));
    expect(notice).toHaveTextContent(w.confirm);
    expect(notice).not.toHaveTextContent(w.changed);
    expect(within(notice).queryByRole("list")).toBeNull();
    expect(save.mock.calls[0]![3]).toBe(from);
    expect(onchanged).toHaveBeenCalledTimes(1);
    expect(api.workshop.saved.size).toBe(0);

    // The parent shows the images as that engine has them; saving again saves them there.
    await view.rerender({ images: [nginx, alpine] });
    await userEvent.click(within(dialog).getByRole("button", { name: w.again }));
    await within(dialog).findByText(w.saved);
    expect(save.mock.calls[1]![3]).toBe(to);
  });

  it("holds the images to the engine the list was read from, even if Imagen moved before it opened", async () => {
    setLocale(lang, null);
    const api = new FakeApi([nginx, alpine]);
    current.api = api;
    // The grid was read from Docker Desktop; Imagen reconnected to Colima before Save opened.
    const from = "unix:///home/ana/.docker/run/docker.sock";
    const to = api.engine.address;
    render(SaveDialog, {
      props: { images: [nginx, alpine], onclose: vi.fn(), onchanged: vi.fn(), listedOn: from },
    });
    const dialog = screen.getByRole("dialog", { name: w.title });
    await userEvent.click(within(dialog).getByRole("button", { name: w.choose }));
    expect(await saidIn(dialog)).toHaveTextContent(w.switched(from, to));
    expect(api.workshop.saved.size).toBe(0);
  });

  it("names a removed image", async () => {
    setLocale(lang, null);
    setup([nginx, alpine], [alpine]);
    const dialog = screen.getByRole("dialog", { name: w.title });
    await userEvent.click(within(dialog).getByRole("button", { name: w.choose }));
    expect(await saidIn(dialog)).toHaveTextContent(w.gone);
  });
});

describe("SaveDialog and the keyboard", () => {
  it("keeps the focus in the dialog while saving, then gives it to Close", async () => {
    const { api } = setup();
    api.workshop.autoFinish = false;
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    const status = within(dialog).getByRole("status");
    expect(status.textContent?.trim()).toBe("");
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.choose }));
    await within(dialog).findByRole("progressbar");
    // Save went away with the confirmation: the dialog holds the focus, not the page.
    expect(dialog).toHaveFocus();
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.cancel }));
    await waitFor(() => expect(status).toHaveTextContent(WORDS.en.cancelled));
    expect(within(dialog).getByRole("button", { name: WORDS.en.close })).toHaveFocus();
  });

  it("gives the focus to Save again when the images changed", async () => {
    const moved = fakeImage({ tags: ["alpine:3.20"], id: fakeId("newer alpine") });
    setup([nginx, alpine], [nginx, moved]);
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.choose }));
    await saidIn(dialog);
    expect(within(dialog).getByRole("button", { name: WORDS.en.again })).toHaveFocus();
  });

  it("gives the focus to Close when the fresh list has none of the images left", async () => {
    // The one image picked was removed in a terminal: the save is refused, and the app's
    // list, read again, has none of them.
    const { onchanged, view } = setup([nginx], []);
    onchanged.mockImplementation(() => {
      setTimeout(() => void view.rerender({ images: [] }), 20);
    });
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.choose }));
    await saidIn(dialog);
    await within(dialog).findByText("None of these images is left to save.");
    const close = within(dialog).getByRole("button", { name: WORDS.en.close });
    // Save again went with the images: Close is what is left to do, and has the focus.
    expect(within(dialog).queryByRole("button", { name: WORDS.en.again })).toBeNull();
    await waitFor(() => expect(close).toHaveFocus());
    expect(close).toHaveClass("primary");
  });
});

describe("SaveDialog's Cancel", () => {
  it("asks again when it reached the backend before the save did, and the save ends cancelled", async () => {
    const { api } = setup();
    api.workshop.autoFinish = false;
    // Cancel clicked right after Save: the backend has not registered the save yet.
    const cancelKit = vi.spyOn(api, "cancelKit").mockResolvedValueOnce(false);
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.choose }));
    await within(dialog).findByRole("progressbar");
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.cancel }));
    expect(await saidIn(dialog)).toHaveTextContent(WORDS.en.cancelled);
    expect(cancelKit).toHaveBeenCalledTimes(2);
    expect(api.workshop.runs.size).toBe(0);
    expect(api.workshop.saved.size).toBe(0);
  });

  it("says Cancelling… until the save has stopped, keeps the focus there, and asks once", async () => {
    const { api } = setup();
    api.workshop.autoFinish = false;
    const stop = api.cancelKit.bind(api);
    let stopNow: (() => Promise<boolean>) | null = null;
    // The backend took the Cancel; the save stops a moment later (its partial file goes).
    const cancelKit = vi.spyOn(api, "cancelKit").mockImplementationOnce(async (id) => {
      stopNow = () => stop(id);
      return true;
    });
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.choose }));
    await within(dialog).findByRole("progressbar");
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.cancel }));
    const cancelling = await within(dialog).findByRole("button", { name: "Cancelling…" });
    expect(cancelling).toHaveAttribute("aria-disabled", "true");
    expect(cancelling).toHaveFocus();
    await userEvent.click(cancelling);
    expect(cancelKit).toHaveBeenCalledTimes(1);
    await stopNow!();
    expect(await saidIn(dialog)).toHaveTextContent(WORDS.en.cancelled);
  });
});

describe("SaveDialog's Cancel on a drive that stopped answering", () => {
  it("names the unfinished file it could not remove, rather than say nothing was written", async () => {
    const { api } = setup();
    vi.spyOn(api, "saveImages").mockResolvedValueOnce({
      status: "Cancelled",
      leftBehind: ".kit.tar.imagen-partial-p7",
    });
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.choose }));
    const said = await saidIn(dialog);
    expect(said).toHaveTextContent(
      "Cancelled. Imagen could not remove the unfinished file it had begun, .kit.tar.imagen-partial-p7, hidden in the same folder as kit.tar.",
    );
    expect(said).not.toHaveTextContent("nothing was written");
  });
});

describe("SaveDialog errors", () => {
  it("words a failure with describeError", async () => {
    const { api } = setup();
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    api.failWith = {
      kind: "FileProblem",
      file: "kit.tar",
      reason: "Input/output error (os error 5)",
      trouble: "Other",
      writing: true,
    };
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.choose }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Imagen could not use kit.tar: Input/output error (os error 5). Nothing partial was left behind.",
    );
  });

  it("says a kit too large for a USB stick's FAT32 is that, and what to do, in both languages", async () => {
    const { api } = setup();
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    api.failWith = {
      kind: "FileProblem",
      file: "kit.tar",
      reason: "File too large (os error 27)",
      trouble: "TooLarge",
      writing: true,
    };
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.choose }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent(
      "kit.tar is too large for that drive: its file system (FAT32, as on most USB sticks) holds files of at most 4 GB. Save fewer images at a time, or use a drive formatted as exFAT or NTFS. Nothing partial was left behind.",
    );
    setLocale("es");
    await waitFor(() =>
      expect(alert).toHaveTextContent(
        "kit.tar es demasiado grande para esa unidad: su sistema de archivos (FAT32, como en la mayoría de las memorias USB) admite archivos de 4 GB como máximo.",
      ),
    );
  });
});

describe("SaveDialog after a failed save", () => {
  it("says a full disk is the engine's, not the drive chosen to save to", async () => {
    const { api } = setup();
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    vi.spyOn(api, "saveImages").mockRejectedValueOnce({
      kind: "DiskFull",
      message: "write /var/lib/docker/tmp/docker-export-1/x: no space left on device",
    });
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.choose }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent(
      "The Docker engine ran out of room on its own disk while preparing the archive, so nothing was saved. The full disk is the engine's (with Docker Desktop, the disk of its virtual machine), not the drive you chose to save to.",
    );
    setLocale("es");
    await waitFor(() =>
      expect(alert).toHaveTextContent(
        "El disco lleno es el del motor (con Docker Desktop, el disco de su máquina virtual), no la unidad que elegiste para guardar.",
      ),
    );
  });

  it("words the engine's refusal and offers to save again", async () => {
    const { api } = setup();
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    vi.spyOn(api, "saveImages").mockRejectedValueOnce({ kind: "DiskFull" });
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.choose }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).not.toBe("");
    expect(api.workshop.saved.size).toBe(0);
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.again }));
    await within(dialog).findByText(WORDS.en.saved);
    expect(within(dialog).queryByRole("alert")).not.toBeInTheDocument();
  });
});
