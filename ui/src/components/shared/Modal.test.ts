// The shared dialog shell on its own: snippets stand in for a dialog's content and buttons.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { createRawSnippet, tick } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import Modal from "./Modal.svelte";

const snippet = (html: string) => createRawSnippet(() => ({ render: () => html }));

const BODY = `<div><p id="about">Says what the dialog is for.</p><input aria-label="Name" /></div>`;
const ACTIONS = `<div><button type="button">Cancel</button><button type="submit">Go</button></div>`;

function open(props: Partial<Record<string, unknown>> = {}, body = BODY) {
  const onclose = vi.fn();
  const user = userEvent.setup();
  const result = render(Modal, {
    props: {
      title: "Do a thing",
      onclose,
      children: snippet(body),
      actions: snippet(ACTIONS),
      ...props,
    },
  });
  const dialog = screen.getByRole("dialog", { name: "Do a thing" });
  return { ...result, dialog, onclose, user };
}

const openers: HTMLButtonElement[] = [];

/** A button outside the dialog that had the focus before it opened. */
function opener() {
  const button = document.createElement("button");
  button.textContent = "Open";
  document.body.append(button);
  button.focus();
  openers.push(button);
  return button;
}

afterEach(() => {
  for (const button of openers.splice(0)) button.remove();
});

describe("Modal: what assistive technology is told", () => {
  it("is a modal dialog named by its title, described and busy when asked", () => {
    const { dialog } = open({ describedby: "about", busy: true });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    const heading = within(dialog).getByRole("heading", { level: 2, name: "Do a thing" });
    expect(dialog).toHaveAttribute("aria-labelledby", heading.id);
    expect(dialog).toHaveAccessibleDescription("Says what the dialog is for.");
    // On the body, not the dialog: what the app says from inside the dialog is not held back.
    expect(dialog).not.toHaveAttribute("aria-busy");
    expect(
      within(dialog).getByText("Says what the dialog is for.").closest("[aria-busy]"),
    ).toHaveAttribute("aria-busy", "true");
  });

  it("leaves out aria-describedby and aria-busy when not given", () => {
    const { dialog } = open();
    expect(dialog).not.toHaveAttribute("aria-describedby");
    expect(dialog.querySelector("[aria-busy]")).toBeNull();
  });

  it("renders the actions in the footer, after the body", () => {
    const { dialog } = open();
    const buttons = within(dialog).getAllByRole("button");
    expect(buttons.map((b) => b.textContent)).toEqual(["Cancel", "Go"]);
    expect(within(dialog).getByRole("textbox", { name: "Name" })).toBeInTheDocument();
  });
});

describe("Modal: closing", () => {
  it("closes with Escape when closable", async () => {
    const { onclose, user } = open();
    await user.keyboard("{Escape}");
    expect(onclose).toHaveBeenCalledOnce();
  });

  it("ignores Escape while not closable, and closes again once it is", async () => {
    const { onclose, user, rerender } = open({ closable: false });
    await user.keyboard("{Escape}");
    expect(onclose).not.toHaveBeenCalled();
    await rerender({ closable: true });
    await user.keyboard("{Escape}");
    expect(onclose).toHaveBeenCalledOnce();
  });

  it("closes on a click on the backdrop, not on one inside the dialog", async () => {
    const { dialog, onclose, user } = open();
    await user.click(within(dialog).getByRole("textbox", { name: "Name" }));
    await user.click(dialog);
    expect(onclose).not.toHaveBeenCalled();
    await user.click(dialog.parentElement!);
    expect(onclose).toHaveBeenCalledOnce();
  });

  it("stays open when a press inside it is let go over the backdrop (selecting a name)", async () => {
    const { dialog, onclose } = open();
    const input = within(dialog).getByRole("textbox", { name: "Name" });
    const backdrop = dialog.parentElement!;
    // The browser sends the click to what the press and the release share: the backdrop.
    await fireEvent.pointerDown(input);
    await fireEvent.pointerUp(backdrop);
    await fireEvent.click(backdrop);
    expect(onclose).not.toHaveBeenCalled();
    // A press and release both on the backdrop still close it.
    await fireEvent.pointerDown(backdrop);
    await fireEvent.pointerUp(backdrop);
    await fireEvent.click(backdrop);
    expect(onclose).toHaveBeenCalledOnce();
  });

  it("ignores a click on the backdrop while not closable", async () => {
    const { dialog, onclose, user } = open({ closable: false });
    await user.click(dialog.parentElement!);
    expect(onclose).not.toHaveBeenCalled();
  });
});

describe("Modal: focus", () => {
  it("moves focus to the dialog when nothing asks for it", () => {
    opener();
    const { dialog } = open();
    expect(dialog).toHaveFocus();
  });

  it("moves focus to the first element marked autofocus", () => {
    opener();
    const { dialog } = open(
      {},
      `<div><input aria-label="First" /><input aria-label="Wanted" autofocus /><input aria-label="Other" autofocus /></div>`,
    );
    expect(within(dialog).getByRole("textbox", { name: "Wanted" })).toHaveFocus();
  });

  it("gives the focus back to what had it when the dialog closes", () => {
    const button = opener();
    const { dialog, unmount } = open();
    expect(dialog).toHaveFocus();
    unmount();
    expect(button).toHaveFocus();
  });

  it("keeps Tab inside the dialog, both ways", async () => {
    opener();
    const { dialog, user } = open();
    const name = within(dialog).getByRole("textbox", { name: "Name" });
    const go = within(dialog).getByRole("button", { name: "Go" });
    await user.tab();
    expect(name).toHaveFocus();
    await user.tab();
    await user.tab();
    expect(go).toHaveFocus();
    await user.tab();
    expect(name).toHaveFocus();
    await user.tab({ shift: true });
    expect(go).toHaveFocus();
  });

  it("Shift+Tab from the dialog itself goes to the last control", async () => {
    opener();
    const { dialog, user } = open();
    expect(dialog).toHaveFocus();
    await user.tab({ shift: true });
    expect(within(dialog).getByRole("button", { name: "Go" })).toHaveFocus();
  });

  it("brings a lost focus back in on Tab", async () => {
    opener();
    const { dialog, user } = open();
    (document.activeElement as HTMLElement).blur();
    expect(document.body).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole("textbox", { name: "Name" })).toHaveFocus();
  });

  it("skips disabled controls and treats a radio group as one stop", async () => {
    opener();
    const { dialog, user } = open(
      {},
      `<fieldset><input type="radio" name="mode" aria-label="A" /><input type="radio" name="mode" aria-label="B" checked /><button type="button" disabled>Off</button></fieldset>`,
    );
    const b = within(dialog).getByRole("radio", { name: "B" });
    await user.tab();
    expect(b).toHaveFocus();
    await user.tab({ shift: true });
    expect(within(dialog).getByRole("button", { name: "Go" })).toHaveFocus();
    await user.tab();
    expect(b).toHaveFocus();
  });

  it("wraps from the last enabled control when the last button is disabled", async () => {
    opener();
    const { dialog, user } = open({
      actions: snippet(
        `<div><button type="button">Cancel</button><button type="submit" disabled>Go</button></div>`,
      ),
    });
    within(dialog).getByRole("button", { name: "Cancel" }).focus();
    await user.tab();
    expect(within(dialog).getByRole("textbox", { name: "Name" })).toHaveFocus();
  });
});

describe("Modal: a focus dropped by a control that went away", () => {
  const PRIMARY = `<div><button type="button">Cancel</button><button type="button" class="button primary">Go</button></div>`;
  /** A task later: the dialog mends the focus after the dialog's own moves (after a tick). */
  const settle = () => new Promise((r) => setTimeout(r, 10));

  it("comes back to the dialog's primary button, without a Tab", async () => {
    opener();
    const { dialog } = open(
      { actions: snippet(PRIMARY) },
      `<div><button type="button">Try again</button></div>`,
    );
    const again = within(dialog).getByRole("button", { name: "Try again" });
    again.focus();
    again.remove();
    await waitFor(() => expect(within(dialog).getByRole("button", { name: "Go" })).toHaveFocus());
  });

  it("comes back to the dialog itself when it has no primary button to take it", async () => {
    opener();
    const { dialog } = open();
    const name = within(dialog).getByRole("textbox", { name: "Name" });
    name.focus();
    name.remove();
    await waitFor(() => expect(dialog).toHaveFocus());
  });

  it("leaves alone a focus outside the dialog, and one on the dialog itself", async () => {
    const button = opener();
    const { dialog } = open({ actions: snippet(PRIMARY) });
    // Somewhere else (a menu, another window's last focus): not taken back.
    button.focus();
    within(dialog).getByRole("textbox", { name: "Name" }).remove();
    await settle();
    expect(button).toHaveFocus();
    // Held by the dialog while its buttons change: not moved to Go.
    dialog.focus();
    within(dialog).getByRole("button", { name: "Cancel" }).remove();
    await settle();
    expect(dialog).toHaveFocus();
  });

  it("lets a dialog that moves the focus itself after a tick have its way", async () => {
    opener();
    const { dialog } = open(
      { actions: snippet(PRIMARY) },
      `<div><button type="button">Try again</button><p tabindex="-1">What changed</p></div>`,
    );
    const again = within(dialog).getByRole("button", { name: "Try again" });
    const notice = within(dialog).getByText("What changed");
    again.focus();
    again.remove();
    await tick();
    notice.focus();
    await settle();
    expect(notice).toHaveFocus();
  });
});

describe("Modal: as a form", () => {
  it("submits from a submit button in the actions", async () => {
    const onsubmit = vi.fn((event: SubmitEvent) => event.preventDefault());
    const { dialog, user } = open({ onsubmit });
    await user.click(within(dialog).getByRole("button", { name: "Go" }));
    expect(onsubmit).toHaveBeenCalledOnce();
  });
});
