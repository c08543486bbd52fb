import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import App from "./App.svelte";
import { FakeApi, fakeImage } from "../lib/ipc/fake";

function deferred() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe("App states", () => {
  it("shows a loading state until the engine answers", async () => {
    const api = new FakeApi([fakeImage()]);
    const gate = deferred();
    api.gate = gate.promise;
    render(App, { props: { api } });
    expect(screen.getByRole("status", { name: "Loading images" })).toBeInTheDocument();
    gate.open();
    expect(await screen.findByRole("list", { name: "Images" })).toBeInTheDocument();
    expect(screen.queryByRole("status", { name: "Loading images" })).not.toBeInTheDocument();
  });

  it("lists images as cards with a header count and total size", async () => {
    const api = new FakeApi([
      fakeImage({ tags: ["nginx:alpine"], size: 48_300_000, sizeText: "48.3MB" }),
      fakeImage({ tags: ["busybox:latest", "busybox:1.36"] }),
      fakeImage({ tags: [] }),
    ]);
    render(App, { props: { api } });
    const grid = await screen.findByRole("list", { name: "Images" });
    const names = within(grid)
      .getAllByRole("listitem")
      .map((c) => c.getAttribute("aria-label"));
    expect(names).toEqual(["nginx:alpine", "busybox:latest", expect.stringMatching(/^<none>@/)]);
    expect(screen.getByRole("banner")).toHaveTextContent("3 images");
    expect(screen.getByRole("banner")).toHaveTextContent("Engine 27.5.1 · API 1.47");
  });

  it("explains an empty engine and what to do next", async () => {
    render(App, { props: { api: new FakeApi([]) } });
    expect(await screen.findByRole("heading", { name: "No images yet" })).toBeInTheDocument();
    expect(screen.getByText(/docker pull hello-world/)).toBeInTheDocument();
    expect(screen.getByRole("banner")).toHaveTextContent("0 images");
  });

  it("shows the unreachable state naming the address, with a hint and Retry", async () => {
    const api = new FakeApi([fakeImage({ tags: ["alpine:3.20"] })]);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused (os error 111)",
    };
    render(App, { props: { api } });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Docker is not running");
    expect(alert).toHaveTextContent("unix:///var/run/docker.sock");
    expect(alert).toHaveTextContent("sudo systemctl start docker"); // jsdom reports Linux

    api.failWith = null;
    await userEvent.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("listitem", { name: "alpine:3.20" })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("says when the engine is too slow", async () => {
    const api = new FakeApi();
    api.failWith = { kind: "EngineTimeout", address: "tcp://10.0.0.5:2375", seconds: 10 };
    render(App, { props: { api } });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Docker is not answering");
    expect(alert).toHaveTextContent("10 seconds");
  });

  it("shows other errors with the engine's message", async () => {
    const api = new FakeApi();
    api.failWith = { kind: "EngineRejected", status: 500, message: "layer store is corrupt" };
    render(App, { props: { api } });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("refused the request (500)");
    expect(alert).toHaveTextContent("layer store is corrupt");
    expect(within(alert).getByRole("button", { name: "Retry" })).toBeEnabled();
  });

  it("switches to the unreachable state when the engine vanishes, and back", async () => {
    const api = new FakeApi([fakeImage({ tags: ["redis:7"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "redis:7" });
    api.failWith = { kind: "EngineUnreachable", address: "unix:///x.sock", reason: "gone" };
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("unix:///x.sock");
    api.failWith = null;
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("listitem", { name: "redis:7" })).toBeInTheDocument();
  });

  it("refreshes with the Refresh button and when the window regains focus", async () => {
    const api = new FakeApi([fakeImage({ tags: ["a:1"] })]);
    render(App, { props: { api } });
    await screen.findByRole("listitem", { name: "a:1" });

    api.images = [...api.images, fakeImage({ tags: ["b:2"] })];
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    expect(await screen.findByRole("listitem", { name: "b:2" })).toBeInTheDocument();

    api.images = [...api.images, fakeImage({ tags: ["c:3"] })];
    window.dispatchEvent(new Event("focus"));
    expect(await screen.findByRole("listitem", { name: "c:3" })).toBeInTheDocument();
  });

  it("never leaves a promise-rejection as raw text: non-Imagen errors become Internal", async () => {
    const api = new FakeApi();
    api.listImages = () => Promise.reject(new TypeError("invoke is not a function"));
    render(App, { props: { api } });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("internal error");
    expect(alert).toHaveTextContent("invoke is not a function");
  });
});
