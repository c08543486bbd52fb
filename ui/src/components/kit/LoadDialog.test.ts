// The Load dialog on its own, with FakeApi's workshop standing in for the backend, in English
// and in Spanish.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import { FakeApi, fakeImage } from "../../lib/ipc/fake";
import type { GrantedFile, ImagenError } from "../../lib/ipc/api";
import LoadDialog from "./LoadDialog.svelte";

const current = vi.hoisted(() => ({ api: null as unknown }));
vi.mock("../../lib/ipc/context", () => ({
  getApi: () => current.api,
  setApi: () => {},
}));

afterEach(() => setLocale("en"));

/** The dialog's status region (in the page from the start), once it says `text` (it says
 * what a checked file holds before a load says how it went). */
function saidIn(dialog: HTMLElement, text: string | RegExp) {
  return waitFor(() => {
    const status = within(dialog).getByRole("status");
    expect(status).toHaveTextContent(text);
    return status;
  });
}

const WORDS = {
  en: {
    title: "Load images from a file",
    choose: "Choose file…",
    other: "Choose another file…",
    load: "Load",
    cancel: "Cancel",
    close: "Close",
    facts: "kit.tar · 2kB, not compressed",
    holds: "It holds 2 images:",
    tags: "Tags in the file",
    loading: "Loading kit.tar",
    checking: "Checking kit.tar…",
    of: "500B of 2kB",
    loaded: "Loaded 2 images, under these names:",
    loadedList: "Loaded images",
    cancelled: "Cancelled: nothing was loaded.",
    truncated:
      "bad.tar is cut short: it ends in the middle of the archive, probably an unfinished copy or download. Copy it again. Nothing was loaded.",
    notArchive: "notes.txt is not an image archive.",
    decompressFirst: "This engine (before Docker 23.0) cannot decompress .zst files itself",
    stalled: "500B of 2kB · the engine has taken nothing for 40s",
    switched: (from: string, to: string) =>
      `Imagen is now connected to another engine (${to}), not the one it was on when you looked at this file (${from}), so nothing was loaded. This is what loading does on that engine; choose Load again to go ahead.`,
    corrupt:
      "bad.tar is damaged and cannot be read (one of its tar headers is damaged). Copy it again. Nothing was loaded.",
  },
  es: {
    title: "Cargar imágenes desde un archivo",
    choose: "Elegir archivo…",
    other: "Elegir otro archivo…",
    load: "Cargar",
    cancel: "Cancelar",
    close: "Cerrar",
    facts: "kit.tar · 2kB, sin comprimir",
    holds: "Contiene 2 imágenes:",
    tags: "Etiquetas del archivo",
    loading: "Cargando kit.tar",
    checking: "Revisando kit.tar…",
    of: "500B de 2kB",
    loaded: "Se cargaron 2 imágenes, con estos nombres:",
    loadedList: "Imágenes cargadas",
    cancelled: "Cancelado: no se cargó nada.",
    truncated:
      "bad.tar está incompleto: se corta antes de tiempo, seguramente porque la copia o la descarga no terminó. Vuelve a copiarlo. No se cargó nada.",
    notArchive: "notes.txt no es un archivo de imágenes.",
    decompressFirst: "Este motor (anterior a Docker 23.0) no sabe descomprimir archivos .zst",
    stalled: "500B de 2kB · el motor no recibe nada desde hace 40s",
    switched: (from: string, to: string) =>
      `Imagen ahora está conectado a otro motor (${to}), distinto del que usaba cuando miraste este archivo (${from}), así que no se cargó nada. Esto es lo que hace la carga en ese motor; pulsa Cargar otra vez para seguir.`,
    corrupt:
      "bad.tar está dañado y no se puede leer (uno de sus encabezados tar está dañado). Vuelve a copiarlo. No se cargó nada.",
  },
} as const;

const TAGS = ["nginx:1.27", "alpine:3.20"];

function setup(
  file: ((api: FakeApi) => GrantedFile) | null = null,
  images: ReturnType<typeof fakeImage>[] = [],
) {
  const api = new FakeApi(images);
  current.api = api;
  api.workshop.saved.set("kit.tar", TAGS);
  const onclose = vi.fn();
  const onloaded = vi.fn();
  const { unmount, rerender } = render(LoadDialog, {
    props: { file: file ? file(api) : null, onclose, onloaded },
  });
  return { api, onclose, onloaded, unmount, rerender };
}

const chipsOf = (list: HTMLElement) =>
  within(list)
    .getAllByRole("listitem")
    .map((li) => li.textContent);

describe("LoadDialog and the keyboard", () => {
  const w = WORDS.en;

  it("keeps the focus in the dialog while loading, then gives it to Close", async () => {
    const { api } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    api.workshop.autoFinish = false;
    const dialog = screen.getByRole("dialog", { name: w.title });
    const status = within(dialog).getByRole("status");
    await userEvent.click(await within(dialog).findByRole("button", { name: w.load }));
    await within(dialog).findByRole("progressbar", { name: w.loading });
    // Load and Close went away with the preview: the dialog holds the focus, not the page.
    expect(dialog).toHaveFocus();
    const [run] = [...api.workshop.runs.values()];
    run!.finish();
    await waitFor(() => expect(status).toHaveTextContent(w.loaded));
    // The same region that was there before: its new text is read out.
    expect(within(dialog).getByRole("status")).toBe(status);
    expect(within(dialog).getByRole("button", { name: w.close })).toHaveFocus();
  });
});

describe("LoadDialog: the focus when a check ends or starts", () => {
  const w = WORDS.en;

  it("gives it to Load when the check ends, and says what the file holds", async () => {
    const { api } = setup((api) => {
      api.workshop.holdPreviews = true;
      return api.workshop.grant("kit.tar", "Load");
    });
    const dialog = screen.getByRole("dialog", { name: w.title });
    const status = within(dialog).getByRole("status");
    await within(dialog).findByRole("progressbar", { name: w.checking });
    // The user tabbed to the check's Cancel, the only action while it reads.
    within(dialog).getByRole("button", { name: w.cancel }).focus();
    const [run] = [...api.workshop.runs.values()];
    run!.finish();
    await waitFor(() => expect(within(dialog).getByRole("button", { name: w.load })).toHaveFocus());
    // Said from the region in the page all along: what the check found.
    expect(status).toHaveTextContent(w.facts);
    expect(status).toHaveTextContent(w.holds);
    expect(chipsOf(within(status).getByRole("list", { name: w.tags }))).toEqual(TAGS);
  });

  it("gives it to another file when the check refuses the file", async () => {
    const { api } = setup((api) => {
      api.workshop.holdPreviews = true;
      // Its start reads as a kit; the check finds it cut short.
      api.workshop.saved.set("bad.tar", TAGS);
      return api.workshop.grant("bad.tar", "Load");
    });
    const dialog = screen.getByRole("dialog", { name: w.title });
    await within(dialog).findByRole("progressbar", { name: w.checking.replace("kit", "bad") });
    within(dialog).getByRole("button", { name: w.cancel }).focus();
    const [run] = [...api.workshop.runs.values()];
    run!.fail({ kind: "BadArchive", file: "bad.tar", problem: { kind: "Truncated" } });
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(w.truncated);
    await waitFor(() =>
      expect(within(dialog).getByRole("button", { name: w.other })).toHaveFocus(),
    );
  });

  it("keeps it in the dialog when another file is dropped while Load has it, then gives it to Load", async () => {
    const { api, rerender } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    api.workshop.saved.set("other.tar", ["redis:7"]);
    const dialog = screen.getByRole("dialog", { name: w.title });
    const load = await within(dialog).findByRole("button", { name: w.load });
    load.focus();
    api.workshop.holdPreviews = true;
    await rerender({ file: api.workshop.grant("other.tar", "Load") });
    await within(dialog).findByRole("progressbar", { name: "Checking other.tar…" });
    // Load went with the first file's preview: the dialog holds the focus, not the page.
    await waitFor(() => expect(dialog).toHaveFocus());
    const [run] = [...api.workshop.runs.values()];
    run!.finish();
    await waitFor(() => expect(within(dialog).getByRole("button", { name: w.load })).toHaveFocus());
    expect(within(dialog).getByRole("status")).toHaveTextContent("It holds 1 image:");
  });
});

describe.each(["en", "es"] as const)("LoadDialog (%s)", (lang) => {
  const w = WORDS[lang];

  it("shows a dropped saved file's tags, then loads it and lists what it brought", async () => {
    setLocale(lang, null);
    const { api, onloaded } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    const dialog = screen.getByRole("dialog", { name: w.title });

    const tags = await within(dialog).findByRole("list", { name: w.tags });
    expect(chipsOf(tags)).toEqual(TAGS);
    expect(dialog).toHaveTextContent(w.facts);
    expect(dialog).toHaveTextContent(w.holds);
    expect(dialog.querySelector("code")).toHaveTextContent("docker load -i kit.tar");
    expect(api.calls).not.toContain("loadImages");

    await userEvent.click(within(dialog).getByRole("button", { name: w.load }));

    const status = await saidIn(dialog, w.loaded);
    expect(chipsOf(within(status).getByRole("list", { name: w.loadedList }))).toEqual(TAGS);
    expect(onloaded).toHaveBeenCalledWith(TAGS);
    expect(within(dialog).queryByRole("button", { name: w.load })).not.toBeInTheDocument();
  });

  it("shows how far the check of a big file has read; Cancel stops it and offers another file", async () => {
    setLocale(lang, null);
    const { api } = setup((api) => {
      api.workshop.holdPreviews = true;
      return api.workshop.grant("kit.tar", "Load");
    });
    const dialog = screen.getByRole("dialog", { name: w.title });
    const bar = await within(dialog).findByRole("progressbar", { name: w.checking });
    const [run] = [...api.workshop.runs.values()];
    expect(run?.kind).toBe("preview");
    run!.progress(500);
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "25"));
    expect(dialog).toHaveTextContent(w.of);
    expect(within(dialog).queryByRole("button", { name: w.load })).not.toBeInTheDocument();

    await userEvent.click(within(dialog).getByRole("button", { name: w.cancel }));
    // The reading stopped; the dialog offers to choose a file, as before one was given, with
    // the focus on it (the Cancel that had it is gone).
    expect(api.workshop.runs.size).toBe(0);
    expect(within(dialog).queryByRole("progressbar")).not.toBeInTheDocument();
    await waitFor(() =>
      expect(within(dialog).getByRole("button", { name: w.choose })).toHaveFocus(),
    );
    expect(within(dialog).queryByRole("button", { name: w.load })).not.toBeInTheDocument();
  });

  it("asks again to stop a check the backend had not started when Cancel came", async () => {
    setLocale(lang, null);
    const { api } = setup((api) => {
      api.workshop.holdPreviews = true;
      return api.workshop.grant("kit.tar", "Load");
    });
    // The first Cancel reaches the backend before the check is under way: nothing to stop.
    const cancelKit = api.cancelKit.bind(api);
    let first = true;
    api.cancelKit = (id) => (first ? ((first = false), Promise.resolve(false)) : cancelKit(id));
    const dialog = screen.getByRole("dialog", { name: w.title });
    await within(dialog).findByRole("progressbar", { name: w.checking });
    await userEvent.click(within(dialog).getByRole("button", { name: w.cancel }));
    await waitFor(() => expect(api.workshop.runs.size).toBe(0));
  });

  it("stops reading the file when the dialog closes during its check", async () => {
    setLocale(lang, null);
    const { api, unmount } = setup((api) => {
      api.workshop.holdPreviews = true;
      return api.workshop.grant("kit.tar", "Load");
    });
    await screen.findByRole("progressbar", { name: w.checking });
    expect(api.workshop.runs.size).toBe(1);
    unmount();
    await waitFor(() => expect(api.workshop.runs.size).toBe(0));
  });

  it("chooses a file in the Open dialog when none was dropped", async () => {
    setLocale(lang, null);
    const { api } = setup();
    const dialog = screen.getByRole("dialog", { name: w.title });
    expect(within(dialog).queryByRole("button", { name: w.load })).not.toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: w.choose }));
    const tags = await within(dialog).findByRole("list", { name: w.tags });
    expect(chipsOf(tags)).toEqual(TAGS);
    expect(api.calls).toContain("chooseLoadFile");
    // Its Choose button went while the Open dialog was up: the focus goes on to Load.
    await waitFor(() => expect(within(dialog).getByRole("button", { name: w.load })).toHaveFocus());
  });

  it("does nothing when the Open dialog is cancelled", async () => {
    setLocale(lang, null);
    const { api } = setup();
    api.workshop.nextLoadChoice = null;
    const dialog = screen.getByRole("dialog", { name: w.title });
    await userEvent.click(within(dialog).getByRole("button", { name: w.choose }));
    await waitFor(() => expect(api.calls).toContain("chooseLoadFile"));
    expect(api.calls).not.toContain("previewArchive");
    expect(within(dialog).getByRole("button", { name: w.choose })).toBeInTheDocument();
  });

  it("says exactly what is wrong with a bad archive and offers no Load", async () => {
    setLocale(lang, null);
    const { api } = setup((api) => {
      api.workshop.archives.set("bad.tar", {
        kind: "BadArchive",
        file: "bad.tar",
        problem: { kind: "Truncated" },
      });
      return api.workshop.grant("bad.tar", "Load");
    });
    const dialog = screen.getByRole("dialog", { name: w.title });
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(w.truncated);
    expect(within(dialog).queryByRole("button", { name: w.load })).not.toBeInTheDocument();
    expect(dialog.querySelector("code")).toBeNull();
    expect(within(dialog).getByRole("button", { name: w.other })).toBeInTheDocument();
    expect(api.calls).not.toContain("loadImages");
  });

  it("says a damaged plain tar is damaged, not that its compressed data is", async () => {
    setLocale(lang, null);
    setup((api) => {
      api.workshop.archives.set("bad.tar", {
        kind: "BadArchive",
        file: "bad.tar",
        problem: { kind: "Corrupt", damage: { kind: "TarHeader" } },
      });
      return api.workshop.grant("bad.tar", "Load");
    });
    const dialog = screen.getByRole("dialog", { name: w.title });
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent(w.corrupt);
    expect(alert).not.toHaveTextContent(/compress|comprim/);
  });

  it("loads nothing when Imagen is on another engine than when the file was looked at, and loads there when asked again", async () => {
    setLocale(lang, null);
    const { api, onloaded } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    const dialog = screen.getByRole("dialog", { name: w.title });
    await within(dialog).findByRole("list", { name: w.tags });
    const from = api.engine.address;
    // Docker Desktop restarted onto another context: Imagen reconnected there.
    const to = "unix:///home/ana/.colima/default/docker.sock";
    api.engine = { ...api.engine, address: to };

    await userEvent.click(within(dialog).getByRole("button", { name: w.load }));
    await saidIn(dialog, w.switched(from, to));
    expect(onloaded).not.toHaveBeenCalled();
    expect(api.workshop.record.at(-1)?.status).toEqual({ status: "Changed" });
    // What loading does there, to confirm again.
    expect(chipsOf(within(dialog).getByRole("list", { name: w.tags }))).toEqual(TAGS);

    await userEvent.click(within(dialog).getByRole("button", { name: w.load }));
    await waitFor(() => expect(onloaded).toHaveBeenCalledWith(TAGS));
  });

  it("shows the zstd pipe for an engine that cannot decompress the file, and still loads it", async () => {
    setLocale(lang, null);
    const { api } = setup((api) => {
      api.workshop.archives.set("kit.tar.zst", {
        file: "kit.tar.zst",
        bytes: 2000,
        compression: "Zstd",
        decompressFirst: true,
        tags: TAGS,
        images: 2,
        taken: [],
        platforms: [],
      });
      return api.workshop.grant("kit.tar.zst", "Load");
    });
    const dialog = screen.getByRole("dialog", { name: w.title });
    await within(dialog).findByRole("list", { name: w.tags });
    expect(dialog.querySelector("code")).toHaveTextContent("zstd -dc kit.tar.zst | docker load");
    expect(dialog).toHaveTextContent(w.decompressFirst);
    await userEvent.click(within(dialog).getByRole("button", { name: w.load }));
    await saidIn(dialog, w.loaded);
    expect(api.calls).toContain("loadImages");
  });

  it("refuses a file that is not an archive (the fake's answer for an unknown file)", async () => {
    setLocale(lang, null);
    setup((api) => api.workshop.grant("notes.txt", "Load"));
    const dialog = screen.getByRole("dialog", { name: w.title });
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(w.notArchive);
    expect(within(dialog).queryByRole("button", { name: w.load })).not.toBeInTheDocument();
  });

  it("shows progress in bytes and cancels through the API", async () => {
    setLocale(lang, null);
    const { api, onloaded, onclose } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    api.workshop.autoFinish = false;
    const dialog = screen.getByRole("dialog", { name: w.title });
    await userEvent.click(await within(dialog).findByRole("button", { name: w.load }));

    const bar = await within(dialog).findByRole("progressbar", { name: w.loading });
    const [run] = [...api.workshop.runs.values()];
    run!.progress(500);
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "25"));
    expect(within(dialog).getByText(w.of)).toBeInTheDocument();

    // 40 s later with nothing more taken (progress still comes, unchanged): it says so.
    const said = within(dialog).getByTestId("kit-said");
    expect(said.textContent?.trim()).toBe("");
    const later = Date.now() + 40_000;
    const clock = vi.spyOn(Date, "now").mockReturnValue(later);
    run!.progress(500);
    await waitFor(() => expect(dialog).toHaveTextContent(w.stalled), { timeout: 3000 });
    // A screen reader hears the stall once, from the region in the page all along.
    expect(said.textContent?.trim()).toMatch(/^[A-ZÁÉÍÓÚ]/);
    expect(said).not.toHaveTextContent(/\d+(\.\d+)?[kMG]?B/);
    clock.mockRestore();

    await userEvent.keyboard("{Escape}");
    expect(onclose).not.toHaveBeenCalled();

    await userEvent.click(within(dialog).getByRole("button", { name: w.cancel }));
    await saidIn(dialog, w.cancelled);
    expect(api.calls).toContain("cancelKit");
    expect(onloaded).not.toHaveBeenCalled();
    expect(within(dialog).queryByRole("progressbar")).not.toBeInTheDocument();
  });
});

describe("LoadDialog and an archive made for another platform", () => {
  const ARM = "sha256:" + "7".repeat(64);
  const AMD = "sha256:" + "8".repeat(64);

  function withPlatforms(enginePlatform: string | null) {
    return setup((api) => {
      api.workshop.archives.set("mac.tar", {
        file: "mac.tar",
        bytes: 2000,
        compression: "None",
        decompressFirst: false,
        tags: ["web:1", "db:2"],
        images: 3,
        taken: [],
        platforms: [
          { tags: ["web:1"], id: ARM, platform: "linux/arm64/v8" },
          { tags: ["db:2"], id: AMD, platform: "linux/amd64" },
          { tags: [], id: ARM, platform: "linux/arm64" },
        ],
        enginePlatform,
      });
      return api.workshop.grant("mac.tar", "Load");
    });
  }

  it.each([
    [
      "en",
      "Images made for another platform",
      [
        "web:1 was made for linux/arm64/v8; this engine is linux/amd64: it runs emulated (slowly), or not at all.",
        "777777777777 was made for linux/arm64; this engine is linux/amd64: it runs emulated (slowly), or not at all.",
      ],
    ],
    [
      "es",
      "Imágenes creadas para otra plataforma",
      [
        "web:1 se creó para linux/arm64/v8; este motor es linux/amd64: se ejecuta emulada (más despacio) o no se ejecuta.",
        "777777777777 se creó para linux/arm64; este motor es linux/amd64: se ejecuta emulada (más despacio) o no se ejecuta.",
      ],
    ],
  ] as const)(
    "says which images were made for another platform (%s)",
    async (lang, label, said) => {
      setLocale(lang, null);
      withPlatforms("linux/amd64");
      const dialog = screen.getByRole("dialog", { name: WORDS[lang].title });
      const list = await within(dialog).findByRole("list", { name: label });
      expect(chipsOf(list)).toEqual(said);
    },
  );

  it("says nothing when the images match the engine, or the engine's platform is unknown", async () => {
    withPlatforms(null);
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    await within(dialog).findByRole("button", { name: WORDS.en.load });
    expect(dialog).not.toHaveTextContent("was made for");
  });

  it("takes an image's variant for its own platform (arm64/v8 on arm64)", async () => {
    withPlatforms("linux/arm64");
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    const list = await within(dialog).findByRole("list", {
      name: "Images made for another platform",
    });
    expect(chipsOf(list)).toEqual([
      "db:2 was made for linux/amd64; this engine is linux/arm64: it runs emulated (slowly), or not at all.",
    ]);
  });
});

describe("LoadDialog after a Cancel", () => {
  it.each(["en", "es"] as const)(
    "offers to load the same file again when the engine had loaded nothing (%s)",
    async (lang) => {
      setLocale(lang, null);
      const w = WORDS[lang];
      const again = { en: "Load again", es: "Cargar de nuevo" }[lang];
      const { api, onloaded } = setup((api) => api.workshop.grant("kit.tar", "Load"));
      api.workshop.autoFinish = false;
      const dialog = screen.getByRole("dialog", { name: w.title });
      await userEvent.click(await within(dialog).findByRole("button", { name: w.load }));
      await within(dialog).findByRole("progressbar", { name: w.loading });
      [...api.workshop.runs.values()][0]!.progress(500);
      await userEvent.click(within(dialog).getByRole("button", { name: w.cancel }));
      await saidIn(dialog, w.cancelled);
      const button = within(dialog).getByRole("button", { name: again });
      // The focus is on Close, not on Load again: a second press of Cancel lands there.
      const close = within(dialog).getByRole("button", { name: w.close });
      await waitFor(() => expect(close).toHaveFocus());
      // Another file may be chosen instead.
      expect(within(dialog).getByRole("button", { name: w.other })).toBeInTheDocument();

      // The same file, without a new check for its preview: the load re-checks it.
      const previews = api.calls.filter((c) => c === "previewArchive").length;
      await userEvent.click(button);
      await within(dialog).findByRole("progressbar", { name: w.loading });
      [...api.workshop.runs.values()][0]!.finish();
      await saidIn(dialog, w.loaded);
      expect(onloaded).toHaveBeenCalledWith(TAGS);
      expect(api.calls.filter((c) => c === "previewArchive").length).toBe(previews);
      expect(api.calls.filter((c) => c === "loadImages").length).toBe(2);
    },
  );

  it("offers only Close once the engine was importing when the Cancel came", async () => {
    const { api } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    api.workshop.autoFinish = false;
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    await userEvent.click(await within(dialog).findByRole("button", { name: WORDS.en.load }));
    await within(dialog).findByRole("progressbar", { name: WORDS.en.loading });
    [...api.workshop.runs.values()][0]!.progress(2000);
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.cancel }));
    await saidIn(dialog, /Cancelled while the engine was importing/);
    expect(within(dialog).queryByRole("button", { name: "Load again" })).not.toBeInTheDocument();
    expect(
      within(dialog)
        .getAllByRole("button")
        .map((b) => b.textContent?.trim()),
    ).toEqual([WORDS.en.close]);
  });
});

describe("LoadDialog when the file's drive stalls during a check", () => {
  it("says the drive has delivered nothing instead of showing a frozen bar", async () => {
    const { api } = setup();
    let answer: (preview: null) => void = () => {};
    vi.spyOn(api, "previewArchive").mockImplementation((_file, _id, onProgress) => {
      const stuck = { read: 500, total: 2000, sent: 0, ended: false, checking: true };
      onProgress({ ...stuck, waitingForFile: false });
      onProgress({ ...stuck, waitingForFile: true });
      return new Promise((resolve) => (answer = resolve));
    });
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.choose }));
    await within(dialog).findByRole("progressbar", { name: WORDS.en.checking });
    await waitFor(() =>
      expect(dialog).toHaveTextContent(
        "500B of 2kB · the file's drive has delivered nothing for 3s: it may be asleep, slow or unplugged; Cancel stops the check",
      ),
    );
    expect(within(dialog).getByTestId("kit-said")).toHaveTextContent(
      /^The file's drive has delivered nothing/,
    );
    setLocale("es");
    await waitFor(() =>
      expect(dialog).toHaveTextContent(
        "500B de 2kB · la unidad del archivo no envía datos desde hace 3s: puede estar dormida, ir lenta o estar desconectada; Cancelar detiene la revisión",
      ),
    );
    answer(null);
  });
});

describe("LoadDialog when the load fails", () => {
  it("words the error and offers another file", async () => {
    const { api, onloaded } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    await within(dialog).findByRole("list", { name: WORDS.en.tags });
    vi.spyOn(api, "loadImages").mockRejectedValueOnce({
      kind: "FileProblem",
      file: "kit.tar",
      reason: "it was moved",
      trouble: "Other",
      writing: false,
    });
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.load }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("Imagen could not read kit.tar: it was moved.");
    // A load writes nothing: no word of partial files.
    expect(alert).not.toHaveTextContent("partial");
    expect(onloaded).not.toHaveBeenCalled();
    expect(within(dialog).getByRole("button", { name: WORDS.en.other })).toBeInTheDocument();
  });
});

describe("LoadDialog when the engine imports for longer than Imagen waits", () => {
  const timeout = { kind: "EngineTimeout", address: "unix:///var/run/docker.sock", seconds: 3600 };

  it.each([
    ["en", "The engine had taken the whole file and was importing it"],
    ["es", "El motor ya había recibido el archivo entero y lo estaba importando"],
  ] as const)(
    "says some images may be there once the engine took the whole file (%s)",
    async (lang, note) => {
      setLocale(lang, null);
      const { api, onloaded } = setup((api) => api.workshop.grant("kit.tar", "Load"));
      api.workshop.autoFinish = false;
      const w = WORDS[lang];
      const dialog = screen.getByRole("dialog", { name: w.title });
      await userEvent.click(await within(dialog).findByRole("button", { name: w.load }));
      await within(dialog).findByRole("progressbar", { name: w.loading });
      const [run] = [...api.workshop.runs.values()];
      run!.progress(2000);
      run!.fail(timeout as ImagenError);

      expect(await within(dialog).findByRole("alert")).toHaveTextContent(/3,?600|3\.600|3 600/);
      expect(dialog).toHaveTextContent(note);
      expect(onloaded).not.toHaveBeenCalled();
      expect(api.workshop.record.at(-1)?.status).toEqual({ status: "Refused", error: timeout });
    },
  );

  it.each([
    ["part of the file", 500],
    ["the whole file read, not all taken", 2000],
  ])("does not say so when the engine stopped taking the file (%s)", async (_, read) => {
    const { api } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    api.workshop.autoFinish = false;
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    await userEvent.click(await within(dialog).findByRole("button", { name: WORDS.en.load }));
    await within(dialog).findByRole("progressbar", { name: WORDS.en.loading });
    const [run] = [...api.workshop.runs.values()];
    run!.progress(read, false);
    run!.fail({ ...timeout, seconds: 180 } as ImagenError);

    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "did not answer in 180 seconds",
    );
    expect(dialog).not.toHaveTextContent("was importing it");
  });
});

describe("LoadDialog when the load ends while the engine imports", () => {
  it("a Cancel after the engine took the whole file says its finished images stay", async () => {
    const { api } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    api.workshop.autoFinish = false;
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    await userEvent.click(await within(dialog).findByRole("button", { name: WORDS.en.load }));
    await within(dialog).findByRole("progressbar", { name: WORDS.en.loading });
    const [run] = [...api.workshop.runs.values()];
    run!.progress(2000);
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.cancel }));
    const status = await saidIn(
      dialog,
      "Cancelled while the engine was importing the file: the images it had finished stay on it.",
    );
    expect(status).not.toHaveTextContent("nothing was loaded");
  });

  it("the engine gone while importing: says some images may be there", async () => {
    const { api } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    api.workshop.autoFinish = false;
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    await userEvent.click(await within(dialog).findByRole("button", { name: WORDS.en.load }));
    await within(dialog).findByRole("progressbar", { name: WORDS.en.loading });
    const [run] = [...api.workshop.runs.values()];
    run!.progress(2000);
    run!.fail({
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "connection reset",
      cause: "Refused",
    });
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(/Docker engine/);
    expect(dialog).toHaveTextContent("some of its images may be on the engine already");
  });
});

describe("LoadDialog and tags already on the engine", () => {
  const short = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);

  it("says which tags loading moves from images already here, then what the engine moved", async () => {
    const mine = fakeImage({ tags: ["nginx:1.27"] });
    setup((api) => api.workshop.grant("kit.tar", "Load"), [mine]);
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    const list = await within(dialog).findByRole("list", { name: /^Loading moves 1 tag/ });
    expect(chipsOf(list)).toEqual([`nginx:1.27, now on ${short(mine.id)}`]);
    expect(dialog).toHaveTextContent("docker load does this without asking.");

    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.load }));
    await saidIn(dialog, `Moved here from another image: nginx:1.27 (from ${short(mine.id)}).`);
  });

  it("loads nothing when a tag was taken after the preview, shows what loading does now, and loads when asked again", async () => {
    const { api, onloaded } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    await within(dialog).findByRole("list", { name: WORDS.en.tags });
    expect(within(dialog).queryByRole("list", { name: /^Loading moves/ })).toBeNull();
    // `docker tag … alpine:3.20` in a terminal.
    const mine = fakeImage({ tags: ["alpine:3.20"] });
    api.images = [mine];

    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.load }));
    expect(
      await within(dialog).findByText(/^The file or the engine changed since you looked/),
    ).toBeInTheDocument();
    const list = within(dialog).getByRole("list", { name: /^Loading moves 1 tag/ });
    expect(chipsOf(list)).toEqual([`alpine:3.20, now on ${short(mine.id)}`]);
    expect(onloaded).not.toHaveBeenCalled();
    expect(api.workshop.record.at(-1)?.status).toEqual({ status: "Changed" });

    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.load }));
    await waitFor(() => expect(onloaded).toHaveBeenCalledWith(TAGS));
  });
});

describe.each([
  [
    "en",
    {
      disk: "The engine ran out of disk space.",
      partial: "Before it stopped, the engine had loaded these, which stay on it:",
      moved: "Moved here from another image: alpine:3.20 (from 9f8e9f8e9f8e).",
      mayFinish: "some of its images may be on the engine already",
      tryAgain: "Try again",
      other: "Choose another file…",
      folder:
        "kit is a folder, not an archive file: drop (or choose) the .tar inside it. Nothing was loaded.",
    },
  ],
  [
    "es",
    {
      disk: "El motor se quedó sin espacio en disco.",
      partial: "Antes de detenerse, el motor ya había cargado estas imágenes, que se quedan en él:",
      moved: "Pasó aquí desde otra imagen: alpine:3.20 (antes en 9f8e9f8e9f8e).",
      mayFinish: "puede que algunas de sus imágenes ya estén en el motor",
      tryAgain: "Reintentar",
      other: "Elegir otro archivo…",
      folder:
        "kit es una carpeta, no un archivo de imágenes: suelta (o elige) el .tar que hay dentro. No se cargó nada.",
    },
  ],
] as const)("LoadDialog when the load stops part-way (%s)", (lang, said) => {
  const HOLDER = `sha256:${"9f8e".repeat(16)}`;

  it("shows what the engine had loaded and moved before it failed, and that more may be there", async () => {
    setLocale(lang, null);
    const { api, onloaded } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    const w = WORDS[lang];
    const dialog = screen.getByRole("dialog", { name: w.title });
    await within(dialog).findByRole("list", { name: w.tags });
    vi.spyOn(api, "loadImages").mockResolvedValueOnce({
      status: "Failed",
      error: { kind: "DiskFull", message: "write /var/lib/docker/tmp/x: no space left on device" },
      images: ["nginx:1.27"],
      moved: [{ tag: "alpine:3.20", holder: HOLDER }],
    });
    await userEvent.click(within(dialog).getByRole("button", { name: w.load }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent(said.disk);
    expect(chipsOf(within(dialog).getByRole("list", { name: said.partial }))).toEqual([
      "nginx:1.27",
    ]);
    expect(dialog).toHaveTextContent(said.moved);
    expect(dialog).toHaveTextContent(said.mayFinish);
    expect(onloaded).not.toHaveBeenCalled();
    expect(within(dialog).getByRole("button", { name: said.other })).toBeInTheDocument();
  });

  it("says images may be there after any error once the engine had the whole file", async () => {
    setLocale(lang, null);
    const { api } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    api.workshop.autoFinish = false;
    const w = WORDS[lang];
    const dialog = screen.getByRole("dialog", { name: w.title });
    await userEvent.click(await within(dialog).findByRole("button", { name: w.load }));
    await within(dialog).findByRole("progressbar", { name: w.loading });
    const [run] = [...api.workshop.runs.values()];
    run!.progress(2000);
    run!.fail({ kind: "DiskFull", message: "no space left on device" });
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(said.disk);
    expect(dialog).toHaveTextContent(said.mayFinish);
  });

  it("tries the same file again after a failure", async () => {
    setLocale(lang, null);
    const { api, onloaded } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    const w = WORDS[lang];
    const dialog = screen.getByRole("dialog", { name: w.title });
    await within(dialog).findByRole("list", { name: w.tags });
    const load = vi.spyOn(api, "loadImages").mockRejectedValueOnce({
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "connection refused",
      cause: "Refused",
    });
    await userEvent.click(within(dialog).getByRole("button", { name: w.load }));
    await within(dialog).findByRole("alert");
    // Not importing yet: no word of images already there.
    expect(dialog).not.toHaveTextContent(said.mayFinish);
    const retry = within(dialog).getByRole("button", { name: said.tryAgain });
    expect(retry).toHaveFocus();
    expect(within(dialog).getByRole("button", { name: said.other })).toBeInTheDocument();

    await userEvent.click(retry);
    await saidIn(dialog, w.loaded);
    expect(load).toHaveBeenCalledTimes(2);
    const fileIds = load.mock.calls.map((call) => call[1]);
    expect(fileIds[1]).toBe(fileIds[0]);
    expect(onloaded).toHaveBeenCalledWith(TAGS);
  });

  it("says a dropped folder is a folder", async () => {
    setLocale(lang, null);
    const { api } = setup((api) => {
      api.workshop.archives.set("kit", {
        kind: "BadArchive",
        file: "kit",
        problem: { kind: "Folder" },
      });
      return api.workshop.grant("kit", "Load");
    });
    const dialog = screen.getByRole("dialog", { name: WORDS[lang].title });
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(said.folder);
    expect(api.calls).not.toContain("loadImages");
  });
});

describe("LoadDialog when a Cancel comes while the engine imports", () => {
  it("lists what the engine had already said it loaded", async () => {
    const { api } = setup((api) => api.workshop.grant("kit.tar", "Load"));
    const dialog = screen.getByRole("dialog", { name: WORDS.en.title });
    await within(dialog).findByRole("list", { name: WORDS.en.tags });
    vi.spyOn(api, "loadImages").mockResolvedValueOnce({
      status: "Cancelled",
      importing: true,
      images: ["nginx:1.27"],
      moved: [],
    });
    await userEvent.click(within(dialog).getByRole("button", { name: WORDS.en.load }));
    const status = await saidIn(dialog, "Cancelled while the engine was importing the file");
    expect(
      chipsOf(
        within(status).getByRole("list", {
          name: "Before it stopped, the engine had loaded these, which stay on it:",
        }),
      ),
    ).toEqual(["nginx:1.27"]);
  });
});
