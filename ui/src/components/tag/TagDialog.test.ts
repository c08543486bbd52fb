// The Tag dialog on its own, with FakeApi standing in for the backend.
import { shortId } from "../../lib/images/names";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { tick } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import { FakeApi, fakeImage } from "../../lib/ipc/fake";
import type { ImageSummary, ParsedReference } from "../../lib/ipc/api";
import TagDialog from "./TagDialog.svelte";

const current = vi.hoisted(() => ({ api: null as unknown }));
vi.mock("../../lib/ipc/context", () => ({
  getApi: () => current.api,
  setApi: () => {},
}));

afterEach(() => setLocale("en"));

const app = () => fakeImage({ tags: ["app:1"] });
const web = () => fakeImage({ tags: ["web:latest", "web:2"] });
const solo = () => fakeImage({ tags: ["solo:1"] });

function open(images: ImageSummary[] = [app(), web(), solo()], image = images[0]!) {
  const api = new FakeApi(structuredClone(images));
  current.api = api;
  const onclose = vi.fn();
  render(TagDialog, { props: { image, images, onclose } });
  const dialog = screen.getByRole("dialog");
  const input = within(dialog).getByRole("textbox");
  return { api, dialog, input, onclose, image, images };
}

describe("TagDialog: its image not in the list", () => {
  it("says the image is gone, or that the list cannot be read, and waits", async () => {
    const image = app();
    const api = new FakeApi([]);
    current.api = api;
    const { rerender } = render(TagDialog, { props: { image, images: [], onclose: vi.fn() } });
    const dialog = screen.getByRole("dialog");
    expect(within(dialog).getByRole("alert")).toHaveTextContent(/no longer on the engine/);
    await rerender({ image, images: [], onclose: vi.fn(), listed: false });
    expect(within(dialog).getByRole("alert")).toHaveTextContent(
      "Imagen cannot read the engine's images right now: you can tag once it answers again.",
    );
    const input = within(dialog).getByRole("textbox");
    await userEvent.type(input, "app:2");
    // What was typed is still checked, but nothing says it will be done.
    await waitFor(() => expect(input).toHaveAccessibleDescription("Reads as app:2"));
    expect(dialog).not.toHaveTextContent("Will tag");
    expect(dialog).not.toHaveTextContent(/is a new tag|is already/);
    expect(within(dialog).getByRole("button", { name: "Tag" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
  });
});

describe("TagDialog: its image not on the engine Imagen moved to", () => {
  it("says Imagen is on another engine, not that the image was removed, in both languages", async () => {
    const image = app();
    const api = new FakeApi([image]);
    current.api = api;
    const seenOn = "unix:///var/run/docker.sock";
    const colima = "unix:///Users/ana/.colima/default/docker.sock";
    const onclose = vi.fn();
    const { rerender } = render(TagDialog, {
      props: { image, images: [image], onclose, listedOn: seenOn },
    });
    const dialog = screen.getByRole("dialog");
    // Docker Desktop quit; in Automatic the reconnect found Colima, without this image.
    await rerender({ image, images: [solo()], onclose, listedOn: colima });
    expect(within(dialog).getByRole("alert")).toHaveTextContent(
      `Imagen is now connected to another engine (${colima}) than the one you saw this image on (${seenOn}), and this image is not on it: there is nothing to tag.`,
    );
    expect(dialog).not.toHaveTextContent(/removed in a terminal/);
    setLocale("es");
    await waitFor(() =>
      expect(within(dialog).getByRole("alert")).toHaveTextContent(
        `Imagen está ahora conectado a otro motor (${colima}), distinto de aquel en el que viste esta imagen (${seenOn}), y en este no está: no hay nada que etiquetar.`,
      ),
    );
    setLocale("en");
    // Back on the engine it was seen on, without the image: removed there.
    await rerender({ image, images: [solo()], onclose, listedOn: seenOn });
    expect(within(dialog).getByRole("alert")).toHaveTextContent(
      "This image is no longer on the engine (removed in a terminal?): there is nothing to tag.",
    );
  });
});

describe("TagDialog: validating the new tag", () => {
  it("validates as the user types, with the grammar's own words", async () => {
    const { dialog, input } = open();
    expect(screen.getByRole("dialog", { name: "Tag app:1" })).toBe(dialog);
    expect(input).toHaveAccessibleName("New tag");
    expect(input).toHaveAccessibleDescription(/^A name and a tag, like web:2 or/);
    await userEvent.type(input, "Web");
    await waitFor(() => expect(input).toHaveAttribute("aria-invalid", "true"));
    expect(input).toHaveAccessibleDescription("The repository name must be lowercase: “Web”.");
    expect(within(dialog).getByRole("button", { name: "Tag" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
  });

  it("shows the normalised tag and says latest was added", async () => {
    const { dialog, input, image } = open();
    await userEvent.type(input, "fresh");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "Will tag this image as fresh:latest latest was added because you gave no tag.",
      ),
    );
    expect(
      within(dialog).getByText("fresh:latest is a new tag: no image has it yet."),
    ).toBeInTheDocument();
    // By the full ID, as the backend tags and records it.
    expect(within(dialog).getByText(`docker tag ${image.id} fresh:latest`)).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Tag" })).toHaveAttribute(
      "aria-disabled",
      "false",
    );
  });

  it("refuses a digest reference with its own sentence", async () => {
    const { api, dialog, input } = open();
    api.parseReference = async (text): Promise<ParsedReference> => ({
      normalized: `docker.io/library/${text}`,
      familiar: text,
      domain: "docker.io",
      path: "library/web",
      tag: null,
      digest: "sha256:" + "a".repeat(64),
      tagDefaulted: false,
    });
    await fireEvent.input(input, { target: { value: "web@sha256:" + "a".repeat(64) } });
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "A tag cannot be a digest: write a name and a tag instead, like web:2.",
      ),
    );
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(within(dialog).getByRole("button", { name: "Tag" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
    expect(within(dialog).queryByText(/^docker tag/)).not.toBeInTheDocument();
  });

  it("refuses an image ID pasted as a tag, in both languages", async () => {
    const { api, dialog, input } = open();
    const parse = vi.spyOn(api, "parseReference");
    // The whole ID, which the grammar refuses as one: not the Pull dialog's "enter a
    // repository name like nginx", which would move nginx:latest onto this image.
    const id = "sha256:" + "c".repeat(64);
    await fireEvent.input(input, { target: { value: id } });
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "That is an image ID, not a tag: write a name and a tag instead, like web:2.",
      ),
    );
    await expect(parse.mock.results.at(-1)!.value).rejects.toMatchObject({
      kind: "InvalidReference",
      rule: { kind: "ImageId" },
    });
    expect(dialog).not.toHaveTextContent("nginx");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(within(dialog).getByRole("button", { name: "Tag" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
    expect(within(dialog).queryByText(/^docker tag/)).not.toBeInTheDocument();
    setLocale("es");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "Eso es el ID de una imagen, no una etiqueta: escribe un nombre y una etiqueta, como web:2.",
      ),
    );
    expect(dialog).not.toHaveTextContent("nginx");

    // A shorter one reads as the repository `sha256`, which the engine refuses: the same.
    await fireEvent.input(input, { target: { value: "web:3" } });
    await waitFor(() => expect(input).toHaveAttribute("aria-invalid", "false"));
    await fireEvent.input(input, { target: { value: "sha256:" + "c".repeat(12) } });
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "Eso es el ID de una imagen, no una etiqueta: escribe un nombre y una etiqueta, como web:2.",
      ),
    );
    expect(within(dialog).queryByText(/^docker tag/)).not.toBeInTheDocument();
  });

  it("asks for a name before the colon, suggesting the image's own, in both languages", async () => {
    const { api, dialog, input } = open([web(), app()]);
    // As the real grammar answers `:2`: a missing name, whose Pull sentence ("like nginx")
    // would tag this image nginx, or move nginx:latest onto it.
    const parse = vi.spyOn(api, "parseReference").mockImplementation(async (text) => {
      throw {
        kind: "InvalidReference",
        input: text,
        reason: "Enter an image name, like nginx or nginx:alpine.",
        rule: { kind: "MissingName" },
      };
    });
    await userEvent.type(input, ":2");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription("Put a name before the colon, like web:2."),
    );
    expect(parse).toHaveBeenCalled();
    expect(dialog).not.toHaveTextContent("nginx");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(within(dialog).getByRole("button", { name: "Tag" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
    expect(within(dialog).queryByText(/^docker tag/)).not.toBeInTheDocument();
    // A tag the grammar would refuse is not suggested back.
    await fireEvent.input(input, { target: { value: ":-x" } });
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription("Put a name before the colon, like web:2."),
    );
    await fireEvent.input(input, { target: { value: ":3" } });
    setLocale("es");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "Pon un nombre antes de los dos puntos, como web:3.",
      ),
    );
    expect(dialog).not.toHaveTextContent("nginx");
  });

  it("suggests a placeholder name for an image without a tag, in both languages", async () => {
    const untagged = fakeImage({ tags: [], digests: [] });
    const { api, dialog, input } = open([untagged, web()]);
    vi.spyOn(api, "parseReference").mockRejectedValue({
      kind: "InvalidReference",
      input: ":2",
      reason: "Enter an image name, like nginx or nginx:alpine.",
      rule: { kind: "MissingName" },
    });
    await userEvent.type(input, ":2");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription("Put a name before the colon, like myimage:2."),
    );
    setLocale("es");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "Pon un nombre antes de los dos puntos, como miimagen:2.",
      ),
    );
    expect(dialog).not.toHaveTextContent("nginx");
  });

  it("says a digest typed without a name is a digest, not a missing nginx", async () => {
    const { api, dialog, input } = open();
    vi.spyOn(api, "parseReference").mockImplementation(async (text) => {
      throw {
        kind: "InvalidReference",
        input: text,
        reason: "Enter an image name, like nginx or nginx:alpine.",
        rule: { kind: "MissingName" },
      };
    });
    await fireEvent.input(input, { target: { value: "@sha256:" + "a".repeat(64) } });
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "A tag cannot be a digest: write a name and a tag instead, like web:2.",
      ),
    );
    expect(dialog).not.toHaveTextContent("nginx");
  });

  it("says a pasted tag holds an invisible character and removes it, in both languages", async () => {
    const { api, dialog, input } = open();
    await fireEvent.input(input, { target: { value: "web:\u200B3" } });
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "The name holds an invisible character (U+200B), as text copied from a slide, a PDF or a chat often does. Remove it, or type the name again.",
      ),
    );
    expect(within(dialog).getByRole("button", { name: "Tag" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
    setLocale("es");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "El nombre contiene un carácter invisible (U+200B), algo habitual al copiar texto de una diapositiva, un PDF o un chat. Quítalo o vuelve a escribir el nombre.",
      ),
    );
    await userEvent.click(
      within(dialog).getByRole("button", { name: "Quitar los caracteres ocultos" }),
    );
    expect(input).toHaveValue("web:3");
    await waitFor(() => expect(input).toHaveFocus());
    await waitFor(() => expect(api.calls).toContain("parseReference"));
    await within(dialog).findByText(
      "web:3 es una etiqueta nueva: ninguna imagen la tiene todavía.",
    );
  });

  it("only the latest answer counts", async () => {
    const { api, input } = open();
    const real = api.parseReference.bind(api);
    const held: (() => void)[] = [];
    api.parseReference = (text) => new Promise<void>((r) => held.push(r)).then(() => real(text));
    await fireEvent.input(input, { target: { value: "Bad" } });
    await fireEvent.input(input, { target: { value: "good:1" } });
    held[1]!();
    await waitFor(() => expect(input).toHaveAccessibleDescription("Will tag this image as good:1"));
    held[0]!();
    await new Promise((r) => setTimeout(r, 0));
    await tick();
    expect(input).toHaveAttribute("aria-invalid", "false");
    expect(input).toHaveAccessibleDescription("Will tag this image as good:1");
  });

  it("says when the image already has the tag, with nothing to confirm", async () => {
    const images = [web(), app()];
    const { dialog, input } = open(images, images[0]);
    await userEvent.type(input, "web:2");
    expect(
      await within(dialog).findByText("This image is already web:2: nothing to do."),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Tag" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
  });
});

describe("TagDialog: a tag another image has", () => {
  it("warns that the tag moves and sends the holder's ID as expected", async () => {
    const { api, dialog, input, image, images } = open();
    const holder = images[1]!;
    const tagImage = vi.spyOn(api, "tagImage");
    await userEvent.type(input, "web");
    const warning = await within(dialog).findByTestId("tag-move-warning");
    expect(warning).toHaveTextContent(
      `web:latest already names another image, ${shortId(holder.id)}. Tagging moves the tag to this image.`,
    );
    expect(warning).toHaveTextContent("That image keeps its other tag: web:2.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Move the tag here" }));
    expect(tagImage).toHaveBeenCalledWith(image.id, "web", holder.id, ["web:2"], null);
    expect(await within(dialog).findByRole("status")).toHaveTextContent(
      "Tagged: this image is now also web:latest.",
    );
    expect(api.images.find((i) => i.id === image.id)!.tags).toEqual(["app:1", "web:latest"]);
    expect(api.images.find((i) => i.id === holder.id)!.tags).toEqual(["web:2"]);
  });

  it("says an image left with no other tag becomes <none>", async () => {
    const { dialog, input } = open();
    await userEvent.type(input, "solo:1");
    expect(await within(dialog).findByTestId("tag-move-warning")).toHaveTextContent(
      "That image has no other tag: it stays, but becomes <none>.",
    );
  });
});

describe("TagDialog: the keyboard and a screen reader", () => {
  it("describes the field and the button with the warning that the tag moves", async () => {
    const { dialog, input, images } = open();
    await userEvent.type(input, "solo:1");
    await within(dialog).findByTestId("tag-move-warning");
    const move = within(dialog).getByRole("button", { name: "Move the tag here" });
    const becomesNone = "That image has no other tag: it stays, but becomes <none>.";
    expect(move).toHaveAccessibleDescription(
      `solo:1 already names another image, ${shortId(images[2]!.id)}. Tagging moves the tag to this image. ${becomesNone}`,
    );
    await waitFor(() => expect(input).toHaveAccessibleDescription(new RegExp(`${becomesNone}$`)));
  });

  it("keeps the focus in the dialog while tagging, then gives it to Close", async () => {
    const { api, dialog, input } = open();
    // The region that says it was tagged is there before it says so.
    const status = within(dialog).getByRole("status");
    expect(status.textContent?.trim()).toBe("");
    await userEvent.type(input, "app:2");
    const tag = within(dialog).getByRole("button", { name: "Tag" });
    await waitFor(() => expect(tag).toHaveAttribute("aria-disabled", "false"));
    let answer = () => {};
    api.gate = new Promise((resolve) => (answer = resolve));
    await userEvent.click(tag);
    // Tag and Cancel wait, disabled: the dialog holds the focus meanwhile.
    expect(dialog).toHaveFocus();
    api.gate = null;
    answer();
    await waitFor(() => expect(status).toHaveTextContent("Tagged: this image is now also app:2."));
    expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus();
  });

  it("says the help once typing pauses, not at every keystroke", async () => {
    const { dialog, input } = open();
    const news = within(dialog).getByTestId("tag-ref-news");
    expect(news).toHaveAttribute("aria-live", "polite");
    expect(news.textContent).toBe("");
    // The help changes with each keystroke: it describes the field, and is not read out.
    expect(dialog.querySelector("#tag-ref-help")).not.toHaveAttribute("aria-live");
    const said: string[] = [];
    const observer = new MutationObserver(() => said.push(news.textContent ?? ""));
    observer.observe(news, { childList: true, characterData: true, subtree: true });

    const willTag = "Will tag this image as fresh:latest latest was added because you gave no tag.";
    await userEvent.type(input, "fresh");
    await waitFor(() => expect(input).toHaveAccessibleDescription(willTag));
    expect(news.textContent).toBe("");
    await waitFor(() => expect(news).toHaveTextContent(willTag));
    await tick();
    observer.disconnect();
    // One reading for the pause: not "f", "fr", "fre"… each in turn.
    expect(said.filter((text) => text !== "")).toEqual([willTag]);
  });

  it("keeps the field as it was sent while tagging: the answer is about that tag", async () => {
    const { api, dialog, input } = open();
    await userEvent.type(input, "web:2");
    await within(dialog).findByTestId("tag-move-warning");
    let answer = () => {};
    api.gate = new Promise((resolve) => (answer = resolve));
    await userEvent.click(within(dialog).getByRole("button", { name: "Move the tag here" }));
    expect(input).toHaveAttribute("readonly");
    // web:2 to web:3 on a slow engine: the edit does not happen, rather than be lost.
    await userEvent.type(input, "{Backspace}3");
    expect(input).toHaveValue("web:2");
    api.gate = null;
    answer();
    await waitFor(() =>
      expect(within(dialog).getByRole("status")).toHaveTextContent(
        "Tagged: this image is now also web:2.",
      ),
    );
  });

  it("keeps the focus on Tag when the image leaves the list under it, and Tag waits", async () => {
    const image = app();
    const images = [image, web()];
    const api = new FakeApi(structuredClone(images));
    current.api = api;
    const onclose = vi.fn();
    const { rerender } = render(TagDialog, { props: { image, images, onclose } });
    const dialog = screen.getByRole("dialog");
    await userEvent.type(within(dialog).getByRole("textbox"), "app:2");
    await within(dialog).findByText("app:2 is a new tag: no image has it yet.");
    const tag = within(dialog).getByRole("button", { name: "Tag" });
    tag.focus();
    // docker rmi app:1 in a terminal, as the user tabbed to Tag: the app's list refreshes.
    await rerender({ image, images: images.slice(1), onclose });
    expect(within(dialog).getByRole("alert")).toHaveTextContent(/no longer on the engine/);
    // It waits, looking it (a disabled button would drop the focus on the page).
    expect(tag).toHaveAttribute("aria-disabled", "true");
    expect(tag).not.toBeDisabled();
    expect(tag).toHaveFocus();
    const tagImage = vi.spyOn(api, "tagImage");
    await userEvent.keyboard("{Enter}");
    await userEvent.click(tag);
    expect(tagImage).not.toHaveBeenCalled();
    expect(tag).toHaveFocus();
  });

  it("says so when a terminal gives the typed tag to another image under the open dialog", async () => {
    const image = app();
    const other = solo();
    const images = [image, other];
    const api = new FakeApi(structuredClone(images));
    current.api = api;
    const onclose = vi.fn();
    const { rerender } = render(TagDialog, { props: { image, images, onclose } });
    const dialog = screen.getByRole("dialog");
    await userEvent.type(within(dialog).getByRole("textbox"), "new:1");
    await within(dialog).findByText("new:1 is a new tag: no image has it yet.");
    expect(within(dialog).getByRole("alert")).toHaveTextContent("");
    // docker tag solo:1 new:1 in a terminal: the app's list refreshes under the dialog.
    api.images[1]!.tags.push("new:1");
    const refreshed = [image, { ...other, tags: ["solo:1", "new:1"] }];
    await rerender({ image, images: refreshed, onclose });
    expect(within(dialog).getByRole("alert")).toHaveTextContent(
      `new:1 was free when you looked, and another image (${shortId(other.id)}) has it now (tagged in a terminal?). Nothing was tagged; check below and confirm again.`,
    );
    // Told: a Tag now moves it, as the warning and the button say.
    const move = within(dialog).getByRole("button", { name: "Move the tag here" });
    await userEvent.click(move);
    await within(dialog).findByText(/Tagged/);
    expect(api.tagCalls.at(-1)?.expected).toBe(other.id);
  });

  it("says nothing more when the list refreshes without changing what the tag names", async () => {
    const image = app();
    const images = [image, web()];
    const api = new FakeApi(structuredClone(images));
    current.api = api;
    const onclose = vi.fn();
    const { rerender } = render(TagDialog, { props: { image, images, onclose } });
    const dialog = screen.getByRole("dialog");
    await userEvent.type(within(dialog).getByRole("textbox"), "web:2");
    await within(dialog).findByTestId("tag-move-warning");
    await rerender({ image, images: [image, web(), solo()].map((i) => ({ ...i })), onclose });
    await rerender({ image, images: structuredClone(images), onclose });
    expect(within(dialog).getByRole("alert")).toHaveTextContent("");
  });

  it("gives the focus to the button again when the engine changed meanwhile", async () => {
    const { api, dialog, input, images } = open();
    await userEvent.type(input, "new:1");
    await within(dialog).findByText("new:1 is a new tag: no image has it yet.");
    api.tag(images[2]!.id, "new:1");
    await userEvent.click(within(dialog).getByRole("button", { name: "Tag" }));
    const move = await within(dialog).findByRole("button", { name: "Move the tag here" });
    await waitFor(() => expect(move).toHaveFocus());
  });
});

describe("TagDialog: re-checked at confirm", () => {
  it("can be closed while the list is read again after Changed, and Tag waits for that list", async () => {
    const { api, dialog, input, images, onclose } = open();
    await userEvent.type(input, "new:1");
    await within(dialog).findByText("new:1 is a new tag: no image has it yet.");
    api.tag(images[2]!.id, "new:1");
    // The engine stalls as the list is read again (each call has its time limit).
    const listImages = vi.spyOn(api, "listImages").mockImplementation(() => new Promise(() => {}));
    const tagImage = vi.spyOn(api, "tagImage");
    await userEvent.click(within(dialog).getByRole("button", { name: "Tag" }));
    await waitFor(() => expect(listImages).toHaveBeenCalled());
    expect(within(dialog).getByRole("alert")).toHaveTextContent(/Nothing was tagged/);
    const tag = within(dialog).getByRole("button", { name: "Tag" });
    expect(tag).toHaveAttribute("aria-disabled", "true");
    await userEvent.click(tag);
    expect(tagImage).toHaveBeenCalledTimes(1);
    const cancel = within(dialog).getByRole("button", { name: "Cancel" });
    expect(cancel).toBeEnabled();
    await userEvent.click(cancel);
    expect(onclose).toHaveBeenCalledOnce();
  });

  it("a terminal docker tag in between yields Changed, nothing tagged, and a fresh warning", async () => {
    const { api, dialog, input, image, images } = open();
    const other = images[2]!;
    await userEvent.type(input, "new:1");
    await within(dialog).findByText("new:1 is a new tag: no image has it yet.");
    // In a terminal, meanwhile: docker tag solo:1 new:1
    api.tag(other.id, "new:1");
    const tagImage = vi.spyOn(api, "tagImage");
    await userEvent.click(within(dialog).getByRole("button", { name: "Tag" }));
    expect(tagImage).toHaveBeenLastCalledWith(image.id, "new:1", null, [], null);
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      `new:1 was free when you looked, and another image (${shortId(other.id)}) has it now (tagged in a terminal?). Nothing was tagged; check below and confirm again.`,
    );
    expect(api.images.find((i) => i.id === image.id)!.tags).toEqual(["app:1"]);
    expect(api.workshop.record.at(-1)!.status).toEqual({ status: "Changed" });
    // The field can be changed again (it waited, read-only, while the tag was asked for).
    expect(input).not.toHaveAttribute("readonly");
    const warning = within(dialog).getByTestId("tag-move-warning");
    expect(warning).toHaveTextContent(`new:1 already names another image, ${shortId(other.id)}.`);
    expect(warning).toHaveTextContent("That image keeps its other tag: solo:1.");

    await userEvent.click(within(dialog).getByRole("button", { name: "Move the tag here" }));
    expect(tagImage).toHaveBeenLastCalledWith(image.id, "new:1", other.id, ["solo:1"], null);
    expect(await within(dialog).findByRole("status")).toHaveTextContent(
      "Tagged: this image is now also new:1.",
    );
    expect(api.images.find((i) => i.id === image.id)!.tags).toContain("new:1");
  });

  it("a tag moved again in a terminal says it moved, and the alert leaves with the text", async () => {
    const { api, dialog, input, images } = open();
    await userEvent.type(input, "web:latest");
    await within(dialog).findByTestId("tag-move-warning");
    // In a terminal, meanwhile: docker tag solo:1 web:latest
    api.tag(images[2]!.id, "web:latest");
    await userEvent.click(within(dialog).getByRole("button", { name: "Move the tag here" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      `web:latest has moved to another image (${shortId(images[2]!.id)}) since you looked.`,
    );
    // Another tag typed: what changed about the first one no longer applies.
    await userEvent.clear(input);
    await userEvent.type(input, "web:3");
    await within(dialog).findByText("web:3 is a new tag: no image has it yet.");
    // Its region stays, empty, for the next thing to say.
    expect(within(dialog).getByRole("alert").textContent?.trim()).toBe("");
  });

  it("asks again when the image losing the tag lost its other tags meanwhile", async () => {
    const { api, dialog, input, image, images } = open();
    const holder = images[1]!;
    await userEvent.type(input, "web:latest");
    expect(await within(dialog).findByTestId("tag-move-warning")).toHaveTextContent(
      "That image keeps its other tag: web:2.",
    );
    // In a terminal, meanwhile: docker rmi web:2 (web:latest still names the image).
    api.images = api.images.map((i) =>
      i.id === holder.id ? { ...i, tags: i.tags.filter((t) => t !== "web:2") } : i,
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Move the tag here" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      `The image ${shortId(holder.id)}, which has web:latest, lost its other tags since you looked: moving the tag now would leave it as <none>. Nothing was tagged; check below and confirm again.`,
    );
    expect(api.images.find((i) => i.id === image.id)!.tags).toEqual(["app:1"]);
    expect(within(dialog).getByTestId("tag-move-warning")).toHaveTextContent(
      "That image has no other tag: it stays, but becomes <none>.",
    );
    // Confirmed again, with what the user now sees.
    await userEvent.click(within(dialog).getByRole("button", { name: "Move the tag here" }));
    expect(api.tagCalls.at(-1)!.expectedKeeps).toEqual([]);
    expect(await within(dialog).findByRole("status")).toHaveTextContent(
      "Tagged: this image is now also web:latest.",
    );
  });

  it("says what the image losing the tag would keep now, in Spanish", async () => {
    setLocale("es");
    const { api, dialog, input, images } = open();
    const holder = images[2]!;
    await userEvent.type(input, "solo:1");
    await within(dialog).findByTestId("tag-move-warning");
    api.tag(holder.id, "solo:2");
    await userEvent.click(within(dialog).getByRole("button", { name: "Mover la etiqueta aquí" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      `La imagen ${shortId(holder.id)}, que tiene solo:1, cambió desde que miraste: ahora conservaría solo:2. No se etiquetó nada; revisa lo de abajo y vuelve a confirmar.`,
    );
  });

  it("says when the image itself was removed meanwhile", async () => {
    const { api, dialog, input } = open();
    await userEvent.type(input, "new:1");
    await within(dialog).findByText("new:1 is a new tag: no image has it yet.");
    api.images = api.images.slice(1);
    await userEvent.click(within(dialog).getByRole("button", { name: "Tag" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "The image was removed meanwhile (in a terminal?): nothing was tagged.",
    );
    expect(within(dialog).getByRole("button", { name: "Tag" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
  });

  it("tags nothing when Imagen is on another engine than the one the image was seen on", async () => {
    const image = app();
    const api = new FakeApi([structuredClone(image)]);
    current.api = api;
    const seenOn = api.engine.address;
    render(TagDialog, { props: { image, images: [image], onclose: vi.fn(), listedOn: seenOn } });
    const dialog = screen.getByRole("dialog");
    await userEvent.type(within(dialog).getByRole("textbox"), "new:1");
    await within(dialog).findByText("new:1 is a new tag: no image has it yet.");
    // Docker Desktop quit; Imagen reconnected to Colima, which has the same image.
    api.engine = { ...api.engine, address: "unix:///Users/ana/.colima/default/docker.sock" };
    await userEvent.click(within(dialog).getByRole("button", { name: "Tag" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      `Imagen is now on another engine (unix:///Users/ana/.colima/default/docker.sock) than the one you saw this image on (${seenOn}). Nothing was tagged`,
    );
    expect(api.tagCalls.at(-1)?.engine).toBe(seenOn);
    expect(api.images[0]!.tags).toEqual(["app:1"]);
  });

  it("words an error with describeError", async () => {
    const { api, dialog, input } = open();
    await userEvent.type(input, "new:1");
    await within(dialog).findByText("new:1 is a new tag: no image has it yet.");
    api.failWith = { kind: "NoSuchImage", reference: "app:1" };
    await userEvent.click(within(dialog).getByRole("button", { name: "Tag" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(/app:1/);
  });

  it("success shows the command and closes from Close", async () => {
    const { api, dialog, input, onclose, image } = open();
    await userEvent.type(input, "new:1");
    await within(dialog).findByText("new:1 is a new tag: no image has it yet.");
    // What is shown before the click is what the Terminal record shows after it.
    const before = `docker tag ${image.id} new:1`;
    expect(within(dialog).getByText(before)).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Tag" }));
    await within(dialog).findByRole("status");
    expect(within(dialog).getByText(`docker tag ${image.id} new:1`)).toBeInTheDocument();
    expect(api.workshop.record.at(-1)?.command).toBe(before);
    await userEvent.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(onclose).toHaveBeenCalled();
  });
});

describe("TagDialog in Spanish", () => {
  it("words validation, the move warning, Changed and success in Spanish", async () => {
    setLocale("es");
    const { api, dialog, input, images, image } = open();
    const holder = images[1]!;
    expect(screen.getByRole("dialog", { name: "Etiquetar app:1" })).toBe(dialog);
    expect(input).toHaveAccessibleName("Nueva etiqueta");
    await userEvent.type(input, "Web");
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "El nombre del repositorio debe ir en minúsculas: «Web».",
      ),
    );
    await userEvent.clear(input);
    await userEvent.type(input, "web");
    // The move warning describes the field too: a screen reader hears it as the name is typed.
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        `Se etiquetará esta imagen como web:latest Se añadió latest porque no indicaste ninguna etiqueta. web:latest ya apunta a otra imagen, ${shortId(holder.id)}. Al etiquetar, la etiqueta pasa a esta imagen. Esa imagen conserva su otra etiqueta: web:2.`,
      ),
    );
    const warning = within(dialog).getByTestId("tag-move-warning");
    expect(warning).toHaveTextContent(
      `web:latest ya apunta a otra imagen, ${shortId(holder.id)}. Al etiquetar, la etiqueta pasa a esta imagen.`,
    );
    expect(warning).toHaveTextContent("Esa imagen conserva su otra etiqueta: web:2.");
    expect(within(dialog).getByText("Equivalente en una terminal")).toBeInTheDocument();

    // In a terminal, meanwhile: the tag moves to a third image.
    api.tag(images[2]!.id, "web:latest");
    await userEvent.click(within(dialog).getByRole("button", { name: "Mover la etiqueta aquí" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      `web:latest ahora apunta a una imagen distinta de la que viste: ${shortId(images[2]!.id)}. No se etiquetó nada; revisa lo de abajo y vuelve a confirmar.`,
    );
    expect(within(dialog).getByTestId("tag-move-warning")).toHaveTextContent(
      "Esa imagen conserva su otra etiqueta: solo:1.",
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Mover la etiqueta aquí" }));
    expect(await within(dialog).findByRole("status")).toHaveTextContent(
      "Hecho: ahora esta imagen también tiene la etiqueta web:latest.",
    );
    expect(api.images.find((i) => i.id === image.id)!.tags).toContain("web:latest");
    expect(within(dialog).getByRole("button", { name: "Cerrar" })).toBeInTheDocument();
  });

  it("refuses a digest in Spanish", async () => {
    setLocale("es");
    const { api, input } = open();
    api.parseReference = async (): Promise<ParsedReference> => ({
      normalized: "docker.io/library/web@sha256:" + "b".repeat(64),
      familiar: "web@sha256:" + "b".repeat(64),
      domain: "docker.io",
      path: "library/web",
      tag: null,
      digest: "sha256:" + "b".repeat(64),
      tagDefaulted: false,
    });
    await fireEvent.input(input, { target: { value: "web@sha256:" + "b".repeat(64) } });
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(
        "Una etiqueta no puede ser un digest: escribe un nombre y una etiqueta, como web:2.",
      ),
    );
  });
});

describe("TagDialog: an engine that does not answer", () => {
  afterEach(() => vi.useRealTimers());

  it("says so after a while and can be closed meanwhile", async () => {
    const { api, dialog, input, onclose } = open();
    await userEvent.type(input, "new:1");
    await within(dialog).findByText("new:1 is a new tag: no image has it yet.");
    // A paused VM: the tag request hangs.
    vi.spyOn(api, "tagImage").mockImplementation(() => new Promise(() => {}));
    vi.useFakeTimers({ toFake: ["setInterval", "Date"] });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Tag" }));
    const cancel = within(dialog).getByRole("button", { name: "Cancel" });
    expect(cancel).toBeDisabled();
    expect(dialog).not.toHaveTextContent(/has not answered/);
    vi.advanceTimersByTime(11_000);
    await tick();
    const status = within(dialog).getByRole("status");
    expect(status).toHaveTextContent(
      "The engine has not answered for more than 10s: it may be paused or overloaded. Tagging goes on; you can close this dialog, and the Terminal record will say how it ended.",
    );
    // Not under an element marked busy, where a screen reader may hold it back.
    expect(status.closest('[aria-busy="true"]')).toBeNull();
    const close = within(dialog).getByRole("button", { name: "Close" });
    expect(close).toBeEnabled();
    await fireEvent.click(close);
    expect(onclose).toHaveBeenCalledOnce();
  });
});
