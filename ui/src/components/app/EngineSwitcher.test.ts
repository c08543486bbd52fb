import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import App from "./App.svelte";
import { FakeApi, fakeChoice, fakeImage } from "../../lib/ipc/fake";
import type { EngineChoice, UnreachableCause } from "../../lib/ipc/api";

/** An app on the default socket, with a Colima context beside it holding one other image. */
function twoEngines() {
  const api = new FakeApi([fakeImage({ tags: ["here:1"] })]);
  api.engines.choices.push(
    fakeChoice("context:colima", "colima", {
      address: "unix:///Users/ana/.colima/default/docker.sock",
      description: "Colima's VM",
      dockerCommand: "docker context use colima",
    }),
    fakeChoice("context:far", "far", {
      address: "tcp://192.0.2.9:2375",
      exposed: true,
      answer: {
        kind: "Silent",
        error: {
          kind: "EngineUnreachable",
          address: "tcp://192.0.2.9:2375",
          reason: "connection refused",
          cause: "Refused",
        },
      },
    }),
  );
  api.otherEngines.set("context:colima", {
    engine: {
      ...api.engine,
      address: "unix:///Users/ana/.colima/default/docker.sock",
      name: "colima",
      serverVersion: "26.1.1",
    },
    images: [fakeImage({ tags: ["only-in-colima:2"] })],
  });
  return api;
}

afterEach(() => setLocale("en"));

describe("EngineSwitcher", () => {
  it("names the engine in the header and lists every engine with whether it answers", async () => {
    const api = twoEngines();
    render(App, { props: { api } });
    const control = await screen.findByRole("button", { name: /docker\.sock · Engine 27\.5\.1/ });
    // Its name is the engine; what it does is said after it.
    expect(control).toHaveAccessibleDescription("Choose an engine");
    await userEvent.click(control);
    const dialog = await screen.findByRole("dialog", { name: "Engine" });
    const list = await within(dialog).findByRole("list", { name: "Engines" });
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(4));
    const [automatic, socket, colima, far] = within(list).getAllByRole("button");
    expect(automatic).toHaveTextContent("Like the docker command");
    expect(automatic).toHaveAttribute("aria-current", "true");
    // One "In use", on the engine the rule found; the rule itself is the user's choice.
    expect(automatic).toHaveTextContent("Your choice");
    expect(automatic).not.toHaveTextContent("In use");
    expect(socket).toHaveTextContent("In use");
    expect(socket).toHaveTextContent("Answers: Engine 27.5.1");
    expect(colima).toHaveTextContent("Colima's VM");
    expect(far).toHaveTextContent("Refused the connection");
    expect(far).toHaveTextContent("Registry passwords are never sent to it");
    // The terminal keeps its own engine: the command to follow along there.
    expect(within(dialog).getByText(/docker context use default/)).toBeInTheDocument();
  });

  it("says Connecting…, not No engine, while the engine is first reached", async () => {
    const api = twoEngines();
    let open!: () => void;
    api.gate = new Promise<void>((resolve) => (open = resolve));
    render(App, { props: { api } });
    const control = await screen.findByRole("button", { name: /Connecting…/ });
    expect(control).not.toHaveTextContent("No engine");
    open();
    await screen.findByRole("button", { name: /docker\.sock · Engine 27\.5\.1/ });
  });

  it("switches for this run when the choice cannot be saved, and stays open to say so", async () => {
    const api = twoEngines();
    api.settingsUnwritable = "/home/ana/.config/imagen/engine.json: Read-only file system";
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "here:1" });
    await userEvent.click(screen.getByRole("button", { name: /Engine 27\.5\.1/ }));
    const dialog = await screen.findByRole("dialog", { name: "Engine" });
    const colima = await within(dialog).findByRole("button", { name: /colima/ });
    await userEvent.click(colima);
    // Switched all the same: the user asked for it.
    expect(await screen.findByRole("listitem", { name: "only-in-colima:2" })).toBeInTheDocument();
    const alert = await within(dialog).findByText(/could not be saved, so Imagen will start/);
    expect(alert).toHaveAttribute("role", "alert");
    expect(alert).toHaveTextContent("Read-only file system");
    // The list read again shows the engine now in use; the focus stays on the clicked one.
    await waitFor(() => expect(colima).toHaveTextContent("In use"));
    expect(colima).toHaveFocus();
    // The engine in use clicked again changes nothing, and closes the dialog as ever.
    await userEvent.click(colima);
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    // Opened again: the notice stays while the choice is unsaved.
    await userEvent.click(screen.getByRole("button", { name: /colima · Engine/ }));
    const again = await screen.findByRole("dialog", { name: "Engine" });
    await within(again).findByText(/could not be saved/);
    // A choice saved again (the folder writable once more) closes the dialog as usual.
    api.settingsUnwritable = null;
    await userEvent.click(within(again).getByRole("button", { name: /Like the docker command/ }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("switches Imagen to another engine: its images, its name, nothing of the old one", async () => {
    const api = twoEngines();
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "here:1" });
    await userEvent.click(screen.getByRole("button", { name: /Engine 27\.5\.1/ }));
    const dialog = await screen.findByRole("dialog", { name: "Engine" });
    await userEvent.click(await within(dialog).findByRole("button", { name: /colima/ }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(await screen.findByRole("listitem", { name: "only-in-colima:2" })).toBeInTheDocument();
    expect(screen.queryByRole("listitem", { name: "here:1" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: /colima · Engine 26\.1\.1/ })).toBeInTheDocument();
    expect(api.calls).toContain("chooseEngine");
    // Opening it again shows the choice held, and the command for the terminal.
    await userEvent.click(screen.getByRole("button", { name: /colima · Engine/ }));
    const again = await screen.findByRole("dialog", { name: "Engine" });
    await waitFor(() =>
      expect(within(again).getByText(/docker context use colima/)).toBeInTheDocument(),
    );
    const automatic = within(again).getByRole("button", { name: /Like the docker command/ });
    expect(automatic).not.toHaveAttribute("aria-current");
  });

  it("says when docker moved to another engine in a terminal, and follows it from Automatic", async () => {
    // `docker context use colima` in a terminal: Imagen stays on its engine until asked.
    const api = twoEngines();
    api.engines.choices[0]!.dockerDefault = false;
    api.engines.choices[1]!.dockerDefault = true;
    api.engines.dockerMoved = true;
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "here:1" });
    await userEvent.click(screen.getByRole("button", { name: /docker\.sock · Engine 27\.5\.1/ }));
    const dialog = await screen.findByRole("dialog", { name: "Engine" });
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "docker now uses colima (changed in a terminal?), while Imagen is still on the engine marked In use. Choose “Like the docker command” to follow it.",
    );
    const [automatic, socket] = within(
      within(dialog).getByRole("list", { name: "Engines" }),
    ).getAllByRole("button");
    expect(socket).toHaveTextContent("In use");
    await userEvent.click(automatic!);
    expect(await screen.findByRole("listitem", { name: "only-in-colima:2" })).toBeInTheDocument();
  });

  it("says docker moved in Spanish", async () => {
    setLocale("es");
    const api = twoEngines();
    api.engines.choices[0]!.dockerDefault = false;
    api.engines.choices[1]!.dockerDefault = true;
    api.engines.dockerMoved = true;
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "here:1" });
    await userEvent.click(screen.getByRole("button", { name: /docker\.sock/ }));
    const dialog = await screen.findByRole("dialog");
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "docker usa ahora colima (¿lo cambiaste en una terminal?), pero Imagen sigue en el motor marcado «En uso». Elige «Como el comando docker» para seguirlo.",
    );
  });

  it("switches away from an engine that went away: the control stays a button", async () => {
    const api = twoEngines();
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "here:1" });
    api.signal({ kind: "Lost", address: api.engine.address, reason: "gone" });
    const control = await screen.findByRole("button", {
      name: "Reconnecting to the engine… Choose an engine",
    });
    expect(screen.getByRole("main")).toHaveClass("stale");
    await userEvent.click(control);
    const dialog = await screen.findByRole("dialog", { name: "Engine" });
    await userEvent.click(await within(dialog).findByRole("button", { name: /colima/ }));
    expect(await screen.findByRole("listitem", { name: "only-in-colima:2" })).toBeInTheDocument();
    // The new engine's list is not stale, and the header names it.
    expect(screen.getByRole("main")).not.toHaveClass("stale");
    expect(screen.queryByText("Reconnecting to the engine…")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: /colima · Engine 26\.1\.1/ })).toBeInTheDocument();
  });

  it("keeps everything as it was when the switch is refused", async () => {
    const api = twoEngines();
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "here:1" });
    await userEvent.click(screen.getByRole("button", { name: /Engine 27\.5\.1/ }));
    const dialog = await screen.findByRole("dialog", { name: "Engine" });
    const colima = await within(dialog).findByRole("button", { name: /colima/ });
    // Removed in a terminal since the list was read.
    api.engines.choices = api.engines.choices.filter((c) => c.id !== "context:colima");
    await userEvent.click(colima);
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(/refused the engine/);
    expect(screen.getByRole("listitem", { name: "here:1" })).toBeInTheDocument();
  });

  it("says when the engine chosen earlier is gone", async () => {
    const api = twoEngines();
    api.engines.problem = {
      kind: "InvalidInput",
      field: "engine",
      reason: "the context “gone” does not exist",
    };
    render(App, { props: { api } });
    await userEvent.click(await screen.findByRole("button", { name: /Engine 27\.5\.1/ }));
    const dialog = await screen.findByRole("dialog", { name: "Engine" });
    // Imagen does not fall back to another engine by itself (it may still be on the gone
    // one until it reconnects): it says so, and how to follow docker.
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      /^The engine chosen earlier cannot be found: .*the context “gone” does not exist.* Imagen does not switch to another engine by itself: choose one below \(“Like the docker command” uses the one docker uses\)\.$/,
    );
  });

  it("says it in Spanish; addresses, versions and docker commands stay as they are", async () => {
    setLocale("es");
    const api = twoEngines();
    render(App, { props: { api } });
    const control = await screen.findByRole("button", { name: /docker\.sock · Motor 27\.5\.1/ });
    await userEvent.click(control);
    const dialog = await screen.findByRole("dialog", { name: "Motor" });
    expect(dialog).toHaveTextContent("Imagen muestra un motor de Docker a la vez.");
    const list = await within(dialog).findByRole("list", { name: "Motores" });
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(4));
    const [automatic, socket, , far] = within(list).getAllByRole("button");
    expect(automatic).toHaveTextContent("Como el comando docker");
    expect(automatic).toHaveTextContent("Tu elección");
    expect(socket).toHaveTextContent("En uso");
    expect(socket).toHaveTextContent("Responde: Motor 27.5.1");
    expect(far).toHaveTextContent("tcp://192.0.2.9:2375");
    expect(far).toHaveTextContent("Rechazó la conexión");
    expect(far).toHaveTextContent("Nunca se le envían las contraseñas de los registros.");
    expect(within(dialog).getByText(/también en una terminal/)).toBeInTheDocument();
    expect(within(dialog).getByText(/docker context use default/)).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Volver a comprobar" })).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Cerrar" })).toBeInTheDocument();
  });

  it("words where default leads and names generic sockets in the user's language", async () => {
    setLocale("es");
    const api = new FakeApi([fakeImage({ tags: ["here:1"] })]);
    api.engines.choices = [
      fakeChoice("context:default", "default", {
        address: "unix:///tmp/x.sock",
        inUse: true,
        dockerDefault: true,
        via: { kind: "DockerHost" },
      }),
      fakeChoice("context:mac", "mac", {
        description: "Docker Desktop's VM",
        via: null,
      }),
      fakeChoice("socket:unix:///var/run/docker.sock", "Standard socket", {
        socket: "Standard",
      }),
      fakeChoice("socket:unix:///run/user/1000/docker.sock", "Docker (rootless)", {
        socket: "DockerRootless",
      }),
    ];
    render(App, { props: { api } });
    await userEvent.click(await screen.findByRole("button", { name: /Motor 27\.5\.1/ }));
    const dialog = await screen.findByRole("dialog", { name: "Motor" });
    const list = await within(dialog).findByRole("list", { name: "Motores" });
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(5));
    const [, byHost, mac, standard, rootless] = within(list).getAllByRole("button");
    expect(byHost).toHaveTextContent("Lo indica DOCKER_HOST");
    expect(byHost).not.toHaveTextContent("Set by");
    // A context's description is the user's own words: shown as it is.
    expect(mac).toHaveTextContent("Docker Desktop's VM");
    expect(standard).toHaveTextContent("Socket estándar");
    expect(standard).not.toHaveTextContent("Standard socket");
    expect(rootless).toHaveTextContent("Docker (rootless)");
  });

  it("names a socket found here in the header in the user's language, as the list does", async () => {
    setLocale("es");
    const api = new FakeApi([fakeImage({ tags: ["here:1"] })]);
    api.engine = { ...api.engine, name: "Standard socket", socket: "Standard" };
    render(App, { props: { api } });
    const control = await screen.findByRole("button", { name: /Motor 27\.5\.1/ });
    expect(control).toHaveTextContent("Socket estándar");
    expect(control).not.toHaveTextContent("Standard socket");
  });
});

describe("EngineSwitcher and the keyboard", () => {
  it("counts as an open dialog: Delete and Escape leave the selection behind it alone", async () => {
    const api = twoEngines();
    render(App, { props: { api } });
    await userEvent.click(await screen.findByRole("checkbox", { name: "Select here:1" }));
    expect(screen.getByRole("region", { name: "Selection" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /Engine 27\.5\.1/ }));
    const dialog = await screen.findByRole("dialog", { name: "Engine" });
    await within(dialog).findByRole("button", { name: /colima/ });
    await userEvent.keyboard("{Delete}");
    // No removal dialog on top of it (two modal dialogs at once).
    expect(screen.getAllByRole("dialog")).toEqual([dialog]);
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    // Escape closed the dialog, and only the dialog.
    expect(screen.getByRole("region", { name: "Selection" })).toBeInTheDocument();
  });

  it("keeps the focus on the engine chosen while it switches, and after a refused switch", async () => {
    const api = twoEngines();
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "here:1" });
    await userEvent.click(screen.getByRole("button", { name: /Engine 27\.5\.1/ }));
    const dialog = await screen.findByRole("dialog", { name: "Engine" });
    const colima = await within(dialog).findByRole("button", { name: /colima/ });
    let release = () => {};
    api.gate = new Promise((resolve) => (release = resolve));
    api.engines.choices = api.engines.choices.filter((c) => c.id !== "context:colima");
    await userEvent.click(colima);
    // Waiting, not disabled: a disabled button would drop the focus on the page.
    await waitFor(() => expect(colima).toHaveAttribute("aria-disabled", "true"));
    expect(colima).toBeEnabled();
    expect(colima).toHaveFocus();
    api.gate = null;
    release();
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(/refused the engine/);
    expect(colima).toHaveAttribute("aria-disabled", "false");
    expect(colima).toHaveFocus();
  });
});

describe("choosing an engine", () => {
  it("changes nothing when it is the engine already in use: the selection stays", async () => {
    const api = twoEngines();
    render(App, { props: { api } });
    const card = await screen.findByRole("listitem", { name: "here:1" });
    await userEvent.click(within(card).getByRole("checkbox"));
    await userEvent.click(screen.getByRole("button", { name: /Engine 27\.5\.1/ }));
    const dialog = await screen.findByRole("dialog", { name: "Engine" });
    const list = await within(dialog).findByRole("list", { name: "Engines" });
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(4));
    const lists = api.calls.filter((c) => c === "listImages").length;
    await userEvent.click(within(list).getByRole("button", { name: /Like the docker command/ }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(api.calls).not.toContain("chooseEngine");
    expect(api.calls.filter((c) => c === "listImages")).toHaveLength(lists);
    expect(screen.getByRole("region", { name: "Selection" })).toHaveTextContent("1 selected");
  });

  it("switches from a list still being read again: docker may have moved since it was read", async () => {
    const api = twoEngines();
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "here:1" });
    const control = screen.getByRole("button", { name: /Engine 27\.5\.1/ });
    await userEvent.click(control);
    let dialog = await screen.findByRole("dialog", { name: "Engine" });
    await waitFor(() => expect(within(dialog).getAllByRole("listitem")).toHaveLength(4));
    await userEvent.keyboard("{Escape}");
    // Reopened: the last list shows while the new one is read (a silent context is slow).
    api.listEngines = () => new Promise(() => {});
    await userEvent.click(control);
    dialog = await screen.findByRole("dialog", { name: "Engine" });
    await userEvent.click(within(dialog).getByRole("button", { name: /Like the docker command/ }));
    await waitFor(() => expect(api.calls).toContain("chooseEngine"));
  });

  it("closes once Imagen is switched, while the new engine is still being listed", async () => {
    const api = twoEngines();
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "here:1" });
    await userEvent.click(screen.getByRole("button", { name: /Engine 27\.5\.1/ }));
    const dialog = await screen.findByRole("dialog", { name: "Engine" });
    const colima = await within(dialog).findByRole("button", { name: /colima/ });
    // The new engine is slow to list (ssh on bad Wi-Fi).
    let release = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    const listImages = api.listImages.bind(api);
    api.listImages = async () => {
      const list = await listImages();
      await slow;
      return list;
    };
    await userEvent.click(colima);
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(api.calls.filter((c) => c === "chooseEngine")).toHaveLength(1);
    expect(screen.queryByRole("listitem", { name: "here:1" })).not.toBeInTheDocument();
    release();
    expect(await screen.findByRole("listitem", { name: "only-in-colima:2" })).toBeInTheDocument();
  });
});

describe("an engine reached over plain HTTP on the network", () => {
  it("is named as such above the grid", async () => {
    const api = new FakeApi([fakeImage({ tags: ["far:1"] })]);
    api.engine = { ...api.engine, address: "tcp://192.0.2.9:2375", exposed: true };
    render(App, { props: { api } });
    const note = await screen.findByRole("note");
    expect(note).toHaveTextContent("tcp://192.0.2.9:2375");
    expect(note).toHaveTextContent("registry passwords are never sent to this engine");
  });

  it("is named as such in Spanish, with DOCKER_TLS_VERIFY and the address as they are", async () => {
    setLocale("es");
    const api = new FakeApi([fakeImage({ tags: ["far:1"] })]);
    api.engine = { ...api.engine, address: "tcp://192.0.2.9:2375", exposed: true };
    render(App, { props: { api } });
    const note = await screen.findByRole("note");
    expect(note).toHaveTextContent(
      "Imagen se conecta a este motor (tcp://192.0.2.9:2375) por HTTP sin cifrar",
    );
    expect(note).toHaveTextContent("Usa TLS (DOCKER_TLS_VERIFY) o ssh://");
  });
});

describe("pulls listed before a switch", () => {
  /** Starts a pull of `reference` from the Pull dialog and closes the dialog (it keeps pulling). */
  async function startPull(reference: string) {
    await userEvent.click(screen.getByRole("button", { name: "Pull…" }));
    const dialog = screen.getByRole("dialog", { name: "Pull an image" });
    await userEvent.type(within(dialog).getByLabelText("Image"), reference);
    const pull = within(dialog).getByRole("button", { name: "Pull" });
    await waitFor(() => expect(pull).toBeEnabled());
    await userEvent.click(pull);
    await userEvent.click(screen.getByRole("button", { name: "Close (keeps pulling)" }));
  }

  it("say which engine they ran on, and Try again says it pulls on the engine shown now", async () => {
    const api = twoEngines();
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "here:1" });
    await startPull("nginx:nope");
    await startPull("redis");
    const [nope, redis] = [...api.pulls.entries()].map(([id, pull]) => ({ id, ...pull }));
    nope!.settle({ kind: "Unauthorized", registry: "docker.io" });

    await userEvent.click(screen.getByRole("button", { name: /Engine 27\.5\.1/ }));
    const switcher = await screen.findByRole("dialog", { name: "Engine" });
    await userEvent.click(await within(switcher).findByRole("button", { name: /colima/ }));
    await screen.findByRole("listitem", { name: "only-in-colima:2" });
    // The first pull of redis ends on the engine before: not "now on this engine".
    redis!.settle({
      kind: "Downloaded",
      reference: "redis:latest",
      imageId: "sha256:" + "7".repeat(64),
      replaced: null,
      newTag: true,
    });

    await userEvent.click(screen.getByRole("button", { name: /^Pulls/ }));
    const panel = screen.getByRole("complementary", { name: "Pulls" });
    const rows = within(panel).getAllByRole("listitem");
    await waitFor(() =>
      expect(rows[0]).toHaveTextContent("Downloaded: the image is now on that engine"),
    );
    for (const row of rows)
      expect(row).toHaveTextContent("On docker.sock, the engine Imagen was connected to before.");
    const again = within(rows[1]!).getByRole("button", {
      name: "Pull nginx:nope on the engine Imagen is connected to now",
    });
    expect(again).toHaveTextContent("Pull on this engine");
    await userEvent.click(again);
    await waitFor(() =>
      expect([...api.pulls.values()].find((p) => p.reference === "nginx:nope")?.engine).toBe(
        "unix:///Users/ana/.colima/default/docker.sock",
      ),
    );
    // The new row is on the engine shown: no note, and a plain Try again once it fails.
    const fresh = within(panel).getAllByRole("listitem")[0]!;
    expect(fresh).not.toHaveTextContent(/engine Imagen was connected to before/);

    setLocale("es");
    await waitFor(() =>
      expect(within(panel).getAllByRole("listitem")[1]).toHaveTextContent(
        "En docker.sock, el motor al que Imagen estaba conectado antes.",
      ),
    );
  });
});

/** A listed engine on `address` that does not answer, for `cause`. */
function silent(id: string, address: string, cause: UnreachableCause, fields = {}): EngineChoice {
  const reason = cause === "SshLogin" ? "Permission denied (publickey)" : "os error 2";
  return fakeChoice(id, id, {
    address,
    ...fields,
    answer: { kind: "Silent", error: { kind: "EngineUnreachable", address, reason, cause } },
  });
}

/** The engine list's rows (the Automatic row first), once every row is shown. */
async function listedRows(api: FakeApi, rows: number): Promise<HTMLElement[]> {
  render(App, { props: { api } });
  await screen.findByRole("listitem", { name: "here:1" });
  await userEvent.click(screen.getByRole("button", { name: /Engine 27\.5\.1|Motor 27\.5\.1/ }));
  const dialog = await screen.findByRole("dialog");
  const list = await within(dialog).findByRole("list");
  await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(rows));
  return within(list).getAllByRole("button");
}

/** Runs the page as on Windows (the web view's user agent says which OS it is). */
function onWindows() {
  vi.spyOn(navigator, "userAgent", "get").mockReturnValue(
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)",
  );
}

describe("engines that do not answer, in the list", () => {
  afterEach(() => vi.restoreAllMocks());

  /** One engine per cause, as on a laptop where none of them runs. */
  function everyCause() {
    const api = new FakeApi([fakeImage({ tags: ["here:1"] })]);
    api.engines.choices.push(
      silent("desktop", "unix:///home/ana/.docker/desktop/docker.sock", "NoSocket"),
      silent("starting", "unix:///home/ana/.colima/default/docker.sock", "NotReady"),
      silent("system", "unix:///var/run/docker.sock", "PermissionDenied", { socket: "Standard" }),
      silent("box", "ssh://ana@box", "PermissionDenied"),
      silent("lan", "tcp://192.0.2.9:2375", "Refused"),
      silent("vm", "tcp://192.0.2.10:2375", "Dropped"),
      silent("tls", "tcp://192.0.2.11:2376", "Tls"),
      silent("ssh", "ssh://ana@far", "SshLogin"),
      silent("odd", "unix:///tmp/odd.sock", "Other"),
    );
    return api;
  }

  it("says in a few words why each does not answer, not that it stopped answering", async () => {
    const rows = await listedRows(everyCause(), 11);
    const [, , notRunning, starting, denied, deniedThere, refused, dropped, tls, ssh, other] = rows;
    expect(notRunning).toHaveTextContent(/docker\.sock\s*Not running$/);
    expect(starting).toHaveTextContent(/docker\.sock\s*Starting…$/);
    // Linux: Docker's socket admits the docker group.
    expect(denied).toHaveTextContent(
      "Not allowed for your user: add it to the docker group, then log out and back in",
    );
    // Another computer's engine: this computer's group would not help.
    expect(deniedThere).toHaveTextContent(/ssh:\/\/ana@box\s*Not allowed for your user$/);
    expect(refused).toHaveTextContent("Refused the connection");
    expect(dropped).toHaveTextContent("Stopped answering");
    expect(tls).toHaveTextContent("Certificate problem: os error 2");
    expect(ssh).toHaveTextContent("ssh could not log in: Permission denied (publickey)");
    // No short word for it: the sentence, with what the system said.
    expect(other).toHaveTextContent("Does not answer:");
    expect(other).toHaveTextContent("os error 2");
    for (const row of rows.slice(2, -1)) {
      expect(row).not.toHaveTextContent("stopped answering");
      expect(row).not.toHaveTextContent("Does not answer");
    }
  });

  it("says it in Spanish", async () => {
    setLocale("es");
    const rows = await listedRows(everyCause(), 11);
    const [, , notRunning, starting, denied, deniedThere, refused, dropped, tls, ssh] = rows;
    expect(notRunning).toHaveTextContent(/docker\.sock\s*No está en marcha$/);
    expect(starting).toHaveTextContent(/docker\.sock\s*Iniciándose…$/);
    expect(denied).toHaveTextContent(
      "Tu usuario no tiene permiso: añádelo al grupo docker y luego cierra la sesión y vuelve a entrar",
    );
    expect(deniedThere).toHaveTextContent(/ssh:\/\/ana@box\s*Tu usuario no tiene permiso$/);
    expect(refused).toHaveTextContent("Rechazó la conexión");
    expect(dropped).toHaveTextContent("Dejó de responder");
    expect(tls).toHaveTextContent("Problema con los certificados: os error 2");
    expect(ssh).toHaveTextContent("ssh no pudo iniciar sesión: Permission denied (publickey)");
    for (const row of rows.slice(2, -1)) expect(row).not.toHaveTextContent("dejó de responder");
  });

  it("on Windows, names Docker Desktop's pipe and the docker-users group", async () => {
    onWindows();
    const api = new FakeApi([fakeImage({ tags: ["here:1"] })]);
    const pipe = "npipe:////./pipe/docker_engine";
    api.engine = { ...api.engine, address: pipe, name: "Standard socket", socket: "Standard" };
    api.engines.choices = [
      silent(`socket:${pipe}`, pipe, "PermissionDenied", { socket: "Standard", inUse: true }),
      silent(
        "socket:npipe:////./pipe/podman-machine-default",
        "npipe:////./pipe/podman-machine-default",
        "NoSocket",
        {
          socket: "PodmanMachine",
        },
      ),
    ];
    const [automatic, standard, podman] = await listedRows(api, 3);
    expect(automatic).toHaveTextContent("else an engine found in its usual place on this computer");
    expect(automatic).not.toHaveTextContent("socket");
    expect(standard).toHaveTextContent("Docker Desktop (standard pipe)");
    expect(standard).toHaveTextContent(
      "Not allowed for your user: add it to the docker-users group, then sign out of Windows and back in",
    );
    expect(standard).not.toHaveTextContent(/socket|docker group/);
    expect(podman).toHaveTextContent(/Podman machine.*Not running$/);
    // The header names it as the list does.
    const control = screen.getByRole("button", { name: /Engine 27\.5\.1/ });
    expect(control).toHaveTextContent("Docker Desktop (standard pipe)");

    setLocale("es");
    await waitFor(() => expect(standard).toHaveTextContent("Docker Desktop (canal estándar)"));
    expect(standard).toHaveTextContent(
      "Tu usuario no tiene permiso: añádelo al grupo docker-users y luego cierra la sesión de Windows y vuelve a entrar",
    );
    expect(automatic).toHaveTextContent("un motor en su lugar habitual de este equipo");
    expect(automatic).not.toHaveTextContent("socket");
    expect(control).toHaveTextContent("Docker Desktop (canal estándar)");
  });

  it("keeps the standard socket's name on Linux", async () => {
    const api = new FakeApi([fakeImage({ tags: ["here:1"] })]);
    api.engine = { ...api.engine, name: "Standard socket", socket: "Standard" };
    render(App, { props: { api } });
    const control = await screen.findByRole("button", { name: /Engine 27\.5\.1/ });
    expect(control).toHaveTextContent("Standard socket");
    expect(control).not.toHaveTextContent("pipe");
  });
});
