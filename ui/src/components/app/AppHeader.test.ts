import { humanSize } from "../../lib/shared/format";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import AppHeader from "./AppHeader.svelte";
import { FakeApi, fakeImage, fakeList } from "../../lib/ipc/fake";
import { EnginesStore } from "../../lib/app/engines.svelte";
import { ImagesStore } from "../../lib/images/images.svelte";

const api = new FakeApi();
const engines = new EnginesStore(api, new ImagesStore(api));

afterEach(() => setLocale("en"));

describe("AppHeader", () => {
  it("shows the count, the total size and the engine", async () => {
    const engine = await new FakeApi().engineInfo();
    const list = fakeList([fakeImage({ size: 1_000_000 }), fakeImage({ size: 2_000_000 })]);
    render(AppHeader, { props: { list, engine, busy: false, onrefresh: vi.fn(), engines } });
    expect(screen.getByRole("heading", { name: "Imagen" })).toBeInTheDocument();
    expect(screen.getByText("2 images")).toBeInTheDocument();
    expect(screen.getByText(humanSize(list.totalSize))).toBeInTheDocument();
    const control = screen.getByRole("button", { name: /docker\.sock · Engine 27\.5\.1/ });
    expect(control).toHaveAttribute("title", `${engine.address} · API ${engine.apiVersion}`);
  });

  it("says when the engine runs Windows containers, and how to switch to Linux ones", async () => {
    const linux = await new FakeApi().engineInfo();
    const engine = { ...linux, platform: "windows/amd64" };
    const props = { list: null, busy: false, onrefresh: vi.fn(), engines };
    const { rerender } = render(AppHeader, { props: { ...props, engine } });
    const control = screen.getByRole("button", { name: /Engine 27\.5\.1/ });
    expect(control).toHaveAccessibleName("docker.sock · Engine 27.5.1 · Windows containers");
    const how =
      "This engine runs Windows containers, and the course's images are Linux images: they need Linux containers. Right-click the Docker whale in the taskbar, by the clock (it may be hidden under the ^ arrow), and choose “Switch to Linux containers…”.";
    // Told on hover, and read out after the control's name.
    expect(screen.getByText("· Windows containers")).toHaveAttribute("title", how);
    expect(control).toHaveAccessibleDescription(`Choose an engine ${how}`);

    setLocale("es");
    await waitFor(() => expect(control).toHaveTextContent("· contenedores Windows"));
    expect(control).toHaveAccessibleDescription(
      /^Elige un motor .*contenedores Windows.*«Switch to Linux containers…»\.$/,
    );

    // A Linux engine (the usual one) says nothing of its platform.
    await rerender({ ...props, engine: linux });
    expect(control).not.toHaveTextContent(/Windows/);
    expect(control).toHaveAccessibleDescription("Elige un motor");
  });

  it("says it is reconnecting, calmly, instead of naming the engine that went away", async () => {
    const engine = await new FakeApi().engineInfo();
    const props = { list: fakeList([]), engine, busy: false, onrefresh: vi.fn(), engines };
    const { rerender } = render(AppHeader, { props: { ...props, reconnecting: true } });
    expect(screen.getByRole("status")).toHaveTextContent("Reconnecting to the engine…");
    expect(screen.queryByText(/Engine 27/)).not.toBeInTheDocument();
    // Still the way to another engine: the one that went away may not come back.
    const control = screen.getByRole("button", {
      name: "Reconnecting to the engine… Choose an engine",
    });
    expect(control).toHaveAttribute("title", "Choose an engine");
    await fireEvent.click(control);
    expect(await screen.findByRole("dialog", { name: "Engine" })).toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Close" }));
    await rerender({ ...props, reconnecting: false });
    // The status region stays (so its next text is announced), empty.
    expect(screen.getByRole("status").textContent).toBe("");
    expect(screen.getByText(/Engine 27/)).toBeInTheDocument();
  });

  it("offers only the actions it is given; Refresh waits while busy", async () => {
    const onrefresh = vi.fn();
    const onpull = vi.fn();
    const { rerender } = render(AppHeader, {
      props: { list: null, engine: null, busy: false, onrefresh, onpull, engines },
    });
    expect(screen.queryByRole("button", { name: /Pulls/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Clean up…" })).not.toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Refresh" }));
    await fireEvent.click(screen.getByRole("button", { name: "Pull…" }));
    expect(onrefresh).toHaveBeenCalledOnce();
    expect(onpull).toHaveBeenCalledOnce();
    await rerender({ list: null, engine: null, busy: true, onrefresh, onpull, engines });
    // Waiting, yet still focusable (a disabled button would drop the keyboard focus).
    const refresh = screen.getByRole("button", { name: "Refresh" });
    expect(refresh).toHaveAttribute("aria-disabled", "true");
    await fireEvent.click(refresh);
    expect(onrefresh).toHaveBeenCalledOnce();
  });

  it("counts running pulls on the Pulls button", () => {
    render(AppHeader, {
      props: {
        list: null,
        engine: null,
        busy: false,
        onrefresh: vi.fn(),
        ontogglepulls: vi.fn(),
        runningPulls: 2,
        pullsOpen: true,
        engines,
      },
    });
    // The badge's figure alone would read "Pulls2".
    const pulls = screen.getByRole("button", { name: "Pulls (2 running)" });
    expect(pulls).toHaveAttribute("aria-expanded", "true");
    expect(pulls).toHaveAttribute("aria-controls", "pulls-panel");
    expect(pulls).not.toHaveAttribute("aria-pressed");
  });

  it("says the Pulls panel is closed, and names running pulls and commands in Spanish", async () => {
    setLocale("es");
    render(AppHeader, {
      props: {
        list: null,
        engine: null,
        busy: false,
        onrefresh: vi.fn(),
        ontogglepulls: vi.fn(),
        runningPulls: 1,
        ontogglerecord: vi.fn(),
        runningCommands: 3,
        engines,
      },
    });
    const pulls = screen.getByRole("button", { name: "Descargas (1 en curso)" });
    expect(pulls).toHaveAttribute("aria-expanded", "false");
    expect(pulls).not.toHaveAttribute("aria-controls");
    expect(screen.getByRole("button", { name: "Terminal (3 en curso)" })).toBeInTheDocument();
  });

  it("names the Terminal button with its running commands, not a bare figure", () => {
    render(AppHeader, {
      props: {
        list: null,
        engine: null,
        busy: false,
        onrefresh: vi.fn(),
        ontogglerecord: vi.fn(),
        runningCommands: 2,
        engines,
      },
    });
    expect(screen.getByRole("button", { name: "Terminal (2 running)" })).toBeInTheDocument();
  });

  it("says whether the Terminal and Learn panels are open, as Pulls does: expanded, not pressed", async () => {
    const props = {
      list: null,
      engine: null,
      busy: false,
      onrefresh: vi.fn(),
      ontogglerecord: vi.fn(),
      ontogglelearn: vi.fn(),
      recordOpen: false,
      learnOpen: false,
      engines,
    };
    const { rerender } = render(AppHeader, { props });
    const terminal = screen.getByRole("button", { name: "Terminal" });
    const learn = screen.getByRole("button", { name: "Learn" });
    for (const toggle of [terminal, learn]) {
      expect(toggle).toHaveAttribute("aria-expanded", "false");
      expect(toggle).not.toHaveAttribute("aria-controls");
      expect(toggle).not.toHaveAttribute("aria-pressed");
    }
    await rerender({ ...props, recordOpen: true, learnOpen: true });
    expect(terminal).toHaveAttribute("aria-expanded", "true");
    expect(terminal).toHaveAttribute("aria-controls", "record-panel");
    expect(learn).toHaveAttribute("aria-expanded", "true");
    expect(learn).toHaveAttribute("aria-controls", "learn-panel");
  });

  it("says it in Spanish, next to a language control; sizes and versions as docker prints them", async () => {
    setLocale("es");
    const engine = await new FakeApi().engineInfo();
    const list = fakeList([fakeImage({ size: 1_000_000 }), fakeImage({ size: 2_000_000 })]);
    render(AppHeader, {
      props: {
        list,
        engine,
        busy: false,
        onrefresh: vi.fn(),
        onpull: vi.fn(),
        oncleanup: vi.fn(),
        ontogglepulls: vi.fn(),
        engines,
      },
    });
    expect(screen.getByText("2 imágenes")).toBeInTheDocument();
    expect(screen.getByText(humanSize(list.totalSize))).toHaveAttribute(
      "title",
      "La columna SIZE de docker images (DISK USAGE desde Docker 29), sumada una vez por imagen (no por etiqueta); las capas compartidas cuentan en cada imagen que las usa",
    );
    expect(
      screen.getByRole("button", { name: /docker\.sock · Motor 27\.5\.1/ }),
    ).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Idioma" })).toHaveValue("es");
    expect(screen.getByRole("button", { name: "Actualizar la lista" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Descargar…" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Descargas" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Limpiar…" })).toHaveAttribute(
      "title",
      "Eliminar imágenes huérfanas o sin usar (docker image prune)",
    );
  });

  it("says Clean up removes dangling or unused images: plain docker image prune removes only dangling ones", () => {
    const list = fakeList([fakeImage()]);
    render(AppHeader, {
      props: { list, engine: null, busy: false, onrefresh: vi.fn(), oncleanup: vi.fn(), engines },
    });
    expect(screen.getByRole("button", { name: "Clean up…" })).toHaveAttribute(
      "title",
      "Remove dangling or unused images (docker image prune)",
    );
  });

  it("counts a single image in the singular, in both languages", () => {
    const list = fakeList([fakeImage()]);
    const props = { list, engine: null, busy: false, onrefresh: vi.fn(), engines };
    render(AppHeader, { props });
    // Counted per image ID, as docker system df counts them: the title says how docker
    // images differs (one row per tag).
    expect(screen.getByText("1 image")).toHaveAttribute(
      "title",
      "Images, one per image ID, as docker system df counts them (TOTAL); docker images prints one row per tag",
    );
    setLocale("es");
    render(AppHeader, { props });
    // Both headers on screen now speak Spanish.
    expect(screen.getAllByText("1 imagen")).toHaveLength(2);
  });

  it("opens About from its button, named in either language", async () => {
    const onabout = vi.fn();
    const props = { list: null, engine: null, busy: false, onrefresh: vi.fn(), engines, onabout };
    render(AppHeader, { props });
    await fireEvent.click(screen.getByRole("button", { name: "About" }));
    expect(onabout).toHaveBeenCalledOnce();
    setLocale("es");
    render(AppHeader, { props });
    // Both headers on screen speak Spanish now.
    const buttons = screen.getAllByRole("button", { name: "Acerca de" });
    expect(buttons).toHaveLength(2);
    await fireEvent.click(buttons[1]!);
    expect(onabout).toHaveBeenCalledTimes(2);
  });
});
