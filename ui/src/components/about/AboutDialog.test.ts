// The About dialog on its own, with FakeApi standing in for the backend.
import { cleanup, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import { FakeApi } from "../../lib/ipc/fake";
import { ImagesStore } from "../../lib/images/images.svelte";
import AboutDialog from "./AboutDialog.svelte";

const current = vi.hoisted(() => ({ api: null as unknown }));
vi.mock("../../lib/ipc/context", () => ({
  getApi: () => current.api,
  setApi: () => {},
}));

afterEach(() => setLocale("en"));

function open(api = new FakeApi()) {
  current.api = api;
  const onclose = vi.fn();
  render(AboutDialog, { props: { onclose } });
  return { api, onclose };
}

/** The part of the dialog that says it is still loading. */
const busyPart = (dialog: HTMLElement) => dialog.querySelector("[aria-busy]");

describe("AboutDialog", () => {
  it("shows Imagen's version, the engine's, the licence and where the source is", async () => {
    const api = new FakeApi();
    api.app = { version: "1.2.3", licence: "MIT" };
    const { onclose } = open(api);
    const dialog = screen.getByRole("dialog", { name: "About Imagen" });
    await waitFor(() => expect(busyPart(dialog)).toHaveAttribute("aria-busy", "false"));
    expect(within(dialog).getByText("Version").nextElementSibling).toHaveTextContent("1.2.3");
    expect(within(dialog).getByText("Engine").nextElementSibling).toHaveTextContent(
      "Docker Engine 27.5.1 (API 1.47)",
    );
    expect(within(dialog).getByText("Licence").nextElementSibling).toHaveTextContent(/^MIT: /);
    // The third-party notices every installer carries, named as a file (no link).
    expect(dialog).toHaveTextContent(
      "Imagen includes open-source components made by others: their licences are in THIRD-PARTY-NOTICES.md, in /usr/share/doc/imagen (.deb) or /usr/share/licenses/imagen (.rpm).",
    );
    expect(dialog).toHaveTextContent(/source/i);
    expect(dialog).toHaveTextContent(/GitHub/);
    // Link-free: nothing in it leaves the window.
    expect(dialog.querySelector("a")).toBeNull();
    expect(api.calls).toEqual(expect.arrayContaining(["appInfo", "engineInfo"]));
    await userEvent.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(onclose).toHaveBeenCalledOnce();
  });

  it("says where this OS's installer put the third-party notices", () => {
    const cases = [
      ["Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "in the folder Imagen is installed in."],
      [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)",
        "inside Imagen.app (in the Finder: Show Package Contents, then Contents › Resources).",
      ],
    ];
    for (const [agent, where] of cases) {
      const spy = vi.spyOn(navigator, "userAgent", "get").mockReturnValue(agent);
      try {
        open();
        const dialog = screen.getByRole("dialog", { name: "About Imagen" });
        expect(dialog).toHaveTextContent(`THIRD-PARTY-NOTICES.md, ${where}`);
      } finally {
        spy.mockRestore();
        cleanup();
      }
    }
  });

  it("names Podman as Podman, not as a Docker engine", async () => {
    const api = new FakeApi();
    api.engine = { ...api.engine, podman: true, serverVersion: "5.2.2", apiVersion: "1.41" };
    open(api);
    const dialog = screen.getByRole("dialog", { name: "About Imagen" });
    await waitFor(() => expect(busyPart(dialog)).toHaveAttribute("aria-busy", "false"));
    expect(within(dialog).getByText("Engine").nextElementSibling).toHaveTextContent(
      "Podman 5.2.2 (API 1.41)",
    );
  });

  it("says the engine is not connected when it does not answer, and still shows the version", async () => {
    const api = new FakeApi();
    api.engineInfo = () =>
      Promise.reject({ kind: "EngineUnreachable", address: "unix:///x", cause: "NotFound" });
    open(api);
    const dialog = screen.getByRole("dialog", { name: "About Imagen" });
    await waitFor(() =>
      expect(within(dialog).getByText("Engine").nextElementSibling).toHaveTextContent(
        "Not connected",
      ),
    );
    expect(within(dialog).getByText("Version").nextElementSibling).toHaveTextContent("0.1.0");
  });

  it("shows a dash, not Loading… forever, when the backend does not give its version", async () => {
    const api = new FakeApi();
    api.appInfo = () => Promise.reject({ kind: "Internal", message: "no" });
    open(api);
    const dialog = screen.getByRole("dialog", { name: "About Imagen" });
    await waitFor(() => expect(busyPart(dialog)).toHaveAttribute("aria-busy", "false"));
    expect(within(dialog).getByText("Version").nextElementSibling).toHaveTextContent(/^—$/);
    expect(within(dialog).getByText("Licence").nextElementSibling).toHaveTextContent(/^—$/);
    expect(dialog).not.toHaveTextContent("Loading");
    expect(within(dialog).getByText("Engine").nextElementSibling).toHaveTextContent(
      "Docker Engine 27.5.1 (API 1.47)",
    );
  });

  it("says at once that the engine is not connected when it is already known to be lost", async () => {
    const api = new FakeApi();
    // engineInfo never answers: the dialog must not wait for it to say what it already knows.
    api.engineInfo = () => new Promise(() => {});
    current.api = api;
    const images = new ImagesStore(api);
    images.engineLost("unix:///var/run/docker.sock", "connection refused");
    render(AboutDialog, { props: { onclose: vi.fn(), live: images } });
    const dialog = screen.getByRole("dialog", { name: "About Imagen" });
    expect(within(dialog).getByText("Engine").nextElementSibling).toHaveTextContent(
      "Not connected",
    );
    await waitFor(() => expect(busyPart(dialog)).toHaveAttribute("aria-busy", "false"));
  });

  it("says when the engine goes away while it is open", async () => {
    const api = new FakeApi();
    current.api = api;
    const images = new ImagesStore(api);
    render(AboutDialog, { props: { onclose: vi.fn(), live: images } });
    const dialog = screen.getByRole("dialog", { name: "About Imagen" });
    const engine = () => within(dialog).getByText("Engine").nextElementSibling;
    await waitFor(() => expect(engine()).toHaveTextContent("Docker Engine 27.5.1 (API 1.47)"));
    images.engineLost("unix:///var/run/docker.sock", "connection refused");
    await waitFor(() => expect(engine()).toHaveTextContent("Not connected"));
  });

  it("says it in Spanish; versions and the licence's name stay as they are", async () => {
    setLocale("es");
    const { onclose } = open();
    const dialog = screen.getByRole("dialog", { name: "Acerca de Imagen" });
    await waitFor(() => expect(busyPart(dialog)).toHaveAttribute("aria-busy", "false"));
    expect(within(dialog).getByText("Versión").nextElementSibling).toHaveTextContent("0.1.0");
    expect(within(dialog).getByText("Motor").nextElementSibling).toHaveTextContent(
      "Docker Engine 27.5.1 (API 1.47)",
    );
    expect(within(dialog).getByText("Licencia").nextElementSibling).toHaveTextContent(
      /^MIT: libre/,
    );
    expect(dialog).toHaveTextContent(/código abierto/);
    expect(dialog).toHaveTextContent(
      /sus licencias están en THIRD-PARTY-NOTICES\.md, en \/usr\/share\/doc\/imagen \(\.deb\)/,
    );
    await userEvent.keyboard("{Escape}");
    expect(onclose).toHaveBeenCalledOnce();
  });
});
