// The pull dialog, driven through App: it needs the API from context, as in the app.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { tick } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import App from "../app/App.svelte";
import { setLocale } from "../../lib/i18n/locale.svelte";
import { FakeApi, fakeImage } from "../../lib/ipc/fake";
import type { ParsedReference } from "../../lib/ipc/api";

async function openDialog(api = new FakeApi([fakeImage({ tags: ["redis:7"] })])) {
  render(App, { props: { api } });
  await screen.findByRole("listitem", { name: "redis:7" });
  await userEvent.click(screen.getByRole("button", { name: "Pull…" }));
  const dialog = screen.getByRole("dialog", { name: "Pull an image" });
  const input = within(dialog).getByLabelText("Image");
  return { api, dialog, input };
}

afterEach(() => setLocale("en"));

/** The line saying how the pull in `root` (the dialog, the panel) ended, once it did. It is
 * not a live region: the app says how each pull ended (PullAnnouncer). */
function resultOf(root: HTMLElement) {
  return waitFor(() => {
    const line = root.querySelector<HTMLElement>(".result");
    if (!line) throw new Error("the pull has not ended");
    return line;
  });
}

const NEUTRAL_HELP = /^A name with an optional tag, like nginx or nginx:alpine\./;

describe("PullDialog: validating the reference", () => {
  it("opens from the header with an empty field and neutral help", async () => {
    const { dialog, input } = await openDialog();
    expect(input).toHaveValue("");
    expect(input).toHaveAttribute("aria-invalid", "false");
    expect(input).toHaveAccessibleDescription(NEUTRAL_HELP);
    expect(within(dialog).getByRole("button", { name: "Pull" })).toBeDisabled();
  });

  it("shows why a reference is invalid and disables Pull", async () => {
    const { dialog, input } = await openDialog();
    await userEvent.type(input, "Nginx");
    await waitFor(() => expect(input).toHaveAttribute("aria-invalid", "true"));
    expect(input).toHaveAccessibleDescription("The repository name must be lowercase: “Nginx”.");
    expect(within(dialog).getByRole("button", { name: "Pull" })).toBeDisabled();
    expect(within(dialog).queryByText("Same as in a terminal")).not.toBeInTheDocument();
  });

  it("rejects spaces inside a reference", async () => {
    const { input } = await openDialog();
    await userEvent.type(input, "nginx latest");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "The repository name “nginx latest” contains characters that are not allowed (lowercase letters, digits, _ . - and / only).",
      ),
    );
    expect(input).toHaveAttribute("aria-invalid", "true");
  });

  it("says a pasted name holds an invisible character, in words, and removes it in one click", async () => {
    // "nginx:alpine" copied from a slide: a zero-width space after the colon.
    const { api, dialog, input } = await openDialog();
    const asked = api.calls.filter((c) => c === "parseReference").length;
    await fireEvent.input(input, { target: { value: "nginx:\u200Balpine" } });
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "The name holds an invisible character (U+200B), as text copied from a slide, a PDF or a chat often does. Remove it, or type the name again.",
      ),
    );
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(within(dialog).getByRole("button", { name: "Pull" })).toBeDisabled();
    // Said without asking the backend, which would refuse it in English.
    expect(api.calls.filter((c) => c === "parseReference").length).toBe(asked);
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove hidden characters" }));
    expect(input).toHaveValue("nginx:alpine");
    // The button goes: the focus goes back to the field, not to the page.
    await waitFor(() => expect(input).toHaveFocus());
    await waitFor(() => expect(within(dialog).getByRole("button", { name: "Pull" })).toBeEnabled());
    expect(
      within(dialog).queryByRole("button", { name: "Remove hidden characters" }),
    ).not.toBeInTheDocument();
  });

  it("keeps only the image of a docker pull command pasted whole, with its platform", async () => {
    // `docker pull --platform linux/arm64 nginx:alpine`, copied from a workshop's slide.
    const { api, dialog, input } = await openDialog();
    const asked = api.calls.filter((c) => c === "parseReference").length;
    await fireEvent.input(input, {
      target: { value: "docker pull --platform linux/arm64 nginx:alpine" },
    });
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "That is the whole terminal command; this field takes only the image: nginx:alpine.",
      ),
    );
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(within(dialog).getByRole("button", { name: "Pull" })).toBeDisabled();
    // Not sent to the backend, whose grammar would call "docker pull nginx" a bad name.
    expect(api.calls.filter((c) => c === "parseReference").length).toBe(asked);
    await userEvent.click(within(dialog).getByRole("button", { name: "Use nginx:alpine" }));
    expect(input).toHaveValue("nginx:alpine");
    expect(within(dialog).getByLabelText("Platform")).toHaveValue("linux/arm64");
    await waitFor(() => expect(input).toHaveFocus());
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription("Will pull docker.io/library/nginx:alpine"),
    );
    expect(within(dialog).getByRole("button", { name: "Pull" })).toBeEnabled();
    expect(
      within(dialog).getByText("docker pull --platform linux/arm64 nginx:alpine"),
    ).toBeVisible();
  });

  it("says a first part with a capital letter is read as a registry, and offers it in lowercase", async () => {
    // docker's splitDockerDomain: `Ana/web` is the image web on a registry called Ana.
    const api = new FakeApi([fakeImage({ tags: ["redis:7"] })]);
    const parse = api.parseReference.bind(api);
    api.parseReference = async (input) =>
      input === "Ana/web"
        ? {
            normalized: "Ana/web:latest",
            familiar: "Ana/web:latest",
            domain: "Ana",
            path: "web",
            tag: "latest",
            digest: null,
            tagDefaulted: true,
          }
        : parse(input);
    const { dialog, input } = await openDialog(api);
    await fireEvent.input(input, { target: { value: "Ana/web" } });
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        /^Will pull Ana\/web:latest .*“Ana” has a capital letter, so Docker reads it as the address of a registry/,
      ),
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Use ana/web" }));
    expect(input).toHaveValue("ana/web");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(/^Will pull docker\.io\/ana\/web:latest/),
    );
    expect(within(dialog).queryByText(/has a capital letter/)).toBeNull();
  });

  it("offers only platforms of the engine's own OS", async () => {
    // A Windows laptop's Docker Desktop runs Linux containers: windows/amd64 would be refused.
    const { dialog } = await openDialog();
    const options = within(within(dialog).getByLabelText("Platform"))
      .getAllByRole("option")
      .map((o) => o.getAttribute("value"));
    expect(options).toContain("linux/arm64");
    expect(options).not.toContain("windows/amd64");
  });

  it("says it in Spanish", async () => {
    setLocale("es");
    const api = new FakeApi([fakeImage({ tags: ["redis:7"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "redis:7" });
    await userEvent.click(screen.getByRole("button", { name: "Descargar…" }));
    const dialog = screen.getByRole("dialog");
    const input = within(dialog).getByRole("textbox");
    await fireEvent.input(input, { target: { value: "nginx\u00AD:alpine" } });
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "El nombre contiene un carácter invisible (U+00AD), algo habitual al copiar texto de una diapositiva, un PDF o un chat. Quítalo o vuelve a escribir el nombre.",
      ),
    );
    await userEvent.click(
      within(dialog).getByRole("button", { name: "Quitar los caracteres ocultos" }),
    );
    expect(input).toHaveValue("nginx:alpine");
  });

  it("goes back to the neutral help text when the field is cleared", async () => {
    const { dialog, input } = await openDialog();
    await userEvent.type(input, "Nginx");
    await waitFor(() => expect(input).toHaveAttribute("aria-invalid", "true"));
    await userEvent.clear(input);
    await waitFor(() => expect(input).toHaveAttribute("aria-invalid", "false"));
    expect(input).toHaveAccessibleDescription(NEUTRAL_HELP);
    expect(within(dialog).getByRole("button", { name: "Pull" })).toBeDisabled();
  });

  it("shows the normalised reference and says latest is used when no tag is given", async () => {
    const { dialog, input } = await openDialog();
    await userEvent.type(input, "nginx");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(/^Will pull docker\.io\/library\/nginx:latest/),
    );
    expect(input).toHaveAccessibleDescription(/No tag given, so Docker uses latest\.$/);
    expect(input).toHaveAttribute("aria-invalid", "false");
    expect(within(dialog).getByRole("button", { name: "Pull" })).toBeEnabled();
  });

  it("shows the normalised reference without the no-tag sentence when a tag is given", async () => {
    const { input } = await openDialog();
    await userEvent.type(input, "nginx:alpine");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription("Will pull docker.io/library/nginx:alpine"),
    );
  });
});

describe("PullDialog: what a screen reader hears as the name is typed", () => {
  it("says the help once typing pauses, not at every keystroke", async () => {
    const { dialog, input } = await openDialog();
    const news = within(dialog).getByTestId("pull-ref-news");
    expect(news).toHaveAttribute("aria-live", "polite");
    expect(news.textContent).toBe("");
    // The help changes with each keystroke: it describes the field, and is not read out.
    expect(dialog.querySelector("#pull-ref-help")).not.toHaveAttribute("aria-live");
    const said: string[] = [];
    const observer = new MutationObserver(() => said.push(news.textContent ?? ""));
    observer.observe(news, { childList: true, characterData: true, subtree: true });

    const refused = "The repository name must be lowercase: “Nginx”.";
    await userEvent.type(input, "Nginx");
    await waitFor(() => expect(input).toHaveAccessibleDescription(refused));
    expect(news.textContent).toBe("");
    await waitFor(() => expect(news).toHaveTextContent(refused));
    await userEvent.clear(input);
    await userEvent.type(input, "nginx");
    const willPull =
      "Will pull docker.io/library/nginx:latest No tag given, so Docker uses latest.";
    await waitFor(() => expect(news).toHaveTextContent(willPull));
    await tick();
    observer.disconnect();
    // One reading per pause: "N", "Ng", "Ngi"… were refused each in their own words.
    expect(said.filter((text) => text !== "")).toEqual([refused, willPull]);
  });
});

describe("PullDialog: the equivalent command", () => {
  it("shows docker pull with the familiar reference", async () => {
    const { dialog, input } = await openDialog();
    await userEvent.type(input, "nginx");
    expect(
      await within(dialog).findByRole("button", { name: "Copy “docker pull nginx:latest”" }),
    ).toBeInTheDocument();
    expect(within(dialog).getByText("docker pull nginx:latest")).toBeInTheDocument();
  });

  it("adds --platform when a platform is chosen", async () => {
    const { dialog, input } = await openDialog();
    await userEvent.type(input, "nginx");
    await within(dialog).findByText("docker pull nginx:latest");
    await userEvent.selectOptions(within(dialog).getByLabelText("Platform"), "linux/arm64");
    expect(
      within(dialog).getByText("docker pull --platform linux/arm64 nginx:latest"),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole("button", {
        name: "Copy “docker pull --platform linux/arm64 nginx:latest”",
      }),
    ).toBeInTheDocument();
  });
});

describe("PullDialog: starting a pull", () => {
  it("starts a pull with the typed reference and the chosen platform", async () => {
    const { api, dialog, input } = await openDialog();
    await userEvent.type(input, "nginx");
    await userEvent.selectOptions(within(dialog).getByLabelText("Platform"), "linux/arm64");
    const pull = within(dialog).getByRole("button", { name: "Pull" });
    await waitFor(() => expect(pull).toBeEnabled());
    await userEvent.click(pull);

    const started = api.onlyPull();
    expect(started.reference).toBe("nginx");
    expect(started.platform).toBe("linux/arm64");
    expect(within(dialog).getByRole("progressbar", { name: "Pulling nginx" })).toBeInTheDocument();
    expect(within(dialog).queryByLabelText("Image")).not.toBeInTheDocument();
  });

  it("pulls with the engine's own platform by default, on Enter", async () => {
    const { api, dialog, input } = await openDialog();
    await userEvent.type(input, "nginx:alpine");
    await waitFor(() => expect(within(dialog).getByRole("button", { name: "Pull" })).toBeEnabled());
    await userEvent.type(input, "{Enter}");

    expect(api.onlyPull()).toMatchObject({ reference: "nginx:alpine", platform: null });
    expect(
      within(dialog).getByRole("progressbar", { name: "Pulling nginx:alpine" }),
    ).toBeInTheDocument();
  });

  it("does not start a pull for an invalid reference", async () => {
    const { api, input } = await openDialog();
    await userEvent.type(input, "Nginx");
    await waitFor(() => expect(input).toHaveAttribute("aria-invalid", "true"));
    await userEvent.type(input, "{Enter}");
    expect(api.pulls.size).toBe(0);
    expect(api.calls).not.toContain("pullImage");
  });

  it("closes with “Close (keeps pulling)” while the pull keeps running", async () => {
    const { api, dialog, input } = await openDialog();
    await userEvent.type(input, "nginx");
    await waitFor(() => expect(within(dialog).getByRole("button", { name: "Pull" })).toBeEnabled());
    await userEvent.click(within(dialog).getByRole("button", { name: "Pull" }));

    await userEvent.click(within(dialog).getByRole("button", { name: "Close (keeps pulling)" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(api.pulls.size).toBe(1);
    expect(api.calls).not.toContain("cancelPull");
    expect(screen.getByRole("button", { name: /^Pulls/ })).toHaveAccessibleName(
      "Pulls (1 running)",
    );
  });

  it("closes with Escape while the pull keeps running", async () => {
    const { api, dialog, input } = await openDialog();
    await userEvent.type(input, "nginx");
    await waitFor(() => expect(within(dialog).getByRole("button", { name: "Pull" })).toBeEnabled());
    await userEvent.click(within(dialog).getByRole("button", { name: "Pull" }));

    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(api.pulls.size).toBe(1);
    expect(screen.getByRole("button", { name: /^Pulls/ })).toHaveAccessibleName(
      "Pulls (1 running)",
    );
  });

  it("closes without pulling from the form's Cancel button", async () => {
    const { api, dialog, input } = await openDialog();
    await userEvent.type(input, "nginx");
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(api.calls).not.toContain("pullImage");
    expect(screen.getByRole("button", { name: /^Pulls/ })).toHaveTextContent(/^Pulls$/);
  });

  it("offers “Pull another” once the pull has finished, with an empty form", async () => {
    const { api, dialog, input } = await openDialog();
    await userEvent.type(input, "nginx");
    await waitFor(() => expect(within(dialog).getByRole("button", { name: "Pull" })).toBeEnabled());
    await userEvent.click(within(dialog).getByRole("button", { name: "Pull" }));
    expect(within(dialog).queryByRole("button", { name: "Pull another" })).not.toBeInTheDocument();

    api.onlyPull().settle({ kind: "UpToDate", reference: "nginx:latest", imageId: null });
    await userEvent.click(await within(dialog).findByRole("button", { name: "Pull another" }));
    const fresh = within(dialog).getByLabelText("Image");
    expect(fresh).toHaveValue("");
    expect(fresh).toHaveAccessibleDescription(NEUTRAL_HELP);
  });
});

describe("PullDialog: after a failed pull", () => {
  it("goes back to the form with the name as typed, to fix a typo in the tag", async () => {
    const { api, dialog, input } = await openDialog();
    await userEvent.type(input, "nginx:alpnie");
    await waitFor(() => expect(within(dialog).getByRole("button", { name: "Pull" })).toBeEnabled());
    await userEvent.click(within(dialog).getByRole("button", { name: "Pull" }));
    api.onlyPull().settle({
      kind: "ImageNotFound",
      reference: "docker.io/library/nginx:alpnie",
      repository: "docker.io/library/nginx",
      tag: "alpnie",
      missing: "Tag",
    });
    const change = await within(dialog).findByRole("button", { name: "Change the name" });
    expect(within(dialog).queryByRole("button", { name: "Pull another" })).not.toBeInTheDocument();
    await userEvent.click(change);
    expect(within(dialog).getByLabelText("Image")).toHaveValue("nginx:alpnie");
    await waitFor(() => expect(within(dialog).getByRole("button", { name: "Pull" })).toBeEnabled());
  });
});

describe("PullDialog: only the latest validation counts", () => {
  /** Makes `api.parseReference` wait until the test answers each call, in any order. */
  function controlParse(api: FakeApi) {
    const real = api.parseReference.bind(api);
    const pending = new Map<string, { release: () => void; answered: Promise<unknown> }>();
    api.parseReference = (input: string): Promise<ParsedReference> => {
      let release!: () => void;
      const answered = new Promise<void>((r) => (release = r)).then(() => real(input));
      pending.set(input, { release, answered });
      return answered;
    };
    return {
      /** Answers the call for `input`, then lets the dialog react to it. */
      async answer(input: string) {
        await waitFor(() => expect(pending.has(input)).toBe(true));
        const call = pending.get(input)!;
        pending.delete(input);
        call.release();
        // The dialog's handlers were attached first, so they have run once this settles.
        await call.answered.catch(() => {});
        await tick();
      },
    };
  }

  it("ignores a valid answer that arrives after a newer one", async () => {
    const api = new FakeApi([fakeImage({ tags: ["redis:7"] })]);
    const parse = controlParse(api);
    const { input } = await openDialog(api);

    await fireEvent.input(input, { target: { value: "nginx" } });
    await fireEvent.input(input, { target: { value: "nginx:alpine" } });

    await parse.answer("nginx:alpine");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription("Will pull docker.io/library/nginx:alpine"),
    );
    await parse.answer("nginx");
    expect(input).toHaveAccessibleDescription("Will pull docker.io/library/nginx:alpine");
    expect(screen.getByText("docker pull nginx:alpine")).toBeInTheDocument();
  });

  it("ignores an error that arrives after a newer valid answer", async () => {
    const api = new FakeApi([fakeImage({ tags: ["redis:7"] })]);
    const parse = controlParse(api);
    const { dialog, input } = await openDialog(api);

    await fireEvent.input(input, { target: { value: "Nginx" } });
    await fireEvent.input(input, { target: { value: "nginx" } });

    await parse.answer("nginx");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(/^Will pull docker\.io\/library\/nginx:latest/),
    );
    await parse.answer("Nginx");
    expect(input).toHaveAttribute("aria-invalid", "false");
    expect(input).toHaveAccessibleDescription(/^Will pull docker\.io\/library\/nginx:latest/);
    expect(within(dialog).getByRole("button", { name: "Pull" })).toBeEnabled();
  });

  it("ignores a valid answer that arrives after the field was cleared", async () => {
    const api = new FakeApi([fakeImage({ tags: ["redis:7"] })]);
    const parse = controlParse(api);
    const { dialog, input } = await openDialog(api);

    await fireEvent.input(input, { target: { value: "nginx" } });
    await fireEvent.input(input, { target: { value: "" } });
    await parse.answer("nginx");
    expect(input).toHaveAccessibleDescription(NEUTRAL_HELP);
    expect(within(dialog).getByRole("button", { name: "Pull" })).toBeDisabled();
  });
});

describe("PullDialog: only checked text can be pulled", () => {
  it("disables Pull while the new text's check is still out", async () => {
    const api = new FakeApi([]);
    const real = api.parseReference.bind(api);
    let hold: Promise<void> | null = null;
    api.parseReference = async (input) => {
      if (hold) await hold;
      return real(input);
    };
    render(App, { props: { api } });
    await userEvent.click(await screen.findByRole("button", { name: "Pull…" }));
    const field = screen.getByLabelText("Image");
    await userEvent.type(field, "nginx");
    const pull = screen.getByRole("button", { name: "Pull" });
    await waitFor(() => expect(pull).toBeEnabled());
    let release!: () => void;
    hold = new Promise((r) => (release = r));
    await userEvent.type(field, " x");
    expect(pull).toBeDisabled();
    await userEvent.keyboard("{Enter}");
    expect(api.pulls.size).toBe(0);
    release();
  });
});

describe("PullDialog in Spanish", () => {
  // Opened in English (the header is another part's), then switched: the open dialog follows.
  async function openInSpanish() {
    const opened = await openDialog();
    setLocale("es");
    await tick();
    return opened;
  }

  it("switches in place and words the form in Spanish, keeping docker's examples", async () => {
    const { dialog, input } = await openInSpanish();
    expect(screen.getByRole("dialog", { name: "Descargar una imagen" })).toBe(dialog);
    expect(within(dialog).getByLabelText("Imagen")).toBe(input);
    expect(input).toHaveAttribute("placeholder", "nginx:alpine");
    expect(input).toHaveAccessibleDescription(
      "Un nombre con una etiqueta opcional, como nginx o nginx:alpine. Sin etiqueta, Docker usa latest.",
    );
    const platform = within(dialog).getByLabelText("Plataforma");
    expect(
      within(platform).getByRole("option", { name: "Predeterminada (la del motor)" }),
    ).toBeInTheDocument();
    expect(within(platform).getByRole("option", { name: "linux/arm64" })).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Cancelar" })).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Descargar" })).toBeDisabled();
  });

  it("says why a reference is refused in Spanish, and rewords it on a switch back", async () => {
    const { dialog, input } = await openInSpanish();
    await userEvent.type(input, "Nginx");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "El nombre del repositorio debe ir en minúsculas: «Nginx».",
      ),
    );
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(within(dialog).getByRole("button", { name: "Descargar" })).toBeDisabled();
    setLocale("en");
    await tick();
    expect(input).toHaveAccessibleDescription("The repository name must be lowercase: “Nginx”.");
  });

  it("says what it will pull, and that latest is the default, with the command unchanged", async () => {
    const { dialog, input } = await openInSpanish();
    await userEvent.type(input, "nginx");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "Se descargará docker.io/library/nginx:latest No indicaste ninguna etiqueta, así que Docker usa latest.",
      ),
    );
    expect(within(dialog).getByText("Equivalente en una terminal")).toBeInTheDocument();
    expect(within(dialog).getByText("docker pull nginx:latest")).toBeInTheDocument();
    await userEvent.selectOptions(within(dialog).getByLabelText("Plataforma"), "linux/arm64");
    expect(
      within(dialog).getByText("docker pull --platform linux/arm64 nginx:latest"),
    ).toBeInTheDocument();
  });

  it("runs and ends a pull in Spanish", async () => {
    const { api, dialog, input } = await openInSpanish();
    await userEvent.type(input, "nginx:alpine");
    const pull = within(dialog).getByRole("button", { name: "Descargar" });
    await waitFor(() => expect(pull).toBeEnabled());
    await userEvent.click(pull);

    expect(
      within(dialog).getByRole("progressbar", { name: "Descargando nginx:alpine" }),
    ).toBeInTheDocument();
    expect(within(dialog).getByText("Preparando…")).toBeInTheDocument();
    expect(
      within(dialog).getByRole("button", { name: "Cerrar (sigue descargando)" }),
    ).toBeInTheDocument();

    api.onlyPull().settle({ kind: "UpToDate", reference: "nginx:alpine", imageId: null });
    expect(await resultOf(dialog)).toHaveTextContent("La imagen ya está actualizada");
    expect(within(dialog).getByRole("button", { name: "Cerrar" })).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Descargar otra" }));
    expect(within(dialog).getByLabelText("Imagen")).toHaveValue("");
  });
});
