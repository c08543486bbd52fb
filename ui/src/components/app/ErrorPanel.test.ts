import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import ErrorPanel from "./ErrorPanel.svelte";

describe("ErrorPanel", () => {
  it("names the error with the engine's message and retries", async () => {
    const onretry = vi.fn();
    render(ErrorPanel, {
      props: {
        error: { kind: "EngineRejected", status: 500, message: "server error" },
        busy: false,
        onretry,
      },
    });
    expect(screen.getByRole("alert")).toHaveTextContent(
      "The Docker engine refused the request (500)",
    );
    expect(screen.getByText("server error")).toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(onretry).toHaveBeenCalledOnce();
  });

  it("cannot retry while busy", () => {
    render(ErrorPanel, {
      props: { error: { kind: "Internal", message: "boom" }, busy: true, onretry: vi.fn() },
    });
    expect(screen.getByRole("heading")).toHaveTextContent("Imagen hit an internal error");
    expect(screen.getByRole("button", { name: "Retry" })).toBeDisabled();
  });
});
