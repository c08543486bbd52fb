import { afterEach, describe, expect, it } from "vitest";
import { describeError, engineHelp } from "./errors";
import { isEngineProblem } from "../app/engine-help";
import { locales, setLocale } from "../i18n/locale.svelte";
import type {
  AddressNamedBy,
  ContextFault,
  ContextNamedBy,
  DigestProblem,
  ImagenError,
  ReferenceRule,
} from "../ipc/api";
import { fakeId } from "../ipc/fake";

type ErrorOf<K extends ImagenError["kind"]> = Extract<ImagenError, { kind: K }>;

describe("describeError: plans kept in the backend", () => {
  it("words a value the backend refused", () => {
    expect(
      describeError({
        kind: "InvalidInput",
        field: "action",
        reason: "this plan does not offer it",
      }),
    ).toBe(
      "Imagen's backend refused the action it was sent (this plan does not offer it), so nothing reached the engine.",
    );
  });

  it("words a plan that is no longer open, with the way out", () => {
    expect(describeError({ kind: "UnknownPlan", id: "plan-0123456789abcdef" })).toBe(
      "This plan is no longer open: it already ran, or a newer one replaced it. Check again to see what it would do now.",
    );
  });

  it("words a second run of something running, without its opaque ID", () => {
    const text = describeError({ kind: "AlreadyRunning", id: "plan-0123456789abcdef" });
    expect(text).toBe("This is already running. Wait for it to finish, then check again.");
  });

  it("words a change on the engine found right before a step", () => {
    const to = fakeId("other");
    expect(
      describeError({
        kind: "EngineChanged",
        changes: [{ kind: "TagMoved", reference: "app:dev", from: fakeId("app"), to }],
      }),
    ).toBe(
      `The engine changed since the plan was made, so Imagen stopped before changing anything more. app:dev now points to another image (${to.slice(7, 19)}).`,
    );
  });
});

describe("describeError: a registry out of reach", () => {
  afterEach(() => setLocale("en", null));
  const out = (cause: ErrorOf<"RegistryUnreachable">["cause"], reason: string) =>
    describeError({ kind: "RegistryUnreachable", registry: "docker.io", reason, cause });

  it("points at a Wi-Fi sign-in page when HTTPS is intercepted or cut, in both languages", () => {
    expect(out("Certificate", "certificate signed by unknown authority")).toBe(
      "The engine could not reach docker.io: its certificate is not trusted (certificate signed by unknown authority). On hotel or conference Wi-Fi, a sign-in page may be in the way: open a browser, sign in to the network, and retry. A registry with a certificate of its own must be trusted by the engine.",
    );
    expect(out("Closed", "EOF")).toMatch(
      /closed without an answer \(EOF\)\. .*sign in to the network/,
    );
    setLocale("es", null);
    expect(out("Closed", "EOF")).toBe(
      "El motor no pudo conectar con docker.io: la conexión se cerró sin respuesta (EOF). En la wifi de un hotel o de un congreso, puede que una página de inicio de sesión de la red se interponga: abre un navegador, inicia sesión en la red y vuelve a intentarlo.",
    );
  });

  it("says a download the network cut off is no sign-in page, and goes on when tried again", () => {
    expect(out("CutShort", "unexpected EOF")).toBe(
      "The download from docker.io was cut off (unexpected EOF): the network dropped out after the image had begun to arrive. The layers that finished are kept, so Try again carries on from them.",
    );
    setLocale("es", null);
    expect(out("CutShort", "unexpected EOF")).toMatch(/^La descarga desde docker.io se cortó/);
  });

  it("calls a missing digest a digest, not a tag", () => {
    const digest = `sha256:${"d".repeat(64)}`;
    const missing = (missing: "Tag" | "Unknown") =>
      describeError({
        kind: "ImageNotFound",
        reference: `docker.io/library/nginx@${digest}`,
        repository: "docker.io/library/nginx",
        tag: digest,
        missing,
      });
    expect(missing("Tag")).toBe(
      `The repository docker.io/library/nginx exists, but it has no image with the digest ${digest}: check the digest, character by character.`,
    );
    expect(missing("Unknown")).toBe(
      `docker.io/library/nginx@${digest} was not found: the digest or the repository does not exist.`,
    );
  });

  it("says a registry that answered with a server error may be down", () => {
    expect(out("ServerError", "HTTP 503")).toBe(
      "docker.io answered with an error (HTTP 503): the registry may be down or busy. Try again in a few minutes.",
    );
  });
});

describe("describeError: a Linux image on Docker Desktop's Windows containers", () => {
  afterEach(() => setLocale("en", null));
  const windows = {
    kind: "WindowsContainers",
    reference: "docker.io/library/nginx:latest",
  } as const;

  it("says to switch to Linux containers, not to choose another platform, in both languages", () => {
    expect(describeError(windows)).toBe(
      "Docker Desktop is running Windows containers, and docker.io/library/nginx:latest is a Linux image: it needs Linux containers. Right-click the Docker whale in the taskbar, by the clock (it may be hidden under the ^ arrow), choose “Switch to Linux containers…”, then pull again.",
    );
    setLocale("es", null);
    expect(describeError(windows)).toBe(
      "Docker Desktop está ejecutando contenedores Windows, y docker.io/library/nginx:latest es una imagen Linux: necesita contenedores Linux. Haz clic derecho en la ballena de Docker de la barra de tareas, junto al reloj (puede estar oculta bajo la flecha ^), elige «Switch to Linux containers…» y vuelve a descargarla.",
    );
  });

  it("keeps the platform wording for a platform an image lacks on a Linux engine", () => {
    expect(
      describeError({
        kind: "PlatformUnavailable",
        reference: "docker.io/library/app:arm",
        platform: "linux/amd64",
      }),
    ).toBe("docker.io/library/app:arm has no image for linux/amd64. Choose another platform.");
  });
});

describe("describeError: references the Pull field refuses", () => {
  afterEach(() => setLocale("en", null));
  const refused = (rule: ReferenceRule): ImagenError => ({
    kind: "InvalidReference",
    input: "typed",
    reason: "the backend's sentence, for logs",
    rule,
  });

  // The backend's own English sentences (reference.rs' `messages` test): English reads the same.
  it.each<[ReferenceRule, string]>([
    [{ kind: "MissingName" }, "Enter an image name, like nginx or nginx:alpine."],
    [{ kind: "Whitespace" }, "Remove the spaces before or after the name."],
    [
      { kind: "ImageId", id: "0123" },
      "That is an image ID, not a name: enter a repository name like nginx.",
    ],
    [
      { kind: "InvalidDomain", domain: "bad_host.com" },
      "“bad_host.com” is not a valid registry address.",
    ],
    [{ kind: "InvalidPort", port: "50x" }, "“:50x” is not a valid registry port."],
    [{ kind: "Uppercase", name: "Nginx" }, "The repository name must be lowercase: “Nginx”."],
    [
      { kind: "InvalidNameCharacters", name: "a b" },
      "The repository name “a b” contains characters that are not allowed (lowercase letters, digits, _ . - and / only).",
    ],
    [
      { kind: "EmptyNameComponent", name: "a_b/" },
      "The repository name has an empty part: check for a leading, trailing or double “/”.",
    ],
    [
      { kind: "SeparatorAtEdge", component: "a-" },
      "A repository name component cannot start or end with a separator: “a-”.",
    ],
    [
      { kind: "InvalidSeparator", component: "a..b" },
      "“a..b” joins letters with separators that are not allowed: use one “.”, one or two “_”, or dashes.",
    ],
    [{ kind: "NameTooLong", length: 256, max: 255 }, "The name is longer than 255 characters."],
    [{ kind: "EmptyTag" }, "The tag after “:” is empty."],
    [
      { kind: "InvalidTag", tag: "a b" },
      "The tag “a b” contains characters that are not allowed (letters, digits, _ . - only).",
    ],
    [{ kind: "TagStartsWithSeparator", tag: "-b" }, "The tag “-b” cannot start with “.” or “-”."],
    [{ kind: "TagTooLong", length: 129, max: 128 }, "The tag is longer than 128 characters."],
    [
      { kind: "InvalidDigest", digest: "", problem: { kind: "Empty" } },
      "Invalid digest: nothing follows “@”.",
    ],
    [
      { kind: "InvalidDigest", digest: "sha256", problem: { kind: "Form" } },
      "Invalid digest: expected the form sha256:<64 hex digits>.",
    ],
    [
      {
        kind: "InvalidDigest",
        digest: "sha256:abc",
        problem: { kind: "Length", algorithm: "sha256", digits: 64 },
      },
      "Invalid digest: sha256 needs 64 hex digits.",
    ],
    [
      {
        kind: "InvalidDigest",
        digest: "md5:0",
        problem: { kind: "UnsupportedAlgorithm", algorithm: "md5" },
      },
      "Invalid digest: “md5” is not supported (use sha256, sha384 or sha512).",
    ],
    [
      { kind: "InvalidPlatform", platform: "linux" },
      "“linux” is not a platform: use os/arch or os/arch/variant, like linux/amd64 or linux/arm/v7.",
    ],
  ])("words %j as the backend's sentence", (rule, sentence) => {
    expect(describeError(refused(rule))).toBe(sentence);
  });

  it("says it in Spanish, with the typed part as it was typed", () => {
    setLocale("es", null);
    expect(describeError(refused({ kind: "Uppercase", name: "Nginx" }))).toBe(
      "El nombre del repositorio debe ir en minúsculas: «Nginx».",
    );
    expect(describeError(refused({ kind: "TagTooLong", length: 129, max: 128 }))).toBe(
      "La etiqueta tiene más de 128 caracteres.",
    );
    expect(
      describeError(
        refused({
          kind: "InvalidDigest",
          digest: "sha256:abc",
          problem: { kind: "Length", algorithm: "sha256", digits: 64 },
        }),
      ),
    ).toBe("Digest no válido: sha256 necesita 64 dígitos hexadecimales.");
  });

  it("never shows the backend's English sentence when it knows the rule", () => {
    setLocale("es", null);
    const text = describeError(refused({ kind: "EmptyTag" }));
    expect(text).not.toContain("backend");
    expect(text).toBe("La etiqueta (tag) después de «:» está vacía.");
  });
});

// Every kind the backend sends, with each variant its wording depends on (issue 12's table
// test). Typed as a record over `ImagenError["kind"]`: a new kind fails the type check here
// until it has a fixture, as it fails in errors.ts until it is worded. Free-text fields (the
// engine's or the backend's own words) hold `zq…` tokens, so that what is left of a sentence
// once they are taken out is all catalog text.
const FREE = "zqfree";
// Every way a digest can be wrong, and every rule of the reference grammar: records over the
// kinds, so a new one fails the type check here until it has a fixture.
const digestProblems: { [K in DigestProblem["kind"]]: Extract<DigestProblem, { kind: K }> } = {
  Empty: { kind: "Empty" },
  Form: { kind: "Form" },
  AlgorithmName: { kind: "AlgorithmName", algorithm: "zqalgorithm" },
  UnsupportedAlgorithm: { kind: "UnsupportedAlgorithm", algorithm: "zqalgorithm" },
  Length: { kind: "Length", algorithm: "zqalgorithm", digits: 64 },
  Uppercase: { kind: "Uppercase", algorithm: "zqalgorithm" },
  NotHex: { kind: "NotHex", algorithm: "zqalgorithm" },
  HexTooShort: { kind: "HexTooShort", minimum: 32 },
};
const referenceRules: { [K in ReferenceRule["kind"]]: Extract<ReferenceRule, { kind: K }>[] } = {
  MissingName: [{ kind: "MissingName" }],
  Whitespace: [{ kind: "Whitespace" }],
  ImageId: [{ kind: "ImageId", id: "zqid" }],
  InvalidDomain: [{ kind: "InvalidDomain", domain: "zqdomain" }],
  InvalidPort: [{ kind: "InvalidPort", port: "zqport" }],
  Uppercase: [{ kind: "Uppercase", name: "Zqname" }],
  InvalidNameCharacters: [{ kind: "InvalidNameCharacters", name: "zqname" }],
  EmptyNameComponent: [{ kind: "EmptyNameComponent", name: "zqname" }],
  SeparatorAtEdge: [{ kind: "SeparatorAtEdge", component: "zqcomponent" }],
  InvalidSeparator: [{ kind: "InvalidSeparator", component: "zqcomponent" }],
  NameTooLong: [{ kind: "NameTooLong", length: 300, max: 255 }],
  EmptyTag: [{ kind: "EmptyTag" }],
  InvalidTag: [{ kind: "InvalidTag", tag: "zqtag" }],
  TagStartsWithSeparator: [{ kind: "TagStartsWithSeparator", tag: "zqtag" }],
  TagTooLong: [{ kind: "TagTooLong", length: 129, max: 128 }],
  InvalidDigest: Object.values(digestProblems).map((problem) => ({
    kind: "InvalidDigest",
    digest: "zqdigest",
    problem,
  })),
  InvalidPlatform: [{ kind: "InvalidPlatform", platform: "zqplatform" }],
};
/** Where an engine can be, each with its own help: another computer, and whose socket. */
const enginePlaces = [
  "ssh://me@far",
  "tcp://192.168.1.20:2376",
  "tcp://localhost:2375",
  "unix:///home/ana/.docker/desktop/docker.sock",
  "unix:///run/user/1000/docker.sock",
  "unix:///Users/ana/.colima/work/docker.sock",
  "unix:///Users/ana/.orbstack/run/docker.sock",
  "unix:///Users/ana/.rd/docker.sock",
  "unix:///run/user/1000/podman/podman.sock",
  "unix:///run/podman/podman.sock",
  "npipe:////./pipe/podman-machine-default",
];
const fixtures: { [K in ImagenError["kind"]]: Extract<ImagenError, { kind: K }>[] } = {
  EngineUnreachable: [
    ...(
      [
        "NoSocket",
        "PermissionDenied",
        "Refused",
        "Dropped",
        "NotReady",
        "Tls",
        "SshLogin",
        "Other",
      ] as const
    ).map((cause) => ({
      kind: "EngineUnreachable" as const,
      address: "unix:///var/run/docker.sock",
      reason: FREE,
      cause,
    })),
    ...enginePlaces.map((address) => ({
      kind: "EngineUnreachable" as const,
      address,
      reason: FREE,
      cause: "Refused" as const,
    })),
  ],
  EngineTimeout: [
    { kind: "EngineTimeout", address: "tcp://10.0.0.5:2375", seconds: 10 },
    { kind: "EngineTimeout", address: "tcp://10.0.0.5:2375", seconds: 1 },
    ...enginePlaces.map((address) => ({ kind: "EngineTimeout" as const, address, seconds: 5 })),
  ],
  UnsupportedAddress: [
    { kind: "UnsupportedAddress", address: "fd://3", namedBy: null },
    { kind: "UnsupportedAddress", address: "fd://3", namedBy: { kind: "DockerHost" } },
    ...(["DockerContextEnv", "ConfigJson", "Imagen"] as const).map((namedBy) => ({
      kind: "UnsupportedAddress" as const,
      address: "fd://3",
      namedBy: { kind: "Context" as const, name: "remote", namedBy },
    })),
  ],
  EngineRejected: [{ kind: "EngineRejected", status: 500, message: FREE }],
  Protocol: [{ kind: "Protocol", message: FREE }],
  NoSuchImage: [{ kind: "NoSuchImage", reference: "nginx:alpine" }],
  TagMoved: [{ kind: "TagMoved", reference: "zqref", seen: "sha256:zqseen", now: "sha256:zqnow" }],
  InvalidReference: Object.values(referenceRules)
    .flat()
    .map((rule: ReferenceRule) => ({ kind: "InvalidReference", input: FREE, reason: FREE, rule })),
  ImageNotFound: (["Tag", "Repository", "RepositoryOrPrivate", "Unknown"] as const).flatMap(
    (missing) =>
      ["nope", `sha256:${"d".repeat(64)}`].map((tag) => ({
        kind: "ImageNotFound" as const,
        reference: `docker.io/library/nginx${tag.startsWith("sha256:") ? "@" : ":"}${tag}`,
        repository: "docker.io/library/nginx",
        tag,
        missing,
      })),
  ),
  Unauthorized: [{ kind: "Unauthorized", registry: "ghcr.io" }],
  RateLimited: [{ kind: "RateLimited", registry: "docker.io" }],
  RegistryUnreachable: (
    [
      "Timeout",
      "NoSuchHost",
      "Refused",
      "NoNetwork",
      "PlainHttp",
      "Certificate",
      "Closed",
      "ServerError",
      "CutShort",
      "Other",
    ] as const
  ).map((cause) => ({ kind: "RegistryUnreachable", registry: "ghcr.io", reason: FREE, cause })),
  PlatformUnavailable: [
    { kind: "PlatformUnavailable", reference: "nginx:alpine", platform: "linux/s390x" },
  ],
  WindowsContainers: [{ kind: "WindowsContainers", reference: "docker.io/library/nginx:latest" }],
  DiskFull: [{ kind: "DiskFull", message: FREE }],
  CredentialsUnavailable: [{ kind: "CredentialsUnavailable", registry: "ghcr.io", message: FREE }],
  PullFailed: [{ kind: "PullFailed", message: FREE }],
  RemovalConflict: (
    [
      "childImages",
      "runningContainer",
      "multipleReferences",
      "stoppedContainer",
      "referenceInUse",
      null,
    ] as const
  ).flatMap((reason) =>
    [[], ["job-1"], ["web-1", "web-2", "web-3"]].map((containers) => ({
      kind: "RemovalConflict" as const,
      reference: "app:1.0",
      reason,
      containers,
      message: FREE,
    })),
  ),
  InvalidInput: [{ kind: "InvalidInput", field: "zqfield", reason: FREE }],
  EmptySelection: [{ kind: "EmptySelection" }],
  BadArchive: (
    [
      { kind: "NotAnArchive" },
      { kind: "Truncated" },
      { kind: "NoManifest" },
      { kind: "MissingPart", name: "zqpart" },
      { kind: "Corrupt", damage: { kind: "Compression", method: "Gzip", detail: FREE } },
      { kind: "Corrupt", damage: { kind: "TarHeader" } },
      { kind: "Corrupt", damage: { kind: "HeaderAfterEnd" } },
      { kind: "Corrupt", damage: { kind: "ExtendedHeaderTooLarge" } },
      { kind: "Corrupt", damage: { kind: "IndexTooLarge", name: "zqindex.json" } },
      { kind: "Corrupt", damage: { kind: "Manifest", detail: FREE } },
      { kind: "Empty" },
      { kind: "BadTag", tag: "zqtag" },
      { kind: "DataAfterEnd" },
      { kind: "Folder" },
      { kind: "Bzip2" },
    ] as const
  ).map((problem) => ({ kind: "BadArchive", file: "zqfile.tar", problem })),
  FileProblem: (
    ["Full", "TooLarge", "NotAllowed", "ReadOnly", "Unresponsive", "Other"] as const
  ).flatMap((trouble) => [
    ...[true, false].map((writing) => ({
      kind: "FileProblem" as const,
      file: "zqfile.tar",
      reason: FREE,
      trouble,
      writing,
    })),
    {
      kind: "FileProblem" as const,
      file: "zqfile.tar",
      reason: FREE,
      trouble,
      writing: true,
      leftBehind: ".zqfile.tar.imagen-partial-zq",
    },
  ]),
  NotEnoughRoom: [
    { kind: "NotEnoughRoom", file: "zqfile.tar", needs: 2_340_000_000, free: 812_000_000 },
  ],
  UnknownFile: [{ kind: "UnknownFile", id: "file-0" }],
  UnknownPlan: [{ kind: "UnknownPlan", id: "plan-0123456789abcdef" }],
  AlreadyRunning: [{ kind: "AlreadyRunning", id: "plan-0123456789abcdef" }],
  EngineChanged: [{ kind: "EngineChanged", changes: [] }],
  EngineSwitched: [
    { kind: "EngineSwitched", to: null },
    { kind: "EngineSwitched", to: FREE },
  ],
  Internal: [{ kind: "Internal", message: FREE }],
  EngineContext: [
    ...(["DockerContextEnv", "ConfigJson", "Imagen"] as const).flatMap((namedBy) =>
      (
        [
          { kind: "Missing", namedBy },
          { kind: "NoConfigFolder", namedBy },
          { kind: "Broken", namedBy, fault: { kind: "Unreadable", path: FREE, why: FREE } },
          { kind: "Broken", namedBy, fault: { kind: "NotJson", path: FREE, why: FREE } },
          ...(["Utf8WithBom", "Utf16"] as const).map((encoding) => ({
            kind: "Broken" as const,
            namedBy,
            fault: { kind: "NotJson" as const, path: FREE, why: FREE, encoding },
          })),
          { kind: "Broken", namedBy, fault: { kind: "NoDockerEndpoint", path: FREE } },
        ] as const
      ).map((problem) => ({
        kind: "EngineContext" as const,
        context: "gone",
        message: FREE,
        problem,
      })),
    ),
    {
      kind: "EngineContext",
      context: null,
      message: FREE,
      problem: { kind: "ConfigUnreadable", path: "/home/ana/.docker/config.json", why: FREE },
    },
    ...(["Utf8WithBom", "Utf16"] as const).map((encoding) => ({
      kind: "EngineContext" as const,
      context: null,
      message: FREE,
      problem: {
        kind: "ConfigUnreadable" as const,
        path: "C:\\Users\\ana\\.docker\\config.json",
        why: FREE,
        encoding,
      },
    })),
  ],
};
const allErrors: ImagenError[] = Object.values(fixtures).flat();

/** English words no Spanish sentence of ours has: a leak of untranslated text. */
const ENGLISH =
  /\b(the|and|is|was|not|to|of|it|its|them|refused|engine|image|images|container|containers|could|cannot|first|remove|delete|check|again|wait|answer|answering|pull|pulls|running|stopped|with|for|there|this|that|what|which|retry|try|log|limit|disk|space|connection|nothing|listening|permission|denied|said|details|internal|needs|digits|lowercase)\b/i;

/** The string values in `value`, nested ones too (a reference rule's fields). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/** A sentence less Docker's own words: the fixtures' values (references, addresses, names…),
 * docker commands and a Docker Desktop label quoted «like this». */
function catalogText(text: string, error: ImagenError): string {
  let rest = text.replace(/«[^»]*»/g, "");
  const values = strings(error).filter((v) => v !== "");
  for (const v of values.sort((a, b) => b.length - a.length)) rest = rest.replaceAll(v, " ");
  return rest;
}

const label = (e: ImagenError) =>
  `${e.kind}${"address" in e ? `@${e.address}` : ""}${"cause" in e ? `/${e.cause}` : ""}${"missing" in e ? `/${e.missing}` : ""}${
    "reason" in e && e.kind === "RemovalConflict" ? `/${e.reason}/${e.containers.length}` : ""
  }${e.kind === "FileProblem" ? `/${e.trouble}/${e.writing}${e.leftBehind ? "/left" : ""}` : ""}${"seconds" in e ? `/${e.seconds}` : ""}${
    e.kind === "InvalidReference"
      ? `/${e.rule.kind}${e.rule.kind === "InvalidDigest" ? `/${e.rule.problem.kind}` : ""}`
      : ""
  }${
    e.kind === "EngineContext"
      ? `/${e.problem.kind}${"namedBy" in e.problem ? `/${e.problem.namedBy}` : ""}`
      : ""
  }`;

describe("error kinds × wording (both languages, one place)", () => {
  afterEach(() => setLocale("en", null));

  it.each(locales)("words every kind in %s: non-empty, never a key", (lang) => {
    setLocale(lang, null);
    const problems = allErrors.flatMap((error) => {
      const text = describeError(error);
      return text.trim() === "" || /\b(shared|app)_[a-z_]+\b/.test(text)
        ? [`${label(error)}: ${JSON.stringify(text)}`]
        : [];
    });
    expect(problems).toEqual([]);
    expect(describeError(null)).not.toBe("");
  });

  it("says every kind differently in Spanish, with no English left but the engine's own words", () => {
    const problems: string[] = [];
    for (const error of allErrors) {
      setLocale("en", null);
      const en = describeError(error);
      setLocale("es", null);
      const es = describeError(error);
      if (es === en) problems.push(`${label(error)}: same in both languages`);
      const leak = ENGLISH.exec(catalogText(es, error));
      if (leak) problems.push(`${label(error)}: “${leak[0]}” in ${JSON.stringify(es)}`);
    }
    expect(problems).toEqual([]);
  });

  it("would catch English: the check finds it in every English sentence with words of ours", () => {
    const ours = allErrors;
    const missed = ours.filter((e) => !ENGLISH.test(catalogText(describeError(e), e)));
    expect(missed.map(label)).toEqual([]);
  });

  it("words a docker context that cannot be used from its facts, in both languages", () => {
    const gone = {
      kind: "EngineContext" as const,
      context: "colima",
      message: 'The docker context "colima" (named by DOCKER_CONTEXT) does not exist.',
      problem: { kind: "Missing" as const, namedBy: "DockerContextEnv" as const },
    };
    setLocale("en", null);
    expect(describeError(gone)).toBe(
      "The docker context “colima”, named by DOCKER_CONTEXT, does not exist. Run “docker context ls” to see the contexts there are, then set DOCKER_CONTEXT to one of them or remove it.",
    );
    setLocale("es", null);
    expect(describeError(gone)).toBe(
      "El contexto de docker «colima», indicado por DOCKER_CONTEXT, no existe. Ejecuta «docker context ls» para ver los contextos que hay y luego define DOCKER_CONTEXT con uno de ellos o elimina esa variable.",
    );
    const meta = "/home/ana/.docker/contexts/meta/0a1b/meta.json";
    const broken = (fault: ContextFault): ImagenError => ({
      ...gone,
      problem: { kind: "Broken", namedBy: "ConfigJson", fault },
    });
    expect(describeError(broken({ kind: "NoDockerEndpoint", path: meta }))).toBe(
      `El contexto de docker «colima», el actual en el config.json de docker, no se puede usar: no tiene ningún endpoint de Docker (${meta}). Revísalo con «docker context inspect colima».`,
    );
    // The parser's and the system's own words are kept as they are.
    expect(
      describeError(broken({ kind: "NotJson", path: meta, why: "EOF while parsing at line 1" })),
    ).toBe(
      `El contexto de docker «colima», el actual en el config.json de docker, no se puede usar: ${meta} no es un JSON válido (EOF while parsing at line 1). Revísalo con «docker context inspect colima».`,
    );
    expect(
      describeError(broken({ kind: "Unreadable", path: meta, why: "Permission denied" })),
    ).toBe(
      `El contexto de docker «colima», el actual en el config.json de docker, no se puede usar: no se puede leer ${meta} (Permission denied). Revísalo con «docker context inspect colima».`,
    );
    setLocale("en", null);
    expect(describeError(broken({ kind: "NoDockerEndpoint", path: meta }))).toBe(
      `The docker context “colima”, the current one in docker's config.json, cannot be used: it has no Docker endpoint (${meta}). Check it with “docker context inspect colima”.`,
    );
  });

  it("says a docker file saved with a byte order mark or as UTF-16 is one docker ignores too, and how to save it", () => {
    const path = "C:\\Users\\ana\\.docker\\config.json";
    const config = (encoding: "Utf8WithBom" | "Utf16"): ImagenError => ({
      kind: "EngineContext",
      context: null,
      message: "Imagen cannot read … invalid character",
      problem: {
        kind: "ConfigUnreadable",
        path,
        why: "it was saved with a byte order mark (UTF-8 with BOM), which docker cannot read either",
        encoding,
      },
    });
    setLocale("en", null);
    expect(describeError(config("Utf8WithBom"))).toBe(
      `Imagen cannot use ${path}: it was saved with a byte order mark (as Windows PowerShell 5.1's Set-Content -Encoding UTF8 and older versions of Notepad save it), which docker cannot read either: in a terminal, docker says “WARNING: Error loading config file” and ignores the file. Save config.json as UTF-8 without a BOM (in VS Code: “Save with Encoding” › UTF-8).`,
    );
    expect(describeError(config("Utf16"))).toBe(
      `Imagen cannot use ${path}: it was saved as UTF-16 (as Windows PowerShell's > saves it), which docker cannot read either: in a terminal, docker says “WARNING: Error loading config file” and ignores the file. Save config.json as UTF-8 (in VS Code: “Save with Encoding” › UTF-8).`,
    );
    const meta = "/home/ana/.docker/contexts/meta/0a1b/meta.json";
    const broken: ImagenError = {
      kind: "EngineContext",
      context: "colima",
      message: FREE,
      problem: {
        kind: "Broken",
        namedBy: "ConfigJson",
        fault: { kind: "NotJson", path: meta, why: FREE, encoding: "Utf8WithBom" },
      },
    };
    expect(describeError(broken)).toBe(
      `The docker context “colima”, the current one in docker's config.json, cannot be used: ${meta} was saved with a byte order mark (as Windows PowerShell 5.1's Set-Content -Encoding UTF8 and older versions of Notepad save it), which docker cannot read either. Check it with “docker context inspect colima”. Save meta.json as UTF-8 without a BOM (in VS Code: “Save with Encoding” › UTF-8).`,
    );
    setLocale("es", null);
    expect(describeError(config("Utf8WithBom"))).toBe(
      `Imagen no puede usar ${path}: se guardó con una marca de orden de bytes o BOM (así lo guardan Set-Content -Encoding UTF8 de Windows PowerShell 5.1 y las versiones antiguas del Bloc de notas), y docker tampoco puede leerlo: en una terminal, docker dice «WARNING: Error loading config file» e ignora el archivo. Guarda config.json como UTF-8 sin BOM (en VS Code: «Guardar con codificación» › UTF-8).`,
    );
    expect(describeError(config("Utf16"))).toBe(
      `Imagen no puede usar ${path}: se guardó como UTF-16 (así lo guarda > en Windows PowerShell), y docker tampoco puede leerlo: en una terminal, docker dice «WARNING: Error loading config file» e ignora el archivo. Guarda config.json como UTF-8 (en VS Code: «Guardar con codificación» › UTF-8).`,
    );
    expect(describeError(broken)).toBe(
      `El contexto de docker «colima», el actual en el config.json de docker, no se puede usar: ${meta} se guardó con una marca de orden de bytes o BOM (así lo guardan Set-Content -Encoding UTF8 de Windows PowerShell 5.1 y las versiones antiguas del Bloc de notas), y docker tampoco puede leerlo. Revísalo con «docker context inspect colima». Guarda meta.json como UTF-8 sin BOM (en VS Code: «Guardar con codificación» › UTF-8).`,
    );
    // Without an encoding, the parser's words as before.
    expect(
      describeError({
        kind: "EngineContext",
        context: null,
        message: FREE,
        problem: { kind: "ConfigUnreadable", path, why: "EOF while parsing at line 1" },
      }),
    ).toContain("(EOF while parsing at line 1)");
  });

  it("keeps Docker's own words as they are in Spanish", () => {
    setLocale("es", null);
    expect(describeError({ kind: "Unauthorized", registry: "ghcr.io" })).toBe(
      "ghcr.io denegó el acceso. Inicia sesión con «docker login ghcr.io» y vuelve a intentarlo.",
    );
    expect(
      describeError({
        kind: "RemovalConflict",
        reference: "app:1.0",
        reason: "runningContainer",
        containers: ["web-1", "web-2", "web-3"],
        message: "x",
      }),
    ).toBe(
      "Docker se negó a eliminar app:1.0: la usan contenedores en ejecución (web-1, web-2 y web-3). Detenlos y elimínalos primero.",
    );
    expect(
      describeError({ kind: "EngineTimeout", address: "tcp://10.0.0.5:2375", seconds: 10 }),
    ).toBe("El motor de Docker en tcp://10.0.0.5:2375 no respondió en 10 segundos.");
  });

  it("decides an unreachable engine's words by the typed cause, never by the OS's text", () => {
    const base = {
      kind: "EngineUnreachable" as const,
      address: "unix:///s",
      reason: "Acceso denegado",
    };
    expect(describeError({ ...base, cause: "PermissionDenied" })).toBe(
      "The Docker engine at unix:///s stopped answering (permission denied).",
    );
    expect(describeError({ ...base, cause: "Other" })).toContain("Acceso denegado");
    expect(describeError({ ...base, cause: "Refused" })).not.toContain("Acceso denegado");
  });

  it("gets back from an address Imagen cannot use in the user's own shell, whatever named it", () => {
    setLocale("en", null);
    const error = {
      kind: "UnsupportedAddress" as const,
      address: "ssh://ana@build-box",
      namedBy: null,
    };
    const mac = engineHelp(error, "macos");
    // Not "DOCKER_HOST is set to": a docker context may be what named it.
    expect(mac.detail).toBe(
      "The engine address ssh://ana@build-box (from DOCKER_HOST or the docker context in use) is not one Imagen can connect to here.",
    );
    expect(mac.steps.map((s) => s.command)).toEqual([
      "unset DOCKER_HOST",
      "docker context use default",
      undefined,
    ]);
    // PowerShell has no `unset`; ssh:// is for macOS and Linux only.
    const windows = engineHelp(error, "windows");
    expect(windows.steps[0]).toEqual({
      text: "On Windows, Imagen connects through npipe://, tcp:// or http:// (not ssh://). If DOCKER_HOST names this address, remove it for your user in PowerShell, then open Imagen again:",
      command: "[Environment]::SetEnvironmentVariable('DOCKER_HOST', $null, 'User')",
    });
    expect(windows.steps[1]!.command).toBe("docker context use default");
  });

  it("gives the one way back when it is known what named the address", () => {
    const error = (namedBy: AddressNamedBy): ImagenError => ({
      kind: "UnsupportedAddress",
      address: "ssh://ana@build-box",
      namedBy,
    });
    const commands = (e: ImagenError, os: "linux" | "windows") =>
      engineHelp(e, os).steps.map((s) => s.command);
    setLocale("en", null);
    const host = error({ kind: "DockerHost" });
    expect(engineHelp(host, "linux").detail).toBe(
      "The engine address ssh://ana@build-box, from DOCKER_HOST, is not one Imagen can connect to here.",
    );
    expect(commands(host, "linux")).toEqual(["unset DOCKER_HOST", undefined]);
    expect(commands(host, "windows")).toEqual([
      "[Environment]::SetEnvironmentVariable('DOCKER_HOST', $null, 'User')",
      undefined,
    ]);
    const context = (namedBy: ContextNamedBy) =>
      error({ kind: "Context", name: "remote", namedBy });
    expect(engineHelp(context("DockerContextEnv"), "linux").detail).toBe(
      "The docker context “remote”, named by DOCKER_CONTEXT, gives the engine address ssh://ana@build-box, which Imagen cannot connect to here.",
    );
    expect(commands(context("DockerContextEnv"), "linux")).toEqual([
      "unset DOCKER_CONTEXT",
      undefined,
    ]);
    expect(commands(context("DockerContextEnv"), "windows")).toEqual([
      "[Environment]::SetEnvironmentVariable('DOCKER_CONTEXT', $null, 'User')",
      undefined,
    ]);
    expect(commands(context("ConfigJson"), "windows")).toEqual([
      "docker context use default",
      undefined,
    ]);
    // Chosen in Imagen: choosing another engine there is the way back.
    expect(engineHelp(context("Imagen"), "linux").steps).toEqual([
      { text: "Pick another engine with the engine button at the top of the window." },
    ]);
    setLocale("es", null);
    expect(engineHelp(context("ConfigJson"), "linux").detail).toBe(
      "El contexto de docker «remote», el actual en el config.json de docker, indica la dirección de motor ssh://ana@build-box, a la que Imagen no puede conectarse aquí.",
    );
    expect(engineHelp(host, "windows").steps[0]!.text).toBe(
      "Elimina DOCKER_HOST de tu usuario en PowerShell (en Windows, Imagen se conecta por npipe://, tcp:// o http://, no por ssh://) y vuelve a abrir Imagen:",
    );
  });

  it.each(locales)(
    "gives every engine problem a title, a detail and steps in %s, per OS",
    (lang) => {
      setLocale(lang, null);
      const problems: string[] = [];
      for (const error of allErrors.filter(isEngineProblem))
        for (const os of ["macos", "windows", "linux"] as const) {
          const help = engineHelp(error, os);
          const texts = [help.title, help.detail, ...help.steps.map((s) => s.text)];
          if (help.steps.length === 0 || texts.some((t) => t.trim() === ""))
            problems.push(`${label(error)} on ${os}: ${JSON.stringify(help)}`);
          if (lang === "es") {
            const leak = texts.map((t) => ENGLISH.exec(catalogText(t, error))).find(Boolean);
            if (leak) problems.push(`${label(error)} on ${os}: “${leak[0]}”`);
          }
        }
      expect(problems).toEqual([]);
    },
  );
});

describe("describeError: the offline kit's files", () => {
  afterEach(() => setLocale("en", null));

  it("says a bzip2 file is one, and how to load it anyway, in both languages", () => {
    const bzip2: ImagenError = {
      kind: "BadArchive",
      file: "kit.tar.bz2",
      problem: { kind: "Bzip2" },
    };
    expect(describeError(bzip2)).toBe(
      "kit.tar.bz2 is compressed with bzip2, which Imagen cannot read. Decompress it first with bunzip2 (which gives the plain .tar), or load it in a terminal with docker load -i. Nothing was loaded.",
    );
    setLocale("es", null);
    expect(describeError(bzip2)).toBe(
      "kit.tar.bz2 está comprimido con bzip2, que Imagen no puede leer. Descomprímelo antes con bunzip2 (que deja el .tar sin comprimir) o cárgalo en una terminal con docker load -i. No se cargó nada.",
    );
  });

  it("says a save left its unfinished file behind, and which, only when it did", () => {
    const full = {
      kind: "FileProblem" as const,
      file: "kit.tar",
      reason: "No space left on device (os error 28)",
      trouble: "Full" as const,
      writing: true,
    };
    const partial = ".kit.tar.imagen-partial-Ab3x";
    expect(describeError(full)).toBe(
      "There is no room left for kit.tar on that drive. Free some space, or save it to another drive. Nothing partial was left behind.",
    );
    expect(describeError({ ...full, leftBehind: null })).toBe(describeError(full));
    const left = { ...full, trouble: "Other" as const, leftBehind: partial };
    expect(describeError(left)).toBe(
      `Imagen could not use kit.tar: No space left on device (os error 28). Imagen could not remove the unfinished file it had begun, ${partial}, hidden in the same folder as kit.tar. It may be large: delete it yourself once you can reach that folder again.`,
    );
    expect(describeError(left)).not.toContain("Nothing partial");
    setLocale("es", null);
    expect(describeError(left)).toBe(
      `Imagen no pudo usar kit.tar: No space left on device (os error 28). Imagen no pudo eliminar el archivo a medias que estaba escribiendo, ${partial}, oculto en la misma carpeta que kit.tar. Puede ocupar mucho: elimínalo tú cuando vuelvas a tener acceso a esa carpeta.`,
    );
    expect(describeError(left)).not.toContain("No quedó");
  });
});
