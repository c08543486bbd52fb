import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import EngineProblem from "./EngineProblem.svelte";
import { engineHelp } from "../../lib/app/engine-help";
import type { ImagenError } from "../../lib/ipc/api";

const refused: ImagenError = {
  kind: "EngineUnreachable",
  address: "unix:///var/run/docker.sock",
  reason: "Connection refused",
  cause: "Refused",
};

describe("EngineProblem", () => {
  it("says what failed, where, and how to start an engine on this OS", async () => {
    const onretry = vi.fn();
    render(EngineProblem, { props: { error: refused, os: "linux", busy: false, onretry } });
    const help = engineHelp(refused, "linux");
    expect(screen.getByRole("heading", { name: help.title })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("unix:///var/run/docker.sock");
    expect(screen.getByText("sudo systemctl start docker")).toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(onretry).toHaveBeenCalledOnce();
  });

  it("shows that it is connecting while busy", () => {
    render(EngineProblem, { props: { error: refused, os: "macos", busy: true, onretry: vi.fn() } });
    expect(screen.getByRole("button", { name: "Connecting…" })).toBeDisabled();
  });
});
