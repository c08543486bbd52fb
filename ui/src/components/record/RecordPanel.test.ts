// The Terminal record panel on the fake backend: entries the fake records appear live, in
// order, with their time and status in words; copy one command or the whole record as a
// script; in English and in Spanish.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import { FakeApi, fakeChoice } from "../../lib/ipc/fake";
import { RecordStore } from "../../lib/record/record.svelte";
import RecordPanel from "./RecordPanel.svelte";
import RecordPanelHost from "./RecordPanelHost.svelte";

function useClipboard(writeText: (text: string) => Promise<void>) {
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
}

afterEach(() => {
  setLocale("en");
  Reflect.deleteProperty(navigator, "clipboard");
});

const NO_SUCH_IMAGE = { kind: "NoSuchImage", reference: "nginx" } as const;

function setup({ lang = "en" as "en" | "es", seed = true } = {}) {
  setLocale(lang);
  const api = new FakeApi();
  if (seed) api.workshop.addRecord("docker pull nginx:latest");
  const onclose = vi.fn();
  render(RecordPanelHost, { props: { api, onclose } });
  return { api, onclose };
}

/** The lines of the list, as their text. */
function lines(list: HTMLElement) {
  return within(list)
    .getAllByRole("listitem")
    .map((li) => li.textContent!.replace(/\s+/g, " ").trim());
}

describe("RecordPanel in English", () => {
  it("explains what will appear while the record is empty", async () => {
    setup({ seed: false });
    const panel = screen.getByRole("complementary", { name: "Terminal record" });
    expect(await within(panel).findByText("No commands yet")).toBeInTheDocument();
    expect(
      within(panel).getByText(
        "Pull, tag, remove, save or load an image and the docker command appears here — the same one you could type in your terminal.",
      ),
    ).toBeInTheDocument();
    expect(within(panel).queryByRole("button", { name: "Copy as script" })).toBeNull();
  });

  it("shows each command as a terminal line with its time, and follows new ones live", async () => {
    const { api } = setup();
    const list = await screen.findByRole("list", { name: "Commands Imagen ran on the engine" });
    expect(lines(list)).toHaveLength(1);
    expect(lines(list)[0]).toMatch(/^\$ docker pull nginx:latest Copy .*✓ done$/);
    const started = api.workshop.record[0]!.startedMs;
    const time = list.querySelector("time")!;
    expect(time).toHaveAttribute("datetime", new Date(started).toISOString());
    expect(time.textContent).toBe(
      new Intl.DateTimeFormat("en", { timeStyle: "medium" }).format(started),
    );
    expect(screen.getByText("1 command")).toBeInTheDocument();

    const seq = api.workshop.addRecord("docker rmi nginx", { status: "Running" });
    await waitFor(() => expect(lines(list)).toHaveLength(2));
    expect(lines(list)[1]).toMatch(/docker rmi nginx.*… running$/);
    expect(screen.getByText(/2 commands\s*· 1 running/)).toBeInTheDocument();

    api.workshop.endRecord(seq, { status: "Refused", error: NO_SUCH_IMAGE });
    await waitFor(() => expect(lines(list)[1]).toMatch(/✕ refused/));
    expect(lines(list)).toHaveLength(2);
    expect(
      within(list).getByText(
        "The image nginx is no longer on this engine. Refresh to see the current list.",
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText(/Refused: docker rmi nginx\. The image nginx/)).toHaveAttribute(
      "aria-live",
      "polite",
    );

    api.workshop.addRecord("docker save -o kit.tar nginx:latest", { status: "Cancelled" });
    api.workshop.addRecord("docker tag sha256:abc nginx:1", { status: "Changed" });
    await waitFor(() => expect(lines(list)).toHaveLength(4));
    expect(lines(list)[2]).toMatch(/⊘ cancelled$/);
    expect(lines(list)[3]).toMatch(/↻ not run: the engine changed$/);
    // After a burst the live region says its last command.
    const live = await screen.findByText(
      "Recorded: docker tag sha256:abc nginx:1 (not run: the engine changed)",
    );
    expect(live).toHaveAttribute("aria-live", "polite");
    expect(live.textContent).not.toMatch(/cancelled/);
  });

  it("copies one command, and the whole record as a script", async () => {
    const writeText = vi.fn((_: string) => Promise.resolve());
    useClipboard(writeText);
    const { api } = setup();
    api.workshop.addRecord("docker rmi nginx", { status: "Refused", error: NO_SUCH_IMAGE });
    const list = await screen.findByRole("list", { name: "Commands Imagen ran on the engine" });
    await waitFor(() => expect(lines(list)).toHaveLength(2));

    await userEvent.click(within(list).getByRole("button", { name: "Copy “docker rmi nginx”" }));
    expect(writeText).toHaveBeenLastCalledWith("docker rmi nginx");

    const copy = screen.getByRole("button", { name: "Copy as script" });
    await userEvent.click(copy);
    const script = writeText.mock.lastCall![0];
    expect(script).toMatch(/^#!\/bin\/sh\n# Recorded by Imagen on .+\.\n/);
    expect(script.split("\n").slice(2)).toEqual([
      "docker pull nginx:latest",
      "# docker rmi nginx   # refused: The image nginx is no longer on this engine. Refresh to see the current list.",
      "",
    ]);
    expect(copy).toHaveTextContent("Script copied");
  });

  it("says when the oldest commands were dropped, in the list and in its script", async () => {
    const writeText = vi.fn((_: string) => Promise.resolve());
    useClipboard(writeText);
    const api = new FakeApi();
    const record = new RecordStore(api, 3);
    api.workshop.addRecord("docker pull a");
    render(RecordPanelHost, { props: { api, record, onclose: vi.fn() } });
    const list = await screen.findByRole("list", { name: "Commands Imagen ran on the engine" });
    expect(screen.queryByText(/older ones/)).toBeNull();
    for (const name of ["b", "c"]) api.workshop.addRecord(`docker pull ${name}`);
    await waitFor(() => expect(lines(list)).toHaveLength(3));
    // Full, but nothing dropped yet.
    expect(screen.queryByText(/older ones/)).toBeNull();
    api.workshop.addRecord("docker pull d");
    await waitFor(() => expect(lines(list)[0]).toMatch(/docker pull b/));
    const note = "Only the last 3 commands are kept; older ones are no longer listed.";
    expect(screen.getByText(note)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Copy as script" }));
    expect(writeText.mock.lastCall![0].split("\n")[2]).toBe(
      "# Only the last 3 commands are kept: older ones are not in this script.",
    );
  });

  it("says again a sentence that repeats: a retried pull refused for the same reason", async () => {
    const { api } = setup();
    await screen.findByRole("list", { name: "Commands Imagen ran on the engine" });
    const refuse = () =>
      api.workshop.addRecord("docker pull nginx:latest", {
        status: "Refused",
        error: NO_SUCH_IMAGE,
      });
    refuse();
    const live = await screen.findByText(/^Refused: docker pull nginx:latest\. The image nginx/);
    expect(live).toHaveAttribute("aria-live", "polite");
    const sentence = live.textContent;
    // What the live region holds at each change: a screen reader reads changes only.
    const held: (string | null)[] = [];
    const observer = new MutationObserver(() => held.push(live.textContent));
    observer.observe(live, { childList: true, characterData: true, subtree: true });
    refuse();
    await waitFor(() => expect(held.at(-1)).toBe(sentence));
    observer.disconnect();
    // Emptied, then the same sentence again: new text, read again.
    expect(held).toContain("");
    expect(held.indexOf("")).toBeLessThan(held.lastIndexOf(sentence));
  });

  it("shows an engine switch as what it is, its command for a terminal copied in the script", async () => {
    const writeText = vi.fn((_: string) => Promise.resolve());
    useClipboard(writeText);
    const { api } = setup();
    api.engines.choices.push(fakeChoice("context:colima", "colima"));
    const list = await screen.findByRole("list", { name: "Commands Imagen ran on the engine" });
    await api.chooseEngine("context:colima");
    api.workshop.addRecord("docker rmi nginx:latest");
    await waitFor(() => expect(lines(list)).toHaveLength(3));
    expect(lines(list)[1]).toMatch(
      /^Imagen switched to engine colima; the same in a terminal: \$ docker context use colima Copy .*✓ done$/,
    );
    expect(await screen.findByText("Recorded: docker rmi nginx:latest (done)")).toBeInTheDocument();

    await api.chooseEngine(null); // back to "Like the docker command"
    await waitFor(() => expect(lines(list)).toHaveLength(4));
    expect(lines(list)[3]).toMatch(
      /^Imagen switched to engine Docker Engine \(like the docker command\); the same in a terminal: \$ docker context use default Copy /,
    );
    expect(
      await screen.findByText("Recorded: Imagen switched to engine Docker Engine"),
    ).toHaveAttribute("aria-live", "polite");

    await userEvent.click(screen.getByRole("button", { name: "Copy as script" }));
    expect(writeText.mock.lastCall![0].split("\n").slice(2)).toEqual([
      "(",
      "docker pull nginx:latest",
      "# Imagen switched to engine colima; the same in a terminal:",
      "docker context use colima || exit 1",
      "docker rmi nginx:latest",
      "# Imagen switched to engine Docker Engine (like the docker command); the same in a terminal:",
      "docker context use default || exit 1",
      ")",
      "",
    ]);
  });

  it("opens with the engine remembered from an earlier session, so the script replays there", async () => {
    const writeText = vi.fn((_: string) => Promise.resolve());
    useClipboard(writeText);
    const { api } = setup();
    const list = await screen.findByRole("list", { name: "Commands Imagen ran on the engine" });
    // As the backend records it at start (Record::resumed).
    const seq = api.workshop.addRecord("docker context use colima", { status: "Running" });
    api.workshop.record.find((e) => e.seq === seq)!.engine = {
      label: "colima",
      socket: null,
      automatic: false,
      remembered: true,
    };
    api.workshop.endRecord(seq, { status: "Done" });
    api.workshop.addRecord("docker rmi nginx:latest");
    await waitFor(() => expect(lines(list)).toHaveLength(3));
    expect(lines(list)[1]).toMatch(
      /^Imagen started on engine colima, chosen in an earlier session; the same in a terminal: \$ docker context use colima /,
    );
    await userEvent.click(screen.getByRole("button", { name: "Copy as script" }));
    expect(writeText.mock.lastCall![0]).toContain(
      "# Imagen started on engine colima, chosen in an earlier session; the same in a terminal:\ndocker context use colima || exit 1\n",
    );
  });

  it("offers the script to copy by hand when the clipboard refuses", async () => {
    useClipboard(() => Promise.reject(new Error("denied")));
    setup();
    await userEvent.click(await screen.findByRole("button", { name: "Copy as script" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not copy to the clipboard: select the script below and copy it by hand.",
    );
    const text = screen.getByRole("textbox", { name: "The record as a script" });
    expect((text as HTMLTextAreaElement).value).toMatch(/\ndocker pull nginx:latest\n$/);
  });

  it("closes with its button and with Escape, giving the focus back to the opener", async () => {
    const opener = document.createElement("button");
    document.body.append(opener);
    opener.focus();
    const { onclose } = setup();
    const heading = screen.getByRole("heading", { name: "Terminal record" });
    expect(heading).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(onclose).toHaveBeenCalledTimes(1);
    expect(opener).toHaveFocus();
    await userEvent.click(screen.getByRole("button", { name: "Close the terminal record" }));
    expect(onclose).toHaveBeenCalledTimes(2);
    // Escape elsewhere on the page is not the panel's.
    await userEvent.keyboard("{Escape}");
    expect(onclose).toHaveBeenCalledTimes(2);
    opener.remove();
  });

  it("says why the record could not be read and tries again", async () => {
    const api = new FakeApi();
    api.workshop.addRecord("docker pull nginx:latest");
    api.failWith = { kind: "Internal", message: "boom" };
    render(RecordPanelHost, { props: { api, onclose: () => {} } });
    expect(await screen.findByRole("alert")).toHaveTextContent(
      /^Imagen could not read the record: .*boom/,
    );
    api.failWith = null;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("list", { name: "Commands Imagen ran on the engine" });
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says it is not following live (not that it could not read), and follows again on Try again", async () => {
    const api = new FakeApi();
    api.workshop.addRecord("docker pull nginx:latest");
    const subscribe = api.onRecordEntry.bind(api);
    api.onRecordEntry = async () => {
      throw { kind: "Internal", message: "no events" };
    };
    render(RecordPanelHost, { props: { api, onclose: () => {} } });
    await screen.findByRole("list", { name: "Commands Imagen ran on the engine" });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(/^Imagen is not following new commands live, .*no events/);
    expect(alert).not.toHaveTextContent("could not read");
    setLocale("es");
    await waitFor(() =>
      expect(screen.getByRole("alert")).toHaveTextContent(
        /^Imagen no está siguiendo los comandos nuevos en directo/,
      ),
    );
    setLocale("en");

    api.onRecordEntry = subscribe;
    await userEvent.click(await screen.findByRole("button", { name: "Try again" }));
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
    api.workshop.addRecord("docker pull redis:7");
    await waitFor(() =>
      expect(
        lines(screen.getByRole("list", { name: "Commands Imagen ran on the engine" })),
      ).toHaveLength(2),
    );
  });

  it("follows new entries at the bottom unless the user scrolled up", async () => {
    const { api } = setup();
    const list = await screen.findByRole("list", { name: "Commands Imagen ran on the engine" });
    const scroller = list.parentElement!;
    let height = 1000;
    Object.defineProperty(scroller, "scrollHeight", { get: () => height, configurable: true });
    Object.defineProperty(scroller, "clientHeight", { value: 300, configurable: true });

    height = 1100;
    api.workshop.addRecord("docker pull a");
    await waitFor(() => expect(scroller.scrollTop).toBe(1100));

    scroller.scrollTop = 200; // the user scrolls up to read
    await fireEvent.scroll(scroller);
    height = 1200;
    api.workshop.addRecord("docker pull b");
    const newest = await screen.findByRole("button", { name: "New commands below" });
    expect(scroller.scrollTop).toBe(200);

    await userEvent.click(newest);
    expect(scroller.scrollTop).toBe(1200);
    expect(screen.queryByRole("button", { name: "New commands below" })).toBeNull();
    height = 1300;
    api.workshop.addRecord("docker pull c");
    await waitFor(() => expect(scroller.scrollTop).toBe(1300));
  });

  it("offers the new commands below when the record is full (the count no longer grows)", async () => {
    const api = new FakeApi();
    for (let i = 1; i <= 3; i++) api.workshop.addRecord(`docker pull app:${i}`);
    const record = new RecordStore(api, 3);
    render(RecordPanel, { props: { record, onclose: () => {} } });
    const list = await screen.findByRole("list", { name: "Commands Imagen ran on the engine" });
    await waitFor(() => expect(lines(list)).toHaveLength(3));
    const scroller = list.parentElement!;
    Object.defineProperty(scroller, "scrollHeight", { value: 1000, configurable: true });
    Object.defineProperty(scroller, "clientHeight", { value: 300, configurable: true });
    scroller.scrollTop = 200; // the user scrolls up to read
    await fireEvent.scroll(scroller);
    api.workshop.addRecord("docker pull app:4");
    expect(await screen.findByRole("button", { name: "New commands below" })).toBeVisible();
    expect(record.counts.total).toBe(3);
    record.stop();
  });

  it("shows a store it is given and leaves it following when it closes", async () => {
    const api = new FakeApi();
    api.workshop.addRecord("docker pull nginx:latest");
    const record = new RecordStore(api);
    const { unmount } = render(RecordPanel, { props: { record, onclose: () => {} } });
    await screen.findByRole("list", { name: "Commands Imagen ran on the engine" });
    unmount();
    api.workshop.addRecord("docker pull redis:7");
    expect(record.entries.map((e) => e.command)).toEqual([
      "docker pull nginx:latest",
      "docker pull redis:7",
    ]);
  });
});

describe("RecordPanel in Spanish", () => {
  it("explains what will appear while the record is empty", async () => {
    setup({ lang: "es", seed: false });
    const panel = screen.getByRole("complementary", { name: "Comandos de la terminal" });
    // "historial" is docker history's word (the inspector's tab), "registro" a registry's.
    expect(
      within(panel).getByRole("button", { name: "Cerrar los comandos de la terminal" }),
    ).toBeInTheDocument();
    expect(await within(panel).findByText("Aún no hay comandos")).toBeInTheDocument();
    expect(
      within(panel).getByText(
        "Descarga, etiqueta, elimina, guarda o carga una imagen y aquí aparece el comando docker: el mismo que podrías escribir en tu terminal.",
      ),
    ).toBeInTheDocument();
  });

  it("words every status in Spanish, the commands untouched, live", async () => {
    const { api } = setup({ lang: "es" });
    const list = await screen.findByRole("list", {
      name: "Comandos que Imagen ejecutó en el motor",
    });
    expect(lines(list)[0]).toMatch(/^\$ docker pull nginx:latest Copiar .*✓ hecho$/);
    const time = list.querySelector("time")!;
    expect(time.textContent).toBe(
      new Intl.DateTimeFormat("es", { timeStyle: "medium" }).format(
        api.workshop.record[0]!.startedMs,
      ),
    );

    const seq = api.workshop.addRecord("docker rmi nginx", { status: "Running" });
    await waitFor(() => expect(lines(list)[1]).toMatch(/docker rmi nginx.*… en curso$/));
    expect(screen.getByText(/2 comandos\s*· 1 en curso/)).toBeInTheDocument();
    api.workshop.endRecord(seq, { status: "Refused", error: NO_SUCH_IMAGE });
    await waitFor(() => expect(lines(list)[1]).toMatch(/✕ rechazado/));
    expect(
      within(list).getByText(
        "La imagen nginx ya no está en este motor. Actualiza la lista para ver las imágenes que hay ahora.",
      ),
    ).toBeInTheDocument();
    api.workshop.addRecord("docker save -o kit.tar nginx:latest", { status: "Cancelled" });
    api.workshop.addRecord("docker tag sha256:abc nginx:1", { status: "Changed" });
    await waitFor(() => expect(lines(list)).toHaveLength(4));
    expect(lines(list)[2]).toMatch(/⊘ cancelado$/);
    expect(lines(list)[3]).toMatch(/↻ no ejecutado: el motor cambió$/);
    // The polite live region says the last one, once the burst settles: "anotado", as
    // "registrado" would read as the registry's.
    expect(
      await screen.findByText(
        "Anotado: docker tag sha256:abc nginx:1 (no ejecutado: el motor cambió)",
      ),
    ).toHaveAttribute("aria-live", "polite");

    // Switching language rewords what is shown, in place.
    setLocale("en");
    await waitFor(() => expect(lines(list)[3]).toMatch(/↻ not run: the engine changed$/));
  });

  it("says an engine switch in Spanish", async () => {
    const { api } = setup({ lang: "es" });
    api.engines.choices.push(fakeChoice("context:colima", "colima"));
    const list = await screen.findByRole("list", {
      name: "Comandos que Imagen ejecutó en el motor",
    });
    await api.chooseEngine("context:colima");
    await waitFor(() => expect(lines(list)).toHaveLength(2));
    expect(lines(list)[1]).toMatch(
      /^Imagen cambió al motor colima; el equivalente en una terminal: \$ docker context use colima Copiar .*✓ hecho$/,
    );
    expect(await screen.findByText("Anotado: Imagen cambió al motor colima")).toHaveAttribute(
      "aria-live",
      "polite",
    );
  });

  it("copies the record as a script with Spanish comments", async () => {
    const writeText = vi.fn((_: string) => Promise.resolve());
    useClipboard(writeText);
    const { api } = setup({ lang: "es" });
    api.workshop.addRecord("docker load -i kit.tar", { status: "Running" });
    const copy = await screen.findByRole("button", { name: "Copiar como script" });
    await userEvent.click(copy);
    const script = writeText.mock.lastCall![0];
    expect(script).toMatch(/^#!\/bin\/sh\n# Comandos anotados por Imagen el .+\.\n/);
    expect(script.split("\n").slice(2)).toEqual([
      "docker pull nginx:latest",
      "# docker load -i kit.tar   # aún en curso cuando se copió",
      "",
    ]);
    expect(copy).toHaveTextContent("Script copiado");
  });
});
