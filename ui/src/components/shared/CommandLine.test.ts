import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import CommandLine from "./CommandLine.svelte";

function useClipboard(writeText: (text: string) => Promise<void>) {
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
}

afterEach(() => {
  setLocale("en");
  Reflect.deleteProperty(navigator, "clipboard");
});

describe("CommandLine", () => {
  it("shows the command after a prompt and copies it", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    useClipboard(writeText);
    render(CommandLine, { props: { command: "docker pull hello-world" } });
    expect(screen.getByText("docker pull hello-world")).toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Copy “docker pull hello-world”" }));
    expect(writeText).toHaveBeenCalledWith("docker pull hello-world");
    expect(await screen.findByRole("button", { name: /Copy/ })).toHaveTextContent("Copied");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("puts a space between the prompt and the command, and no prompt before an address", () => {
    const { container, unmount } = render(CommandLine, { props: { command: "docker ps" } });
    expect(container.querySelector("code")!.textContent).toBe("$ docker ps");
    unmount();
    const page = "https://docs.docker.com/engine/install/";
    const shown = render(CommandLine, { props: { command: page, address: true } });
    expect(shown.container.querySelector("code")!.textContent).toBe(page);
    expect(screen.getByRole("button", { name: `Copy the address ${page}` })).toBeInTheDocument();
  });

  it("tells a screen reader it copied: the button's name stays the same", async () => {
    useClipboard(() => Promise.resolve());
    render(CommandLine, { props: { command: "docker ps" } });
    const said = screen.getByTestId("copy-said");
    expect(said).toHaveAttribute("aria-live", "polite");
    expect(said.textContent).toBe("");
    await fireEvent.click(screen.getByRole("button", { name: "Copy “docker ps”" }));
    await vi.waitFor(() => expect(said).toHaveTextContent("Copied"));
    setLocale("es");
    await vi.waitFor(() => expect(said).toHaveTextContent("Copiado"));
  });

  it("says so when the clipboard refuses", async () => {
    useClipboard(() => Promise.reject(new Error("denied")));
    render(CommandLine, { props: { command: "docker ps" } });
    await fireEvent.click(screen.getByRole("button", { name: "Copy “docker ps”" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not copy to the clipboard: select the command and copy it by hand.",
    );
    expect(screen.getByRole("button", { name: /Copy/ })).toHaveTextContent("Copy");
  });

  it("says so when the web view has no clipboard at all", async () => {
    render(CommandLine, { props: { command: "docker ps" } });
    await fireEvent.click(screen.getByRole("button", { name: "Copy “docker ps”" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not copy to the clipboard");
  });

  it("shows a note under the command when given one, and copies the command alone", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    useClipboard(writeText);
    const note = "Imagen only: in-use=true.";
    render(CommandLine, { props: { command: "docker images", note, compact: true } });
    expect(screen.getByText(note)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Copy “docker images”" }));
    expect(writeText).toHaveBeenCalledWith("docker images");
  });

  it("has no note line without a note", () => {
    const { container } = render(CommandLine, { props: { command: "docker images", note: null } });
    expect(container.querySelector(".note")).toBeNull();
  });

  it("says it in Spanish, with the command as docker spells it", async () => {
    setLocale("es");
    render(CommandLine, { props: { command: "docker ps" } });
    expect(screen.getByText("docker ps")).toBeInTheDocument();
    const button = screen.getByRole("button", { name: "Copiar «docker ps»" });
    expect(button).toHaveTextContent("Copiar");
    await fireEvent.click(button);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "No se pudo copiar al portapapeles: selecciona el comando y cópialo a mano.",
    );
  });
});
