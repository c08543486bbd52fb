// "Check for updates": the button with its one calm summary, and the cards' badges, sharing
// one UpdatesStore over FakeApi.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { tick } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import { FakeApi, fakeId, fakeImage } from "../../lib/ipc/fake";
import type { ImageSummary, UpdateCheck } from "../../lib/ipc/api";
import { UpdatesStore } from "../../lib/tag/updates.svelte";
import UpdateBadge from "./UpdateBadge.svelte";
import UpdateCheckButton from "./UpdateCheckButton.svelte";

/** A finished check's answer, as the fake backend is given it. */
type Answer = Omit<UpdateCheck, "stopped" | "unchecked">;

afterEach(() => setLocale("en"));

const REMOTE = "sha256:abcdef1234567890" + "0".repeat(48);

const nginx = fakeImage({ tags: ["nginx:latest", "nginx:1.27"] });
const redis = fakeImage({ tags: ["redis:7"] });
const app = fakeImage({ tags: ["app:dev"] });
const ghcr = fakeImage({ tags: ["ghcr.io/team/tool:1"] });
const quay = fakeImage({ tags: ["quay.io/team/other:2"] });
const all = [nginx, redis, app, ghcr, quay];

/** A check with one newer tag, current ones, one built here and two registries offline. */
const MIXED: Answer = {
  results: [
    { reference: "nginx:latest", imageId: nginx.id, status: { status: "Current" } },
    {
      reference: "nginx:1.27",
      imageId: nginx.id,
      status: { status: "Newer", remoteDigest: REMOTE },
    },
    { reference: "redis:7", imageId: redis.id, status: { status: "Current" } },
    {
      reference: "app:dev",
      imageId: app.id,
      status: { status: "Unknown", reason: "NotFromRegistry" },
    },
    {
      reference: "ghcr.io/team/tool:1",
      imageId: ghcr.id,
      status: { status: "Unknown", reason: "RegistryUnreachable" },
    },
    {
      reference: "quay.io/team/other:2",
      imageId: quay.id,
      status: { status: "Unknown", reason: "RegistryUnreachable" },
    },
  ],
  problems: [
    {
      registry: "ghcr.io",
      tags: 1,
      error: {
        kind: "RegistryUnreachable",
        registry: "ghcr.io",
        reason: "dns error",
        cause: "NoSuchHost",
      },
    },
    {
      registry: "quay.io",
      tags: 1,
      error: {
        kind: "RegistryUnreachable",
        registry: "quay.io",
        reason: "timeout",
        cause: "Timeout",
      },
    },
  ],
};

function setup(images: ImageSummary[] = all, answer: Answer | null = MIXED) {
  const api = new FakeApi(structuredClone(images));
  api.workshop.updates = answer;
  const updates = new UpdatesStore(api);
  const onpull = vi.fn();
  render(UpdateCheckButton, { props: { updates } });
  const badges = images.map((image) => render(UpdateBadge, { props: { image, updates, onpull } }));
  return { api, updates, onpull, badges };
}

describe("Check for updates", () => {
  it("shows a spinner while checking, then one calm line and one message for the registries", async () => {
    const { api } = setup();
    let release!: () => void;
    api.gate = new Promise((r) => (release = r));
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    const busy = screen.getByRole("button", { name: "Checking…" });
    expect(busy).toHaveAttribute("aria-busy", "true");
    expect(busy).toHaveAttribute(
      "title",
      "Asks each tag's registry for the digest of the image it has now, as docker buildx imagetools inspect nginx:latest prints it, and compares it with the digest here (docker images --digests)",
    );
    expect(screen.queryByText("Newer version")).not.toBeInTheDocument();
    release();

    const status = await screen.findByText(/have a newer version|has a newer version/);
    expect(status.closest("[role=status]")).toHaveTextContent(
      "1 image has a newer version · 1 is current · 1 built or loaded here: nothing to compare · 2 could not be compared " +
        "ghcr.io and quay.io did not answer (offline?) — nothing to compare now",
    );
    // Once in the line; each registry's own words wait behind the closed disclosure.
    expect(within(status.closest("[role=status]")!).getAllByText(/did not answer/)).toHaveLength(1);
    expect(status.closest(".update-check")!.querySelector("details")).not.toHaveAttribute("open");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Check for updates" })).toHaveAttribute(
      "aria-busy",
      "false",
    );
  });

  it("counts the tags as they are checked, and Stop keeps what was checked and says what was not", async () => {
    const { api } = setup();
    api.holdChecks = true;
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    const busy = await screen.findByRole("button", { name: "Checking… 0 of 6 tags" });
    const [run] = [...api.checks.values()];
    run!.answered(3);
    await tick();
    expect(busy).toHaveAccessibleName("Checking… 3 of 6 tags");

    const stop = screen.getByRole("button", { name: "Stop" });
    expect(stop).toHaveAttribute("title", expect.stringContaining("checked so far is kept"));
    await userEvent.click(stop);
    expect(api.calls).toContain("cancelUpdateCheck");
    const line = await screen.findByText("Stopped: 3 tags not checked");
    // The three answers it has: nginx (one newer tag) and redis, current.
    expect(line.closest("[role=status]")).toHaveTextContent(
      "Stopped: 3 tags not checked 1 image has a newer version · 1 is current",
    );
    expect(screen.queryByRole("button", { name: "Stop" })).not.toBeInTheDocument();
    // Stop went with the check: focus is on the check's own button, ready again.
    expect(screen.getByRole("button", { name: "Check for updates" })).toHaveFocus();
    expect(screen.getAllByText("Newer version")).toHaveLength(1);

    // The next check that runs to its end no longer says it was stopped.
    api.holdChecks = false;
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    await waitFor(() => expect(screen.queryByText(/^Stopped/)).not.toBeInTheDocument());
  });

  it("shows what each registry said behind a disclosure, not only in a tooltip", async () => {
    setup();
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    const details = await screen.findByText("What the registries said");
    const list = within(details.closest("details")!).getByRole("list", { hidden: true });
    const items = within(list).getAllByRole("listitem", { hidden: true });
    expect(items.map((i) => i.textContent)).toEqual([
      expect.stringMatching(/^ghcr\.io: .+/),
      expect.stringMatching(/^quay\.io: .+/),
    ]);
  });

  it("puts the badge only on the image with a newer tag, naming the tag and digest", async () => {
    setup();
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    const badge = await screen.findByText("Newer version");
    expect(screen.getAllByText("Newer version")).toHaveLength(1);
    expect(badge).toHaveAttribute(
      "title",
      "The registry has a newer image for nginx:1.27 (digest sha256:abcdef123456)",
    );
    expect(screen.getAllByRole("button", { name: /^Pull the new one/ })).toHaveLength(1);
  });

  it("Pull the new one hands the tag to onpull, with docker pull as its title", async () => {
    const { onpull } = setup();
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    const pull = await screen.findByRole("button", { name: "Pull the new one: nginx:1.27" });
    expect(pull).toHaveTextContent("Pull the new one");
    // What it does to this image, before the click: the tag moves to the new one.
    expect(pull).toHaveAttribute(
      "title",
      "docker pull nginx:1.27\nThen nginx:1.27 names the new image, and this one keeps nginx:latest.",
    );
    expect(pull).toHaveAccessibleDescription(
      "Then nginx:1.27 names the new image, and this one keeps nginx:latest.",
    );
    await userEvent.click(pull);
    expect(onpull).toHaveBeenCalledExactlyOnceWith("nginx:1.27");
  });

  it("drops the answer for an image pulled again (a new ID)", async () => {
    const { updates, onpull, badges } = setup();
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    await screen.findByText("Newer version");
    const repulled = { ...nginx, id: fakeId("repulled"), shortId: "0123456789ab" };
    await badges[0]!.rerender({ image: repulled, updates, onpull });
    expect(screen.queryByText("Newer version")).not.toBeInTheDocument();
    updates.forget([repulled, redis, app, ghcr, quay]);
    expect(updates.results.has(nginx.id)).toBe(false);
    expect(updates.counts.images).toBe(4);
  });

  it("stops counting a newer version once the pull moved the tag to a new image", async () => {
    const { updates, onpull, badges } = setup();
    updates.forget(all);
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    await screen.findByText("Newer version");
    expect(updates.counts.newer).toBe(1);
    // docker pull nginx:1.27: the tag names a new image; the old one keeps its ID and its
    // other tag, and stays listed.
    const old = { ...nginx, tags: ["nginx:latest"] };
    const pulled = fakeImage({ tags: ["nginx:1.27"], id: fakeId("pulled") });
    await badges[0]!.rerender({ image: old, updates, onpull });
    updates.forget([old, pulled, redis, app, ghcr, quay]);
    await tick();
    expect(screen.queryByText("Newer version")).not.toBeInTheDocument();
    expect(updates.counts.newer).toBe(0);
    expect(updates.counts.current).toBe(2);
    expect(screen.getByRole("status")).not.toHaveTextContent(/newer version/);
    // Untagged too (`<none>`): nothing is said about it any more.
    updates.forget([{ ...nginx, tags: [] }, pulled, redis, app, ghcr, quay]);
    expect(updates.counts).toEqual({ images: 4, newer: 0, current: 1, builtHere: 1, unknown: 2 });
  });

  it("says before the pull that an image with no other tag is left without one", async () => {
    const solo = fakeImage({ tags: ["redis:7"] });
    setup([solo], {
      results: [
        {
          reference: "redis:7",
          imageId: solo.id,
          status: { status: "Newer", remoteDigest: REMOTE },
        },
      ],
      problems: [],
    });
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    const pull = await screen.findByRole("button", { name: "Pull the new one: redis:7" });
    expect(pull).toHaveAccessibleDescription(
      "Then redis:7 names the new image, and this one stays on the disk without a tag (<none>).",
    );
  });

  it("does not call an image current when one of its registries did not answer", async () => {
    const image = fakeImage({ tags: ["nginx:1.27", "registry.example.com/nginx:1.27"] });
    setup([image], {
      results: [
        { reference: "nginx:1.27", imageId: image.id, status: { status: "Current" } },
        {
          reference: "registry.example.com/nginx:1.27",
          imageId: image.id,
          status: { status: "Unknown", reason: "RegistryUnreachable" },
        },
      ],
      problems: [
        {
          registry: "registry.example.com",
          tags: 1,
          error: {
            kind: "RegistryUnreachable",
            registry: "registry.example.com",
            reason: "timeout",
            cause: "Timeout",
          },
        },
      ],
    });
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    const status = await screen.findByRole("status");
    await waitFor(() => expect(status).toHaveTextContent("registry.example.com did not answer"));
    expect(status).toHaveTextContent(/^1 could not be compared /);
    expect(status).not.toHaveTextContent(/current/);
  });

  it("says all checked images are current, with no badge", async () => {
    setup([nginx, redis, app], null);
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    expect(await screen.findByRole("status")).toHaveTextContent("All 3 checked images are current");
    expect(screen.queryByText("Newer version")).not.toBeInTheDocument();
  });

  it("says images built here have nothing to compare", async () => {
    const images = [app, fakeImage({ tags: ["b:1"] }), fakeImage({ tags: ["c:1"] })];
    setup(images, {
      results: images.map((i) => ({
        reference: i.tags[0]!,
        imageId: i.id,
        status: { status: "Unknown", reason: "NotFromRegistry" },
      })),
      problems: [],
    });
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    expect(await screen.findByRole("status")).toHaveTextContent(
      /^3 built or loaded here: nothing to compare$/,
    );
  });

  it("names the tags their registry does not have as why images could not be compared, in both languages", async () => {
    const mine = fakeImage({ tags: ["nginx:mine"] });
    const tool = fakeImage({ tags: ["ana/tool:1", "ana/tool:2"] });
    const local = fakeImage({ tags: ["redis:7", "redis:local"] });
    const notFound = (reference: string, imageId: string) => ({
      reference,
      imageId,
      status: { status: "Unknown", reason: "NotFound" } as const,
    });
    setup([mine, tool, local], {
      results: [
        notFound("nginx:mine", mine.id),
        notFound("ana/tool:1", tool.id),
        notFound("ana/tool:2", tool.id),
        { reference: "redis:7", imageId: local.id, status: { status: "Current" } },
        // Compared through its other tag: nothing to explain.
        notFound("redis:local", local.id),
      ],
      problems: [],
    });
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    const status = await screen.findByRole("status");
    await waitFor(() =>
      expect(status).toHaveTextContent(
        "1 is current · 2 could not be compared " +
          "nginx:mine, ana/tool:1, and ana/tool:2 are not on their registries (or are private) — not compared",
      ),
    );
    expect(status).not.toHaveTextContent("redis:local");
    setLocale("es");
    await waitFor(() =>
      expect(status).toHaveTextContent(
        "nginx:mine, ana/tool:1 y ana/tool:2 no están en sus registros (o son privadas): sin comparar",
      ),
    );
  });

  it("names one tag its registry does not have in the singular", async () => {
    const mine = fakeImage({ tags: ["nginx:mine"] });
    setup([mine], {
      results: [
        {
          reference: "nginx:mine",
          imageId: mine.id,
          status: { status: "Unknown", reason: "NotFound" },
        },
      ],
      problems: [],
    });
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    expect(await screen.findByRole("status")).toHaveTextContent(
      /^1 could not be compared nginx:mine is not on its registry \(or is private\) — not compared$/,
    );
  });

  it("says a tag whose registry has another image, when where the one here came from cannot be told", async () => {
    // Docker's containerd image store: `docker tag nginx:1.27 web:1` leaves only `web@…`.
    const image = fakeImage({ tags: ["nginx:1.27", "web:1"] });
    setup([image], {
      results: [
        {
          reference: "nginx:1.27",
          imageId: image.id,
          status: { status: "Unknown", reason: "OtherOnRegistry" },
        },
        {
          reference: "web:1",
          imageId: image.id,
          status: { status: "Unknown", reason: "NotFound" },
        },
      ],
      problems: [],
    });
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    const status = await screen.findByRole("status");
    // Not "built here", not "newer": could not be compared, and why.
    await waitFor(() =>
      expect(status).toHaveTextContent(
        "1 could not be compared web:1 is not on its registry (or is private) — not compared. " +
          "nginx:1.27 has another image on its registry, and Imagen cannot tell whether the one here is an older download of it or was made here — not compared",
      ),
    );
    expect(status).not.toHaveTextContent(/built here/i);
    setLocale("es");
    await waitFor(() =>
      expect(status).toHaveTextContent(
        "nginx:1.27 tiene otra imagen en su registro, e Imagen no puede saber si la de aquí es una descarga anterior de ella o se creó aquí: sin comparar",
      ),
    );
  });

  it("words a failed check calmly, without an alert", async () => {
    const { api } = setup();
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///var/run/docker.sock",
      reason: "refused",
      cause: "Refused",
    } as never;
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    await waitFor(() =>
      expect(screen.getByRole("status")).toHaveTextContent(/^Could not check for updates: /),
    );
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.queryByText("Newer version")).not.toBeInTheDocument();
  });
});

describe("Check for updates in Spanish", () => {
  it("words the summary, the registries' message, the badge and the pull button", async () => {
    setLocale("es");
    const { onpull } = setup();
    const check = screen.getByRole("button", { name: "Buscar actualizaciones" });
    expect(check).toHaveAttribute(
      "title",
      "Pregunta al registro de cada etiqueta el digest de la imagen que tiene ahora, como lo muestra docker buildx imagetools inspect nginx:latest, y lo compara con el de aquí (docker images --digests)",
    );
    await userEvent.click(check);
    const badge = await screen.findByText("Hay versión nueva");
    expect(badge).toHaveAttribute(
      "title",
      "El registro tiene una imagen más reciente para nginx:1.27 (digest sha256:abcdef123456)",
    );
    expect(screen.getByRole("status")).toHaveTextContent(
      "1 imagen tiene una versión más reciente · 1 está al día · 1 construida o cargada aquí: nada con qué comparar · 2 no se pudieron comparar " +
        "ghcr.io y quay.io no respondieron (¿sin conexión?): nada que comparar por ahora",
    );
    const pull = screen.getByRole("button", { name: "Descargar la nueva: nginx:1.27" });
    expect(pull).toHaveAccessibleDescription(
      "Después nginx:1.27 apuntará a la imagen nueva, y esta conservará nginx:latest.",
    );
    await userEvent.click(pull);
    expect(onpull).toHaveBeenCalledWith("nginx:1.27");
  });

  it("says all are current in Spanish, and follows a switch back", async () => {
    setLocale("es");
    setup([nginx, redis, app], null);
    await userEvent.click(screen.getByRole("button", { name: "Buscar actualizaciones" }));
    const status = await screen.findByRole("status");
    await waitFor(() =>
      expect(status).toHaveTextContent("Las 3 imágenes comprobadas están al día"),
    );
    setLocale("en");
    await tick();
    expect(status).toHaveTextContent("All 3 checked images are current");
    expect(within(document.body).queryByText("Hay versión nueva")).not.toBeInTheDocument();
  });
});
