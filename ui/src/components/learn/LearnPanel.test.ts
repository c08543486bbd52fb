import { shortId } from "../../lib/images/names";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import LearnPanelHost from "./LearnPanelHost.svelte";
import App from "../app/App.svelte";
import { setLocale } from "../../lib/i18n/locale.svelte";
import { FakeApi, fakeContainerId, fakeImage, fakePlanContainer } from "../../lib/ipc/fake";
import type { HistoryEntry, ImageSummary } from "../../lib/ipc/api";

afterEach(() => setLocale("en"));

function step(createdBy: string, size: number, sizeText: string): HistoryEntry {
  return {
    id: "<missing>",
    created: null,
    createdText: "",
    createdBy,
    size,
    sizeText,
    comment: "",
  };
}

const HISTORY = [
  step('/bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon off;"]', 0, "0B"),
  step("/bin/sh -c apk add --no-cache nginx", 5_600_000, "5.6MB"),
  step("COPY nginx.conf /etc/nginx/ # buildkit", 2_000, "2kB"),
  step("/bin/sh -c #(nop) ADD file:4a8f in / ", 7_800_000, "7.8MB"),
];

/** The engine's inspect answers give `count` layers in RootFS (the fake gives 2). */
function rootfsLayers(api: FakeApi, count: number) {
  const inspect = api.inspectImage.bind(api);
  api.inspectImage = async (id, again) => {
    const answer = await inspect(id, again);
    return { ...answer, details: { ...answer.details, layers: count } };
  };
}

/** An nginx image used by two containers, pulled (so it has a digest), with a history. */
function setup(partial: Partial<ImageSummary> = {}, { containers = true } = {}) {
  const nginx = fakeImage({
    tags: ["nginx:latest", "nginx:1.27"],
    digests: ["nginx@sha256:" + "d1".repeat(32)],
    ...partial,
  });
  const api = new FakeApi([nginx]);
  api.histories.set(nginx.id, HISTORY);
  rootfsLayers(api, 3);
  if (containers) {
    api.addContainer("web", "running", nginx.id);
    api.addContainer("old-web", "exited", nginx.id);
  }
  const image = api.images[0]!;
  const onShowInspector = vi.fn();
  const onPlanRemoval = vi.fn();
  const onClose = vi.fn();
  const view = render(LearnPanelHost, {
    props: { api, image, onShowInspector, onPlanRemoval, onClose },
  });
  return { api, image, onShowInspector, onPlanRemoval, onClose, view };
}

function idea(panel: HTMLElement, name: RegExp | string) {
  return within(panel).getByRole("region", { name });
}

describe("LearnPanel", () => {
  it("shows the image as the template and its containers as instances", async () => {
    const { image } = setup();
    const panel = screen.getByRole("complementary", { name: "Learn: nginx:latest" });
    const template = idea(panel, /Image = template/);
    expect(template).toHaveTextContent("This image, nginx:latest, is the template");
    expect(template).toHaveTextContent("It has 2 containers, instances created from it:");
    const list = await within(template).findByRole("list");
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((li) => li.textContent?.replace(/\s+/g, " ").trim()),
    ).toEqual(["web running", "old-web stopped"]);
    expect(within(template).getByText("docker run nginx:latest", { exact: false })).toBeVisible();
    expect(image.containers).toEqual({ running: 1, stopped: 1 });
  });

  it("says when no container uses it, and what docker run would do", () => {
    setup({ tags: ["redis:7"] }, { containers: false });
    const panel = screen.getByRole("complementary", { name: "Learn: redis:7" });
    const template = idea(panel, /Image = template/);
    expect(template).toHaveTextContent("No container uses this image right now");
    expect(template).toHaveTextContent("This command would create one from it");
    expect(template).toHaveTextContent("docker run redis:7");
    expect(idea(panel, /Containers go before/)).toHaveTextContent(
      "No container uses this image, so no container stands in the way",
    );
    expect(idea(panel, /Containers go before/)).toHaveTextContent("docker rmi redis:7");
  });

  it("names every tag in the command that deletes an image with several", () => {
    setup({ tags: ["redis:7", "redis:latest"] }, { containers: false });
    const panel = screen.getByRole("complementary", { name: "Learn: redis:7" });
    // `docker rmi redis:7` alone would only untag it.
    expect(idea(panel, /Containers go before/)).toHaveTextContent(
      "docker rmi redis:7 redis:latest",
    );
  });

  it("quotes a tag the shell would read as a pattern in the delete command", () => {
    setup({ tags: ["[::1]:5000/app:1"] }, { containers: false });
    const panel = screen.getByRole("complementary", { name: "Learn: [::1]:5000/app:1" });
    // Bare, zsh says "no matches found" and bash may expand it.
    expect(idea(panel, /Containers go before/)).toHaveTextContent('docker rmi "[::1]:5000/app:1"');
    expect(idea(panel, /Image = template/)).toHaveTextContent('docker run "[::1]:5000/app:1"');
  });

  it("expands a short name through the parser, and words its errors", async () => {
    setup();
    const reference = idea(screen.getByRole("complementary"), /Short names/);
    const field = within(reference).getByLabelText("Image name");
    // Prefilled with the image's first tag in short form.
    expect(field).toHaveValue("nginx");
    await within(reference).findByText("docker.io/library/nginx:latest");
    const parts = reference.querySelector("dl")!;
    expect(parts).toHaveAccessibleName("Parts of the reference");
    expect(parts).toHaveTextContent(/Registry\s*docker\.io\s*added by docker/);
    expect(parts).toHaveTextContent(/Repository\s*library\/nginx\s*added by docker/);
    expect(parts).toHaveTextContent(/Tag\s*latest\s*added by docker/);
    expect(reference).toHaveTextContent("No tag was typed, so docker uses latest");

    await userEvent.clear(field);
    await userEvent.type(field, "team/app:1.0");
    await within(reference).findByText("docker.io/team/app:1.0");
    expect(field).toHaveAccessibleDescription(/team\/app:1\.0\s*expands to\s*docker\.io/);
    expect(reference.querySelector("dl")).toHaveTextContent(/Repository\s*team\/app\s*typed/);

    await userEvent.clear(field);
    await userEvent.type(field, "Nginx");
    await waitFor(() => expect(field).toHaveAttribute("aria-invalid", "true"));
    expect(field).toHaveAccessibleDescription("The repository name must be lowercase: “Nginx”.");
  });

  it("shows the ID with the 12 characters docker images shows, and the digest", async () => {
    const { image } = setup();
    const ids = idea(screen.getByRole("complementary"), /two SHA-256 hashes/);
    const mark = ids.querySelector("mark")!;
    expect(mark).toHaveTextContent(shortId(image.id));
    expect(mark.textContent).toBe(image.id.slice(7, 19));
    expect(mark).toHaveAttribute("title", "The 12 characters docker images shows");
    expect(ids).toHaveTextContent(image.id);
    expect(ids).toHaveTextContent("SHA-256 hash of the image's configuration");
    expect(await within(ids).findByText("sha256:" + "d1".repeat(32))).toBeVisible();
    expect(ids).toHaveTextContent("SHA-256 hash of the manifest in the registry");
  });

  it("says the ID is the manifest's hash on the containerd image store", async () => {
    const manifest = "sha256:" + "c0".repeat(32);
    setup({ id: manifest, digests: [`nginx@${manifest}`] });
    const ids = idea(screen.getByRole("complementary"), /two SHA-256 hashes/);
    await within(ids).findByText(manifest);
    expect(ids).toHaveTextContent("the ID is the SHA-256 hash of the image's manifest");
    expect(ids).not.toHaveTextContent("SHA-256 hash of the image's configuration");
  });

  it("shows each digest once when the engine lists one twice", async () => {
    // The containerd image store of Engine 27.3 and before repeats RepoDigests
    // (moby/moby#48747): a list keyed by the digest threw, and the panel never rendered.
    const digest = "nginx@sha256:" + "d1".repeat(32);
    const other = "mirror.example/nginx@sha256:" + "d1".repeat(32);
    setup({ digests: [digest, digest, other] });
    const ids = idea(screen.getByRole("complementary"), /two SHA-256 hashes/);
    const list = await within(ids).findByRole("list");
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((li) => li.textContent?.trim()),
    ).toEqual([digest, other]);
  });

  it("says an image built or loaded here has no digest", async () => {
    setup({ tags: ["myapp:dev"], digests: [] }, { containers: false });
    const ids = idea(screen.getByRole("complementary"), /two SHA-256 hashes/);
    expect(
      await within(ids).findByText(
        "None recorded here: the image was built here, or loaded from a file (docker load keeps no registry digest).",
      ),
    ).toBeVisible();
  });

  it("counts the layers and steps and names the instructions of the biggest", async () => {
    setup();
    const layers = idea(screen.getByRole("complementary"), "Layers");
    await within(layers).findByRole("table");
    expect(layers).toHaveTextContent("It is made of 3 layers (its history has 4 steps).");
    expect(layers).toHaveTextContent("In total: 13.4MB.");
    expect(layers).toHaveTextContent(
      "1 step adds 0B: a step like that usually only changes settings (the command, the environment, labels), but some still make a layer, such as WORKDIR or a RUN that only deletes files.",
    );
    const rows = within(layers).getAllByRole("row").slice(1);
    const cells = rows.map((r) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent));
    expect(cells).toEqual([
      ["7.8MB", "ADD file:4a8f in /"],
      ["5.6MB", "RUN apk add --no-cache nginx"],
      ["2kB", "COPY nginx.conf /etc/nginx/"],
    ]);
    // The engine's whole text on hover.
    expect(within(layers).getByText("ADD file:4a8f in /")).toHaveAttribute(
      "title",
      "/bin/sh -c #(nop) ADD file:4a8f in / ",
    );
  });

  it("counts the layers the Summary counts, a 0B WORKDIR one among them", async () => {
    const user = userEvent.setup();
    const app = fakeImage({ tags: ["app:1"] });
    const api = new FakeApi([app]);
    // BuildKit: WORKDIR makes a layer, printed as 0B; the fake's RootFS has 2 layers.
    api.histories.set(app.id, [
      step('CMD ["node" "server.js"]', 0, "0B"),
      step("WORKDIR /app", 0, "0B"),
      step("/bin/sh -c #(nop) ADD file:4a8f in / ", 7_800_000, "7.8MB"),
    ]);
    render(App, { props: { api } });
    await user.click(await screen.findByRole("button", { name: "Inspect app:1" }));
    const inspector = await screen.findByRole("complementary", { name: "Inspector: app:1" });
    const summary = (await within(inspector).findByText("Layers")).nextElementSibling;
    expect(summary).toHaveTextContent(/^2$/);
    await user.click(within(inspector).getByRole("button", { name: "Learn" }));
    const layers = idea(screen.getByRole("complementary", { name: "Learn: app:1" }), "Layers");
    await within(layers).findByRole("table");
    expect(layers).toHaveTextContent("It is made of 2 layers (its history has 3 steps).");
    expect(layers).toHaveTextContent("2 steps add 0B: most only change settings");
    expect(within(layers).getAllByRole("row")).toHaveLength(2);
  });

  it("names no biggest layer when every one is of 0B", async () => {
    const image = fakeImage({ tags: ["empty:1"] });
    const api = new FakeApi([image]);
    api.histories.set(image.id, [step("WORKDIR /app", 0, "0B")]);
    rootfsLayers(api, 1);
    render(LearnPanelHost, {
      props: { api, image, onShowInspector: vi.fn(), onPlanRemoval: vi.fn(), onClose: vi.fn() },
    });
    const layers = idea(screen.getByRole("complementary"), "Layers");
    await waitFor(() =>
      expect(layers).toHaveTextContent("It is made of 1 layer (its history has 1 step)."),
    );
    expect(within(layers).queryByRole("table")).not.toBeInTheDocument();
    expect(layers).not.toHaveTextContent("biggest");
  });

  it("says why the layers cannot be counted when only docker inspect failed", async () => {
    const image = fakeImage({ tags: ["web:1"] });
    const api = new FakeApi([image]);
    api.inspectImage = () => Promise.reject({ kind: "Internal", message: "boom" });
    render(LearnPanelHost, {
      props: { api, image, onShowInspector: vi.fn(), onPlanRemoval: vi.fn(), onClose: vi.fn() },
    });
    const layers = idea(screen.getByRole("complementary"), "Layers");
    await waitFor(() => expect(layers).toHaveTextContent(/boom/));
    expect(within(layers).getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });

  it("names the containers to stop and remove first, with the commands, and opens the plan", async () => {
    const { onPlanRemoval } = setup();
    const removal = idea(screen.getByRole("complementary"), /Containers go before/);
    // What docker does: without -f only an extra name goes; -f deletes past stopped
    // containers, and past a running one takes at most the name.
    expect(removal).toHaveTextContent("docker rmi never deletes an image its containers use");
    expect(removal).toHaveTextContent("it refuses to remove the last one");
    expect(removal).toHaveTextContent(
      "If one is running, it removes at most the name: the image stays, with no name (<none>).",
    );
    await waitFor(() =>
      expect(removal).toHaveTextContent(
        "Here, that means removing 2 containers first: web and old-web.",
      ),
    );
    const commands = within(removal)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(commands).toEqual([
      `docker stop ${fakeContainerId("web")}`,
      `docker rm ${fakeContainerId("web")}`,
      `docker rm ${fakeContainerId("old-web")}`,
      "docker rmi nginx:latest",
      "docker rmi nginx:1.27",
    ]);
    await userEvent.click(within(removal).getByRole("button", { name: "Show the removal plan" }));
    expect(onPlanRemoval).toHaveBeenCalledTimes(1);
  });

  it("reads the commands again when a terminal tags the image or replaces its container", async () => {
    const web = fakeImage({ tags: ["web:1"] });
    const api = new FakeApi([web]);
    api.addContainer("c1", "running", web.id);
    const view = render(LearnPanelHost, {
      props: {
        api,
        image: api.images[0]!,
        onShowInspector: vi.fn(),
        onPlanRemoval: vi.fn(),
        onClose: vi.fn(),
      },
    });
    const removal = idea(screen.getByRole("complementary"), /Containers go before/);
    const commands = () =>
      within(removal)
        .queryAllByRole("listitem")
        .map((li) => li.textContent);
    await waitFor(() =>
      expect(commands()).toEqual([
        `docker stop ${fakeContainerId("c1")}`,
        `docker rm ${fakeContainerId("c1")}`,
        "docker rmi web:1",
      ]),
    );

    // `docker tag web:1 web:2`: the engine says it changed, and the list shows the new tag.
    api.tag(web.id, "web:2");
    await view.rerender({ image: api.images[0]!, engineChanges: 1 });
    await waitFor(() =>
      expect(commands()).toEqual([
        `docker stop ${fakeContainerId("c1")}`,
        `docker rm ${fakeContainerId("c1")}`,
        "docker rmi web:1",
        "docker rmi web:2",
      ]),
    );

    // `docker rm -f c1 && docker run -d --name c2 web:1`: the counts stay as they were.
    api.containers = api.containers.map((c) =>
      c.name === "c1" ? fakePlanContainer("c2", "running", web.id) : c,
    );
    await view.rerender({ engineChanges: 2 });
    await waitFor(() => expect(commands()[0]).toBe(`docker stop ${fakeContainerId("c2")}`));
    expect(removal).toHaveTextContent("Here, that means removing 1 container first: c2.");
  });

  it("links each idea to where the app shows it, and closes", async () => {
    const { onShowInspector, onClose } = setup();
    const panel = screen.getByRole("complementary");
    await userEvent.click(
      within(panel).getByRole("button", { name: "See the image in the inspector" }),
    );
    await userEvent.click(within(panel).getByRole("button", { name: "See this image's tags" }));
    await userEvent.click(
      within(panel).getByRole("button", { name: "See both in the image's JSON" }),
    );
    await userEvent.click(within(panel).getByRole("button", { name: "See every step in History" }));
    expect(onShowInspector.mock.calls).toEqual([["summary"], ["summary"], ["json"], ["history"]]);
    await userEvent.click(within(panel).getByRole("button", { name: "Close the Learn panel" }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("shows loading, then the engine's error calmly", async () => {
    const image = fakeImage({ tags: ["gone:1"] });
    const api = new FakeApi([image]);
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    render(LearnPanelHost, {
      props: { api, image, onShowInspector: vi.fn(), onPlanRemoval: vi.fn(), onClose: vi.fn() },
    });
    const panel = screen.getByRole("complementary");
    expect(within(panel).getByText("Reading docker inspect…")).toBeVisible();
    expect(within(panel).getByText("Reading docker history…")).toBeVisible();
    api.images = [];
    open();
    const ids = idea(panel, /two SHA-256 hashes/);
    await waitFor(() => expect(ids).toHaveTextContent(/no longer on this engine/));
    expect(idea(panel, "Layers")).toHaveTextContent(/no longer on this engine/);
    expect(within(panel).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("names no other engine's containers as this image's, and says where Imagen is now", async () => {
    const image = fakeImage({ tags: ["nginx:alpine"] });
    const api = new FakeApi([image]);
    const listedOn = api.engine.address;
    const colima = "unix:///Users/ana/.colima/default/docker.sock";
    // In Automatic, Imagen reconnected to Colima before the window heard of it; there, a
    // container uses the same image (same ID).
    api.engine = { ...api.engine, address: colima };
    api.addContainer("colima-web", "running", image.id);
    const onswitched = vi.fn();
    const props = {
      api,
      image: api.images[0]!,
      listedOn,
      onswitched,
      onShowInspector: vi.fn(),
      onPlanRemoval: vi.fn(),
      onClose: vi.fn(),
    };
    const view = render(LearnPanelHost, { props });
    const template = idea(screen.getByRole("complementary"), /Image = template/);
    await waitFor(() =>
      expect(template).toHaveTextContent(
        `Their names could not be read. Imagen is now on another engine (${colima}) than the one this was asked on, so nothing was done. Try again to do it on ${colima}.`,
      ),
    );
    expect(template).not.toHaveTextContent("colima-web");
    expect(onswitched).toHaveBeenCalledOnce();
    // The window lists Colima now: its containers are named.
    await view.rerender({ ...props, listedOn: colima });
    await waitFor(() => expect(template).toHaveTextContent("colima-web"));
    expect(template).not.toHaveTextContent("could not be read");
  });

  it("offers Try again on what failed, and reads it again when clicked", async () => {
    const image = fakeImage({ tags: ["web:1"] });
    const api = new FakeApi([image]);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused",
      cause: "Refused",
    };
    render(LearnPanelHost, {
      props: { api, image, onShowInspector: vi.fn(), onPlanRemoval: vi.fn(), onClose: vi.fn() },
    });
    const panel = screen.getByRole("complementary");
    const layers = idea(panel, "Layers");
    await waitFor(() => expect(layers).toHaveTextContent(/Docker engine/));
    api.failWith = null;
    await userEvent.click(within(layers).getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(layers).not.toHaveTextContent(/Docker engine/));
    expect(within(panel).queryByRole("button", { name: "Try again" })).not.toBeInTheDocument();
  });

  it("keeps Try again, busy and focused, while it asks; the heading takes the focus after", async () => {
    const image = fakeImage({ tags: ["web:1"] });
    const api = new FakeApi([image]);
    api.histories.set(image.id, HISTORY);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused",
      cause: "Refused",
    };
    render(LearnPanelHost, {
      props: { api, image, onShowInspector: vi.fn(), onPlanRemoval: vi.fn(), onClose: vi.fn() },
    });
    const panel = screen.getByRole("complementary");
    const layers = idea(panel, "Layers");
    const button = await within(layers).findByRole("button", { name: "Try again" });
    api.failWith = null;
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    button.focus();
    await userEvent.keyboard("{Enter}");
    // The failure and its button stay while the engine is asked; the button says so.
    expect(layers).toHaveTextContent(/Docker engine/);
    expect(button).toBeInTheDocument();
    expect(button).toHaveAccessibleName("Trying again…");
    expect(button).toHaveAttribute("aria-disabled", "true");
    expect(button).toHaveFocus();
    // A second press while it asks asks nothing more.
    const asked = api.historyCalls.length;
    await userEvent.keyboard("{Enter}");
    expect(api.historyCalls).toHaveLength(asked);
    api.gate = null;
    open();
    await within(layers).findByRole("table");
    expect(button).not.toBeInTheDocument();
    expect(within(panel).getByRole("heading", { name: "Learn with this image" })).toHaveFocus();
  });

  it("keeps the focus on Try again when it fails again", async () => {
    const image = fakeImage({ tags: ["web:1"] });
    const api = new FakeApi([image]);
    api.failWith = { kind: "Internal", message: "boom" };
    render(LearnPanelHost, {
      props: { api, image, onShowInspector: vi.fn(), onPlanRemoval: vi.fn(), onClose: vi.fn() },
    });
    const layers = idea(screen.getByRole("complementary"), "Layers");
    const button = await within(layers).findByRole("button", { name: "Try again" });
    const asked = api.historyCalls.length;
    await userEvent.click(button);
    await waitFor(() => expect(api.historyCalls).toHaveLength(asked + 1));
    await waitFor(() => expect(button).toHaveAttribute("aria-disabled", "false"));
    expect(button).toHaveAccessibleName("Try again");
    expect(button).toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it("has no accessibility violations axe can find without a layout", async () => {
    setup();
    const panel = screen.getByRole("complementary");
    await within(panel).findByRole("table");
    await within(panel).findByText("docker.io/library/nginx:latest");
    const results = await axe.run(panel, { rules: { "color-contrast": { enabled: false } } });
    expect(
      results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(" | ")}`),
    ).toEqual([]);
  });

  it("asks for an image when none is selected", () => {
    render(LearnPanelHost, {
      props: {
        api: new FakeApi(),
        image: null,
        onShowInspector: vi.fn(),
        onPlanRemoval: vi.fn(),
        onClose: vi.fn(),
      },
    });
    const panel = screen.getByRole("complementary", { name: "Learn" });
    expect(panel).toHaveTextContent(/Select an image to see the course's ideas/);
    expect(within(panel).queryByRole("region")).not.toBeInTheDocument();
  });

  it("follows another image", async () => {
    const { api, view } = setup();
    const redis = fakeImage({ tags: ["redis:7-alpine"] });
    api.images = [...api.images, redis];
    await view.rerender({ image: redis });
    const panel = screen.getByRole("complementary", { name: "Learn: redis:7-alpine" });
    expect(within(panel).getByLabelText("Image name")).toHaveValue("redis:7-alpine");
    expect(panel.querySelector("mark")).toHaveTextContent(shortId(redis.id));
    expect(idea(panel, /Image = template/)).toHaveTextContent("No container uses this image");
  });
});

describe("LearnPanel and the keyboard focus", () => {
  it("takes the focus from the inspector's Learn button, which goes with the inspector", async () => {
    const user = userEvent.setup();
    render(App, { props: { api: new FakeApi([fakeImage({ tags: ["nginx:alpine"] })]) } });
    await user.click(await screen.findByRole("button", { name: "Inspect nginx:alpine" }));
    const inspector = await screen.findByRole("complementary", { name: "Inspector: nginx:alpine" });
    const learn = within(inspector).getByRole("button", { name: "Learn" });
    // It opens Learn in the inspector's place: not a toggle that a second press undoes.
    expect(learn).not.toHaveAttribute("aria-pressed");
    await user.click(learn);
    // The panel takes the inspector's place: the button that had the focus is gone.
    const panel = screen.getByRole("complementary", { name: "Learn: nginx:alpine" });
    expect(within(panel).getByRole("heading", { name: "Learn with this image" })).toHaveFocus();
  });

  it("leaves the focus on the header's Learn toggle, which stays", async () => {
    const user = userEvent.setup();
    render(App, { props: { api: new FakeApi([fakeImage({ tags: ["nginx:alpine"] })]) } });
    await screen.findByRole("list", { name: "Images" });
    const toggle = within(screen.getByRole("banner")).getByRole("button", { name: "Learn" });
    await user.click(toggle);
    expect(screen.getByRole("complementary", { name: "Learn" })).toBeInTheDocument();
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    expect(toggle).toHaveAttribute("aria-controls", "learn-panel");
    expect(toggle).toHaveFocus();
  });

  it("gives the focus to the header's Learn toggle when its Close goes with it", async () => {
    const user = userEvent.setup();
    render(App, { props: { api: new FakeApi([fakeImage({ tags: ["nginx:alpine"] })]) } });
    await screen.findByRole("list", { name: "Images" });
    const toggle = within(screen.getByRole("banner")).getByRole("button", { name: "Learn" });
    await user.click(toggle);
    const panel = screen.getByRole("complementary", { name: "Learn" });
    await user.click(within(panel).getByRole("button", { name: "Close the Learn panel" }));
    expect(panel).not.toBeInTheDocument();
    await waitFor(() => expect(toggle).toHaveFocus());
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(toggle).not.toHaveAttribute("aria-controls");
  });

  it("leaves the focus to the inspector's heading when its Close brings the inspector back", async () => {
    const user = userEvent.setup();
    render(App, { props: { api: new FakeApi([fakeImage({ tags: ["nginx:alpine"] })]) } });
    await user.click(await screen.findByRole("button", { name: "Inspect nginx:alpine" }));
    const inspector = await screen.findByRole("complementary", { name: "Inspector: nginx:alpine" });
    await user.click(within(inspector).getByRole("button", { name: "Learn" }));
    const panel = screen.getByRole("complementary", { name: "Learn: nginx:alpine" });
    await user.click(within(panel).getByRole("button", { name: "Close the Learn panel" }));
    const back = screen.getByRole("complementary", { name: "Inspector: nginx:alpine" });
    await waitFor(() =>
      expect(within(back).getByRole("heading", { name: "nginx:alpine" })).toHaveFocus(),
    );
    // It stays there: the toggle does not take it afterwards.
    await new Promise((r) => setTimeout(r, 0));
    expect(within(back).getByRole("heading", { name: "nginx:alpine" })).toHaveFocus();
  });

  it("takes the focus when what had it goes with the image shown", async () => {
    const { view } = setup();
    const panel = screen.getByRole("complementary");
    within(panel).getByRole("button", { name: "See every step in History" }).focus();
    // The image is removed in a terminal: the panel asks for another, its ideas gone.
    await view.rerender({ image: null });
    expect(within(panel).getByRole("heading", { name: "Learn with this image" })).toHaveFocus();
  });

  it("does not take the focus from elsewhere when the image changes", async () => {
    const { api, view } = setup();
    const outside = document.createElement("button");
    document.body.append(outside);
    outside.focus();
    const redis = fakeImage({ tags: ["redis:7"] });
    api.images = [...api.images, redis];
    await view.rerender({ image: redis });
    expect(outside).toHaveFocus();
    outside.remove();
  });
});

describe("LearnPanel in Spanish", () => {
  it("says every idea in Spanish around docker's own words", async () => {
    setLocale("es");
    const { image, onShowInspector, onPlanRemoval } = setup();
    const panel = screen.getByRole("complementary", { name: "Aprender: nginx:latest" });
    expect(within(panel).getByRole("heading", { level: 2 })).toHaveTextContent(
      "Aprende con esta imagen",
    );

    const template = idea(panel, /Imagen = plantilla/);
    expect(template).toHaveTextContent(
      "Esta imagen, nginx:latest, es la plantilla: un molde de solo lectura. Los contenedores se crean a partir de ella, y la imagen no cambia mientras se ejecutan.",
    );
    expect(template).toHaveTextContent(
      "Tiene 2 contenedores, instancias creadas a partir de ella:",
    );
    const list = await within(template).findByRole("list");
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((li) => li.textContent?.replace(/\s+/g, " ").trim()),
    ).toEqual(["web en ejecución", "old-web detenido"]);
    expect(template).toHaveTextContent("docker run nginx:latest");

    const reference = idea(panel, /Nombres cortos/);
    const field = within(reference).getByLabelText("Nombre de la imagen");
    expect(field).toHaveValue("nginx");
    await within(reference).findByText("docker.io/library/nginx:latest");
    expect(field).toHaveAccessibleDescription(/nginx\s*se completa como\s*docker\.io/);
    expect(reference).toHaveTextContent(/Registro\s*docker\.io\s*lo añade docker/);
    expect(reference).toHaveTextContent(/Etiqueta \(tag\)\s*latest\s*lo añade docker/);
    expect(reference).toHaveTextContent(
      "No se escribió ninguna etiqueta, así que docker usa latest",
    );
    await userEvent.clear(field);
    await userEvent.type(field, "Nginx");
    await waitFor(() => expect(field).toHaveAttribute("aria-invalid", "true"));
    expect(field).toHaveAccessibleDescription(/minúscul/);

    const ids = idea(panel, /dos hashes SHA-256/);
    expect(ids.querySelector("mark")).toHaveTextContent(shortId(image.id));
    expect(ids.querySelector("mark")).toHaveAttribute(
      "title",
      "Los 12 caracteres que muestra docker images",
    );
    expect(ids).toHaveTextContent("El hash SHA-256 de la configuración de la imagen");
    expect(await within(ids).findByText("sha256:" + "d1".repeat(32))).toBeVisible();
    expect(ids).toHaveTextContent("El hash SHA-256 del manifiesto en el registro");

    const layers = idea(panel, "Capas");
    await within(layers).findByRole("table");
    expect(layers).toHaveTextContent("Está formada por 3 capas (su historial tiene 4 pasos).");
    expect(layers).toHaveTextContent(
      "1 paso añade 0B: un paso así suele cambiar solo la configuración (el comando, el entorno, los labels), aunque algunos sí crean una capa, como WORKDIR o un RUN que solo elimina archivos.",
    );
    expect(layers).toHaveTextContent("En total: 13.4MB.");
    expect(layers).toHaveTextContent("RUN apk add --no-cache nginx");

    const removal = idea(panel, /Los contenedores, antes que su imagen/);
    await waitFor(() =>
      expect(removal).toHaveTextContent(
        "Aquí, eso significa eliminar primero 2 contenedores: web y old-web.",
      ),
    );
    expect(removal).toHaveTextContent(
      "Si alguno está en ejecución, como mucho quita el nombre: la imagen se queda, sin nombre (<none>).",
    );
    expect(removal).toHaveTextContent(`docker stop ${fakeContainerId("web")}`);
    await userEvent.click(
      within(removal).getByRole("button", { name: "Ver el plan de eliminación" }),
    );
    expect(onPlanRemoval).toHaveBeenCalledTimes(1);
    await userEvent.click(
      within(panel).getByRole("button", { name: "Ver todos los pasos en la pestaña Historial" }),
    );
    expect(onShowInspector).toHaveBeenCalledWith("history");
    expect(
      within(panel).getByRole("button", { name: "Cerrar el panel Aprender" }),
    ).toHaveTextContent("Cerrar");
  });

  it("says in Spanish when there is no digest, no container, or no image", async () => {
    setLocale("es");
    const { view } = setup({ tags: ["miapp:dev"], digests: [] }, { containers: false });
    const panel = screen.getByRole("complementary");
    expect(
      await within(panel).findByText(
        "No consta ninguno aquí: la imagen se construyó aquí, o se cargó desde un archivo (docker load no guarda el digest del registro).",
      ),
    ).toBeVisible();
    expect(idea(panel, /Imagen = plantilla/)).toHaveTextContent(
      "Ahora mismo ningún contenedor usa esta imagen",
    );
    await view.rerender({ image: null });
    expect(screen.getByRole("complementary", { name: "Aprender" })).toHaveTextContent(
      /Selecciona una imagen/,
    );
  });

  it("switches language in place", async () => {
    setup();
    const panel = screen.getByRole("complementary");
    await within(panel).findByText("docker.io/library/nginx:latest");
    setLocale("es");
    expect(await within(panel).findByText("Aprende con esta imagen")).toBeVisible();
    expect(within(panel).getByLabelText("Nombre de la imagen")).toHaveValue("nginx");
  });
});

describe("LearnPanel, the engine away", () => {
  it("says what it shows is the engine's last answer, greyed, until the engine answers", async () => {
    const user = userEvent.setup();
    const api = new FakeApi([fakeImage({ tags: ["nginx:alpine"] })]);
    render(App, { props: { api } });
    await user.click(await screen.findByRole("button", { name: "Inspect nginx:alpine" }));
    const inspector = await screen.findByRole("complementary", { name: "Inspector: nginx:alpine" });
    await user.click(within(inspector).getByRole("button", { name: "Learn" }));
    const panel = screen.getByRole("complementary", { name: "Learn: nginx:alpine" });
    const notice = "The engine is not answering: what follows is from its last answer.";
    expect(panel).not.toHaveTextContent(notice);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "Connection refused (os error 111)",
      cause: "Refused",
    };
    api.signal({ kind: "Lost", address: "unix:///var/run/docker.sock", reason: "gone" });
    expect(await within(panel).findByText(notice)).toHaveAttribute("role", "status");
    expect(panel.querySelector(".panel")).toHaveClass("stale");
    api.failWith = null;
    api.signal({ kind: "Recovered" });
    await waitFor(() => expect(panel).not.toHaveTextContent(notice));
    expect(panel.querySelector(".panel")).not.toHaveClass("stale");
  });

  it("keeps explaining the image when a problem page takes the list's place", async () => {
    const user = userEvent.setup();
    const api = new FakeApi([fakeImage({ tags: ["nginx:alpine"] })]);
    render(App, { props: { api } });
    await user.click(await screen.findByRole("button", { name: "Inspect nginx:alpine" }));
    const inspector = await screen.findByRole("complementary", { name: "Inspector: nginx:alpine" });
    await user.click(within(inspector).getByRole("button", { name: "Learn" }));
    const panel = screen.getByRole("complementary", { name: "Learn: nginx:alpine" });
    api.failWith = { kind: "Protocol", message: "the engine answered 500" };
    await user.click(screen.getByRole("button", { name: "Refresh" }));
    await screen.findByRole("alert");
    expect(
      await within(panel).findByText(
        "Imagen cannot read the engine's images now: what follows is from the engine's last answer.",
      ),
    ).toHaveAttribute("role", "status");
    expect(panel).toHaveAccessibleName("Learn: nginx:alpine");
    expect(panel).not.toHaveTextContent("Select an image");
    expect(panel.querySelector(".panel")).toHaveClass("stale");
    // The list back: the notice goes, the image stays.
    api.failWith = null;
    await user.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(panel).not.toHaveTextContent("cannot read the engine's images"));
    expect(panel).toHaveAccessibleName("Learn: nginx:alpine");
    expect(panel.querySelector(".panel")).not.toHaveClass("stale");
  });

  it("forgets the image when the list comes back without it", async () => {
    const user = userEvent.setup();
    const api = new FakeApi([fakeImage({ tags: ["nginx:alpine"] }), fakeImage({ tags: ["a:1"] })]);
    render(App, { props: { api } });
    await user.click(await screen.findByRole("button", { name: "Inspect nginx:alpine" }));
    const inspector = await screen.findByRole("complementary", { name: "Inspector: nginx:alpine" });
    await user.click(within(inspector).getByRole("button", { name: "Learn" }));
    const panel = screen.getByRole("complementary", { name: "Learn: nginx:alpine" });
    api.failWith = { kind: "Protocol", message: "the engine answered 500" };
    await user.click(screen.getByRole("button", { name: "Refresh" }));
    await within(panel).findByText(/^Imagen cannot read the engine's images now/);
    // Deleted in a terminal meanwhile: the list read next has it no more.
    api.failWith = null;
    api.images = api.images.filter((i) => i.tags[0] !== "nginx:alpine");
    await user.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(panel).toHaveAccessibleName("Learn"));
    expect(panel).toHaveTextContent("Select an image");
  });
});
