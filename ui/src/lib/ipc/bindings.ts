// Generated from the Rust types in crates/imagen-core by src-tauri/tests/bindings.rs.
// Do not edit: run `IMAGEN_UPDATE_BINDINGS=1 cargo test -p imagen --test bindings`.

export type ImageId = string;

export type ContainerId = string;

export type ContainerUsage = { 
/**
 * Running, paused or restarting: these block even `docker rmi -f`.
 */
running: number, 
/**
 * Created, exited or dead: these block `docker rmi` without `-f`.
 */
stopped: number, };

export type ImageSummary = { 
/**
 * Full ID, `sha256:…` (the SHA-256 of the image configuration).
 */
id: ImageId, 
/**
 * Every `repo:tag` pointing at this image, in engine order.
 */
tags: Array<string>, 
/**
 * Every `repo@sha256:…` the image was pulled or pushed as.
 */
digests: Array<string>, 
/**
 * Size in bytes, as `docker images` counts it (shared layers included).
 */
size: number, 
/**
 * Creation time, seconds since the Unix epoch, as the engine sends it: an image without
 * a date is Go's zero time (year 1, negative) from engines before 25, 0 from later ones.
 */
created: number, 
/**
 * No tag and no digest: `<none>:<none>` in `docker images`.
 */
dangling: boolean, 
/**
 * A digest is one of its names: the engine lists it among `RepoTags`, as the containerd
 * image store and Podman keep a pull by digest (`docker pull nginx@sha256:…`). There
 * `dangling=true` and `docker image prune` pass over such an image. The classic store
 * counts tags only: an image left with a digest and no tag is in both `dangling=true`
 * and `dangling=false` there, and its prune removes it.
 */
digestNamed: boolean, 
/**
 * Containers created from this image.
 */
containers: ContainerUsage, 
/**
 * Image labels, sorted by key.
 */
labels: { [key in string]: string }, };

export type ImageList = { 
/**
 * Newest first, like `docker images`.
 */
images: Array<ImageSummary>, 
/**
 * Sum of the images' sizes (what adding up the SIZE column gives).
 */
totalSize: number, };

export type PackedImageList = { 
/**
 * Full IDs, `sha256:…`.
 */
ids: Array<ImageId>, 
/**
 * Every image's `repo:tag`s, in engine order.
 */
tags: Array<Array<string>>, 
/**
 * Every image's `repo@sha256:…`s.
 */
digests: Array<Array<string>>, 
/**
 * Sizes in bytes, as `docker images` counts them.
 */
sizes: Array<number>, 
/**
 * Creation times, seconds since the Unix epoch (0 when unknown).
 */
created: Array<number>, 
/**
 * Two numbers per image: its running containers, then its stopped ones.
 */
containers: Array<number>, 
/**
 * Every image's labels, sorted by key, as indices into `label_texts`: key, value, key,
 * value…
 */
labels: Array<Array<number>>, 
/**
 * Every label key and value of the list, each once.
 */
labelTexts: Array<string>, 
/**
 * The indices of the images a digest names (`ImageSummary::digest_named`): few, so
 * listed rather than a flag for every image.
 */
digestNamed: Array<number>, 
/**
 * Sum of the images' sizes.
 */
totalSize: number, };

export type EngineAddress = string;

export type EngineInfo = { 
/**
 * Where Imagen connected.
 */
address: EngineAddress, 
/**
 * Engine version, e.g. `20.10.24`.
 */
serverVersion: string, 
/**
 * API version both sides agreed on, e.g. `1.41`.
 */
apiVersion: string, 
/**
 * Engine OS/architecture, e.g. `linux/amd64`.
 */
platform: string, 
/**
 * Podman's Docker-compatible API rather than Docker's engine (its `rmi --force` also
 * removes the containers using the image).
 */
podman: boolean, 
/**
 * What the user knows this engine as: the docker context's name, or the product whose
 * socket it is ("Docker Desktop"); `None` when only the address names it.
 */
name: string | null, 
/**
 * The socket found on this machine that named it, for the page to word in the user's
 * language ("Socket estándar"): `name` is the English label.
 */
socket: SocketKind | null, 
/**
 * Plain HTTP to another machine: anyone on the way can read and change the traffic.
 * The UI warns, and registry credentials are never sent over it.
 */
exposed: boolean, };

export type AppInfo = { 
/**
 * Imagen's version, e.g. `0.1.0`.
 */
version: string, 
/**
 * The licence Imagen is distributed under, as an SPDX expression: `MIT`.
 */
licence: string, };

export type EngineSignal = { "kind": "Changed", 
/**
 * An image event was among them.
 */
images: boolean, 
/**
 * A container event was among them.
 */
containers: boolean, } | { "kind": "Lost", 
/**
 * The address Imagen was connected to.
 */
address: string, 
/**
 * What went wrong.
 */
reason: string, } | { "kind": "Recovered" } | { "kind": "EventsRefused", 
/**
 * The HTTP status of the refusal (403 from a socket proxy).
 */
status: number, 
/**
 * The engine's or proxy's message, when it is short plain text (a proxy's HTML
 * error page is left out).
 */
message: string, };

export type SocketKind = "Standard" | "DockerDesktop" | "DockerRootless" | "Colima" | "OrbStack" | "RancherDesktop" | "Podman" | "PodmanRootful" | "PodmanMachine";

export type DefaultVia = { "kind": "DockerHost" } | { "kind": "Detected", 
/**
 * Whose socket it is.
 */
socket: SocketKind, } | { "kind": "StandardAddress" };

export type Answer = { "kind": "Answers", 
/**
 * Engine version, e.g. `27.3.1`.
 */
serverVersion: string, 
/**
 * Podman's compatible API.
 */
podman: boolean, } | { "kind": "Silent", 
/**
 * Why, as the connection error says it.
 */
error: ImagenError, };

export type EngineChoice = { 
/**
 * What the app sends back to choose it (`context:<name>`, `socket:<address>`).
 */
id: string, 
/**
 * The context's name, or the product whose socket it is ("Docker Desktop", "Colima").
 */
label: string, 
/**
 * The engine's address (`unix:///…`, `tcp://…`, `ssh://…`).
 */
address: string, 
/**
 * The context's description, when it has one (the user's words, from docker's store).
 */
description: string | null, 
/**
 * For `default`: how it reaches its engine here, for the page to word.
 */
via: DefaultVia | null, 
/**
 * For a socket found on this machine: whose it is, for the page to name (`label` is
 * the English name).
 */
socket: SocketKind | null, 
/**
 * A docker context (as opposed to a socket found on this machine).
 */
context: boolean, 
/**
 * What the docker CLI would pick now (`docker context use`, `DOCKER_HOST`).
 */
dockerDefault: boolean, 
/**
 * Imagen is using it now: the one chosen, or without a choice the engine Imagen is
 * connected to (which stays until it reconnects, even if a terminal moved docker on).
 */
inUse: boolean, 
/**
 * What a terminal user types to use it there too.
 */
dockerCommand: string, 
/**
 * Plain HTTP to another machine: Imagen warns, and sends no registry credentials.
 */
exposed: boolean, 
/**
 * Whether it answered just now.
 */
answer: Answer, };

export type EngineChoices = { 
/**
 * Imagen finds its engine as the docker CLI does (nothing chosen in the header).
 */
automatic: boolean, 
/**
 * Every context and detected socket.
 */
choices: Array<EngineChoice>, 
/**
 * The engine chosen earlier cannot be found any more (its context was removed in a
 * terminal): why. Imagen does not quietly use another engine instead; the user picks.
 */
problem: ImagenError | null, 
/**
 * Automatic, and the docker CLI now uses another engine than the one Imagen is
 * connected to (`docker context use` in a terminal): choosing Automatic again follows it.
 * Imagen does not move on its own under what the user is looking at.
 */
dockerMoved: boolean, 
/**
 * The engine chosen in the header holds for this run only: its settings file could not
 * be written (the system's reason, with the file). The next start will not remember it.
 */
unsaved: string | null, };

export type DockerElsewhere = { 
/**
 * The candidate's ID, as the switcher lists it.
 */
id: string, 
/**
 * The context's name, or (with `socket`) the English name of whose socket it is.
 */
label: string, 
/**
 * For a socket found on this machine: whose it is, for the page to name.
 */
socket: SocketKind | null, 
/**
 * Its address.
 */
address: string, };

export type Software = "DockerDesktop" | "DockerEngine" | "DockerSnap" | "DockerCli" | "Podman" | "PodmanDesktop" | "RancherDesktop" | "OrbStack" | "Colima";

export type Missing = "Repository" | "RepositoryOrPrivate" | "Tag" | "Unknown";

export type UnreachableCause = "NoSocket" | "PermissionDenied" | "Refused" | "Dropped" | "NotReady" | "Tls" | "SshLogin" | "Other";

export type RegistryCause = "Timeout" | "NoSuchHost" | "Refused" | "NoNetwork" | "PlainHttp" | "Certificate" | "Closed" | "ServerError" | "CutShort" | "Other";

export type FileTrouble = "Full" | "TooLarge" | "NotAllowed" | "ReadOnly" | "Unresponsive" | "Other";

export type ContextNamedBy = "DockerContextEnv" | "ConfigJson" | "Imagen";

export type AddressNamedBy = { "kind": "DockerHost" } | { "kind": "Context", 
/**
 * The context's name.
 */
name: string, 
/**
 * Who chose that context.
 */
namedBy: ContextNamedBy, };

export type UnreadableEncoding = "Utf8WithBom" | "Utf16";

export type ContextFault = { "kind": "Unreadable", 
/**
 * The file or folder.
 */
path: string, 
/**
 * The system's words.
 */
why: string, } | { "kind": "NotJson", 
/**
 * The file.
 */
path: string, 
/**
 * The parser's words, or (with `encoding`) the English reason.
 */
why: string, 
/**
 * The encoding it was saved in that docker cannot read either (a byte order
 * mark, UTF-16), when that is what is wrong: the page then says it in its own words.
 * Optional in TypeScript, as faults made without it (the UI's fake backend) had none.
 */
encoding?: UnreadableEncoding | null, } | { "kind": "NoDockerEndpoint", 
/**
 * Its `meta.json`.
 */
path: string, };

export type ContextProblem = { "kind": "Missing", 
/**
 * Who named it.
 */
namedBy: ContextNamedBy, } | { "kind": "NoConfigFolder", 
/**
 * Who named it.
 */
namedBy: ContextNamedBy, } | { "kind": "Broken", 
/**
 * Who named it.
 */
namedBy: ContextNamedBy, 
/**
 * What is wrong with it.
 */
fault: ContextFault, } | { "kind": "ConfigUnreadable", 
/**
 * The file.
 */
path: string, 
/**
 * Why (the parser's or the system's words, or the English reason for `encoding`).
 */
why: string, 
/**
 * The encoding it was saved in that docker cannot read either (a byte order mark,
 * UTF-16), when that is what is wrong: the page then says it in its own words.
 * Optional in TypeScript, as problems made without it (the UI's fake backend) had none.
 */
encoding?: UnreadableEncoding | null, };

export type DigestProblem = { "kind": "Empty" } | { "kind": "Form" } | { "kind": "AlgorithmName", 
/**
 * The algorithm as entered.
 */
algorithm: string, } | { "kind": "UnsupportedAlgorithm", 
/**
 * The algorithm as entered.
 */
algorithm: string, } | { "kind": "Length", 
/**
 * `sha256`, `sha384` or `sha512`.
 */
algorithm: string, 
/**
 * How many it needs: 64, 96 or 128.
 */
digits: number, } | { "kind": "Uppercase", 
/**
 * `sha256`, `sha384` or `sha512`.
 */
algorithm: string, } | { "kind": "NotHex", 
/**
 * The algorithm as entered.
 */
algorithm: string, } | { "kind": "HexTooShort", 
/**
 * The fewest digits a digest has (32).
 */
minimum: number, };

export type ReferenceRule = { "kind": "MissingName" } | { "kind": "Whitespace" } | { "kind": "ImageId", 
/**
 * The ID as entered.
 */
id: string, } | { "kind": "InvalidDomain", 
/**
 * The registry part as entered, port included.
 */
domain: string, } | { "kind": "InvalidPort", 
/**
 * What follows the registry's `:`.
 */
port: string, } | { "kind": "Uppercase", 
/**
 * The repository name as entered (without registry, tag or digest).
 */
name: string, } | { "kind": "InvalidNameCharacters", 
/**
 * The repository name as entered.
 */
name: string, } | { "kind": "EmptyNameComponent", 
/**
 * The repository name as entered.
 */
name: string, } | { "kind": "SeparatorAtEdge", 
/**
 * The offending part.
 */
component: string, } | { "kind": "InvalidSeparator", 
/**
 * The offending part of the repository name.
 */
component: string, } | { "kind": "NameTooLong", 
/**
 * Length of the normalised path, in characters.
 */
length: number, 
/**
 * The most it may have: [`NAME_MAX_LEN`].
 */
max: number, } | { "kind": "EmptyTag" } | { "kind": "InvalidTag", 
/**
 * The tag as entered.
 */
tag: string, } | { "kind": "TagStartsWithSeparator", 
/**
 * The tag as entered.
 */
tag: string, } | { "kind": "TagTooLong", 
/**
 * Length of the tag, in characters.
 */
length: number, 
/**
 * The most it may have: [`TAG_MAX_LEN`].
 */
max: number, } | { "kind": "InvalidDigest", 
/**
 * The digest as entered (without the `@`).
 */
digest: string, 
/**
 * What is wrong with it.
 */
problem: DigestProblem, } | { "kind": "InvalidPlatform", 
/**
 * The platform as given.
 */
platform: string, };

export type ImagenError = { "kind": "EngineUnreachable", 
/**
 * The address Imagen tried, e.g. `unix:///var/run/docker.sock`.
 */
address: string, 
/**
 * What the operating system or the connection said (for logs and details).
 */
reason: string, 
/**
 * Why, as the UI decides on it (never by matching `reason`).
 */
cause: UnreachableCause, } | { "kind": "EngineTimeout", 
/**
 * The address Imagen tried.
 */
address: string, 
/**
 * How long Imagen waited.
 */
seconds: number, } | { "kind": "UnsupportedAddress", 
/**
 * The address as given.
 */
address: string, 
/**
 * What named it, when Imagen knows: the help then gives the one way back.
 */
namedBy: AddressNamedBy | null, } | { "kind": "EngineRejected", 
/**
 * HTTP status code from the engine.
 */
status: number, 
/**
 * The engine's own message.
 */
message: string, } | { "kind": "Protocol", 
/**
 * What failed to parse.
 */
message: string, } | { "kind": "NoSuchImage", 
/**
 * The ID or name asked for.
 */
reference: string, } | { "kind": "TagMoved", 
/**
 * The tag.
 */
reference: string, 
/**
 * The image it named where the user chose it.
 */
seen: ImageId, 
/**
 * The image it names now.
 */
now: ImageId, } | { "kind": "InvalidReference", 
/**
 * The text as typed.
 */
input: string, 
/**
 * Which rule it breaks, as an English sentence (for logs; the UI words `rule`).
 */
reason: string, 
/**
 * Which rule it breaks, with the values the UI needs to word it.
 */
rule: ReferenceRule, } | { "kind": "ImageNotFound", 
/**
 * The normalised reference asked for.
 */
reference: string, 
/**
 * The repository part (`docker.io/library/nginx`).
 */
repository: string, 
/**
 * The tag or digest asked for.
 */
tag: string, 
/**
 * What is missing, when the registry said.
 */
missing: Missing, } | { "kind": "Unauthorized", 
/**
 * The registry domain.
 */
registry: string, } | { "kind": "RateLimited", 
/**
 * The registry domain.
 */
registry: string, } | { "kind": "RegistryUnreachable", 
/**
 * The registry domain.
 */
registry: string, 
/**
 * What the engine said (its last words: `connection refused`, `HTTP 503`).
 */
reason: string, 
/**
 * Why, as the UI words it and says what to do (never by matching `reason`).
 */
cause: RegistryCause, } | { "kind": "PlatformUnavailable", 
/**
 * The normalised reference.
 */
reference: string, 
/**
 * The platform asked for, or the engine's own.
 */
platform: string, } | { "kind": "WindowsContainers", 
/**
 * The normalised reference.
 */
reference: string, } | { "kind": "DiskFull", 
/**
 * What the engine said.
 */
message: string, } | { "kind": "CredentialsUnavailable", 
/**
 * The registry domain.
 */
registry: string, 
/**
 * What went wrong and how to fix it.
 */
message: string, } | { "kind": "PullFailed", 
/**
 * What the engine said.
 */
message: string, } | { "kind": "RemovalConflict", 
/**
 * The tag or ID Imagen asked to remove.
 */
reference: string, 
/**
 * Why, when the engine's wording is recognised.
 */
reason: ConflictReason | null, 
/**
 * Names of every container created from the image.
 */
containers: Array<string>, 
/**
 * The engine's own words.
 */
message: string, } | { "kind": "InvalidInput", 
/**
 * Which value (`image`, `plan`, `pull`, `platform`…).
 */
field: string, 
/**
 * What is wrong with it, as a phrase.
 */
reason: string, } | { "kind": "EmptySelection" } | { "kind": "UnknownPlan", 
/**
 * The plan ID as given.
 */
id: string, } | { "kind": "AlreadyRunning", 
/**
 * The ID as given.
 */
id: string, } | { "kind": "EngineChanged", 
/**
 * What changed, each worded by the UI.
 */
changes: Array<PlanChange>, } | { "kind": "EngineSwitched", 
/**
 * The engine Imagen is on now, when it was reached.
 */
to: string | null, } | { "kind": "Internal", 
/**
 * What happened.
 */
message: string, } | { "kind": "EngineContext", 
/**
 * The context's name, when one is known.
 */
context: string | null, 
/**
 * What is wrong and what to do, as sentences.
 */
message: string, 
/**
 * What is wrong, for the page to word in the user's language (`message` is English).
 */
problem: ContextProblem, } | { "kind": "BadArchive", 
/**
 * The file's name (no folder).
 */
file: string, 
/**
 * What is wrong with it.
 */
problem: ArchiveProblem, } | { "kind": "FileProblem", 
/**
 * The file's name (no folder).
 */
file: string, 
/**
 * The operating system's words.
 */
reason: string, 
/**
 * What kind of trouble, for the page to word (the OS's words are English).
 */
trouble: FileTrouble, 
/**
 * It was being written (a save): then nothing partial was left behind, unless
 * `left_behind` names it.
 */
writing: boolean, 
/**
 * The hidden, unfinished file a save had begun beside the chosen one
 * (`.kit.tar.imagen-partial-…`, no folder), when it could not be removed (the drive
 * gone, a USB stick pulled out): it is still there. `None`: nothing partial was left
 * behind. Optional in TypeScript, as errors made without it (the UI's fake backend)
 * left nothing.
 */
leftBehind?: string | null, } | { "kind": "NotEnoughRoom", 
/**
 * The file's name (no folder).
 */
file: string, 
/**
 * The least the archive will take, in bytes.
 */
needs: number, 
/**
 * What the drive has free for this user, in bytes.
 */
free: number, } | { "kind": "UnknownFile", 
/**
 * The ID as given.
 */
id: string, };

export type ParsedReference = { 
/**
 * Fully normalised: `docker.io/library/nginx:latest`.
 */
normalized: string, 
/**
 * Short form as the `docker` CLI prints it: `nginx:latest`.
 */
familiar: string, 
/**
 * Registry: `docker.io`, `localhost:5000`, `[::1]:5000`.
 */
domain: string, 
/**
 * Repository path on the registry: `library/nginx`.
 */
path: string, 
/**
 * Tag, if any (`latest` when neither tag nor digest was entered).
 */
tag: string | null, 
/**
 * Digest, if any: `sha256:…`.
 */
digest: string | null, 
/**
 * Neither a tag nor a digest was typed, so `latest` is assumed (the Pull dialog says
 * so).
 */
tagDefaulted: boolean, };

export type LayerStatus = "Waiting" | "Downloading" | "Retrying" | "Verifying" | "Downloaded" | "Extracting" | "AlreadyExists" | "Complete";

export type LayerProgress = { 
/**
 * Short layer ID as the engine prints it (12 hex digits).
 */
id: string, 
/**
 * Current phase.
 */
status: LayerStatus, 
/**
 * Bytes of the current phase done (download, then extraction).
 */
current: number, 
/**
 * Compressed size, once the registry has said it.
 */
total: number | null, 
/**
 * While an engine that counts extraction in time, not bytes (the containerd image
 * store), extracts this layer: for how many seconds so far. `current` then says nothing
 * of the extraction (0): how far along it is, is not known.
 */
extractingSeconds?: number, };

export type PullProgress = { 
/**
 * Layers in the order the engine announced them.
 */
layers: Array<LayerProgress>, 
/**
 * 0‥1 over download and extraction of all layers; never moves backwards.
 * `None` while some layer's size is still unknown.
 */
fraction: number | null, 
/**
 * Bytes downloaded so far.
 */
downloaded: number, 
/**
 * Sum of the known layer sizes.
 */
total: number, 
/**
 * Download speed over the last few seconds.
 */
bytesPerSecond: number | null, 
/**
 * Seconds left at that speed, when the total is known.
 */
secondsLeft: number | null, 
/**
 * The latest line that is not about a layer ("Digest: sha256:…").
 */
message: string | null, 
/**
 * Things the user should know that do not stop the pull; they stay for its whole life.
 */
warnings: Array<{ "kind": "DockerConfigUnreadable", 
/**
 * The file's full path, e.g. `/home/ana/.docker/config.json`.
 */
path: string, 
/**
 * What is wrong with it, as a clause ("it is not valid JSON (line 3, column 7)");
 * never anything quoted from the file.
 */
problem: string, 
/**
 * The encoding it was saved in that docker cannot read either (a byte order mark,
 * UTF-16), when that is what is wrong: the UI then says it in its own words instead
 * of `problem`. Optional in TypeScript, as warnings made without it (the UI's fake
 * backend) had none.
 */
encoding?: UnreadableEncoding | null, } | { "kind": "CredentialHelperMissing", 
/**
 * The helper's name as configured: `desktop` for `docker-credential-desktop`.
 */
helper: string, }>, };

export type PullOutcome = { "kind": "Downloaded", 
/**
 * The reference as pulled, familiar form (`nginx:alpine`).
 */
reference: string, 
/**
 * The image it now names.
 */
imageId: ImageId | null, 
/**
 * The image the tag named before the pull, when that was another one: the tag moved
 * (`latest` is a name that moves), and that image stays on disk without it.
 */
replaced: ImageId | null, 
/**
 * The tag named no image before the pull: a first pull. docker still prints
 * "Downloaded newer image" then; a first-timer asks "newer than what?", so the app
 * says the image arrived instead. `false` when it named one, or that is not known.
 */
newTag: boolean, } | { "kind": "UpToDate", 
/**
 * The reference as pulled, familiar form.
 */
reference: string, 
/**
 * The image it names.
 */
imageId: ImageId | null, } | { "kind": "Cancelled" };

export type ImageDetails = { 
/**
 * Full ID (`sha256:…`): the SHA-256 of the image configuration.
 */
id: string, 
/**
 * Every `repo:tag`.
 */
tags: Array<string>, 
/**
 * Every `repo@sha256:…`.
 */
digests: Array<string>, 
/**
 * A digest is one of its names, as [`super::ImageSummary::digest_named`] says.
 */
digestNamed: boolean, 
/**
 * Creation time as the engine wrote it (RFC 3339).
 */
created: string, 
/**
 * Size in bytes, as the document says (`docker image inspect`'s `Size`). The classic
 * store counts the layers, as `docker images` does; Docker's containerd image store on
 * Engine 28 counts only the packed content, where the list (`docker images`) adds the
 * unpacked copy: the inspector shows the list's size where it has the image.
 */
size: number, 
/**
 * `size` as `docker images` prints sizes.
 */
sizeText: string, 
/**
 * `linux/amd64`, `linux/arm/v7`, …
 */
platform: string, 
/**
 * Number of filesystem layers.
 */
layers: number, 
/**
 * `ENTRYPOINT`, as a list.
 */
entrypoint: Array<string>, 
/**
 * `CMD`, as a list.
 */
cmd: Array<string>, 
/**
 * `WORKDIR`.
 */
workingDir: string, 
/**
 * `USER`.
 */
user: string, 
/**
 * `ENV`, as `KEY=value` strings.
 */
env: Array<string>, 
/**
 * `EXPOSE`, like `80/tcp`.
 */
exposedPorts: Array<string>, 
/**
 * `LABEL`s.
 */
labels: { [key in string]: string }, };

export type ImageInspection = { 
/**
 * `GET /images/{id}/json` exactly as the engine sent it.
 */
raw: string, 
/**
 * What the summary tab shows, read from `raw`.
 */
details: ImageDetails, };

export type HistoryEntry = { 
/**
 * Short image ID of the step, or `<missing>` (built elsewhere).
 */
id: string, 
/**
 * When the step was made, in seconds since the Unix epoch (the engine's `Created`);
 * `None` when the engine gave none, or one at or before 2000-01-01 (a reproducible
 * build's zero time), which `docker history` prints as "N/A". The UI words the age from it.
 */
created: number | null, 
/**
 * Age as `docker history` prints it, or "N/A" (English; for logs, and for the UI when
 * `created` is `None`).
 */
createdText: string, 
/**
 * The instruction that made the step.
 */
createdBy: string, 
/**
 * Bytes the step added.
 */
size: number, 
/**
 * Size as `docker history` prints it.
 */
sizeText: string, 
/**
 * Comment, if any.
 */
comment: string, };

export type FilterError = { "kind": "UnclosedQuote" } | { "kind": "UnknownKey", 
/**
 * The key as typed, lowercased (empty for `=x`).
 */
key: string, 
/**
 * Every valid key.
 */
valid: Array<string>, } | { "kind": "EmptyValue", 
/**
 * The key, lowercased.
 */
key: string, } | { "kind": "BadBool", 
/**
 * `dangling` or `in-use`.
 */
key: string, 
/**
 * The value as typed.
 */
value: string, } | { "kind": "ConflictingValues", 
/**
 * `dangling` or `in-use`.
 */
key: string, } | { "kind": "BadLabel", 
/**
 * The value after `label=`.
 */
value: string, } | { "kind": "BadPattern", 
/**
 * The pattern as typed.
 */
pattern: string, } | { "kind": "BadSize", 
/**
 * The value after the operator.
 */
value: string, } | { "kind": "WrongOperator", 
/**
 * The key, lowercased.
 */
key: string, 
/**
 * The operator typed: `=`, `>`, `<`, `>=` or `<=`.
 */
operator: string, } | { "kind": "NoSuchImage", 
/**
 * `before` or `since`.
 */
key: string, 
/**
 * The reference as typed.
 */
reference: string, };

export type Selection = { 
/**
 * Whole images, every tag included (full IDs).
 */
images: Array<ImageId>, 
/**
 * Single references (`nginx:alpine`), each removed on its own, with the image the user
 * saw it on.
 */
tags: Array<SelectedTag>, };

export type SelectedTag = { 
/**
 * The reference, as the image lists it (`nginx:alpine`).
 */
reference: string, 
/**
 * The full ID of the image it named for the user.
 */
image: ImageId, };

export type ContainerState = "running" | "paused" | "restarting" | "created" | "exited" | "dead" | "removing";

export type PlanContainer = { 
/**
 * Full container ID.
 */
id: ContainerId, 
/**
 * The 12 hex digits `docker ps` shows.
 */
shortId: string, 
/**
 * Name without the leading slash (`web-1`).
 */
name: string, 
/**
 * Current state.
 */
state: ContainerState, 
/**
 * The image it was created from.
 */
imageId: ImageId, 
/**
 * Creation time, seconds since the epoch.
 */
created: number, 
/**
 * Creation time worded like `docker ps` (`2 hours ago`).
 */
createdText: string, };

export type PlanChild = { 
/**
 * Full ID.
 */
id: ImageId, 
/**
 * Short ID.
 */
shortId: string, 
/**
 * Its first tag, or `<none>`.
 */
displayName: string, 
/**
 * The selected image it is built on.
 */
parent: ImageId, };

export type Verdict = "untagOnly" | "delete" | "needsForce" | "blocked" | "partialWithForce";

export type ConflictReason = "childImages" | "runningContainer" | "multipleReferences" | "stoppedContainer" | "referenceInUse";

export type PlanImage = { 
/**
 * Full ID.
 */
id: ImageId, 
/**
 * Short ID.
 */
shortId: string, 
/**
 * Card title.
 */
displayName: string, 
/**
 * Every tag it has now.
 */
tags: Array<string>, 
/**
 * Every digest reference it has now.
 */
digests: Array<string>, 
/**
 * The tags chosen for removal; empty when the whole image is selected.
 */
selectedTags: Array<string>, 
/**
 * Size as `docker images` counts it.
 */
size: number, 
/**
 * Size worded like `docker images`.
 */
sizeText: string, 
/**
 * Bytes no other image shares (`docker system df -v`'s UNIQUE SIZE), when known.
 */
uniqueSize: number | null, 
/**
 * How removing it would end, judged alone.
 */
verdict: Verdict, 
/**
 * Why a plain `docker rmi` is refused (for NeedsForce, Blocked, PartialWithForce).
 */
reason: ConflictReason | null, 
/**
 * Why even `-f` is refused (for Blocked).
 */
forcedReason: ConflictReason | null, };

export type Step = { "kind": "Unpause", 
/**
 * Container ID.
 */
container: ContainerId, 
/**
 * Container name.
 */
name: string, } | { "kind": "Stop", 
/**
 * Container ID.
 */
container: ContainerId, 
/**
 * Container name.
 */
name: string, } | { "kind": "RemoveContainer", 
/**
 * Container ID.
 */
container: ContainerId, 
/**
 * Container name.
 */
name: string, } | { "kind": "RemoveImage", 
/**
 * A tag or digest reference, or the image's full ID.
 */
reference: string, 
/**
 * `-f`.
 */
force: boolean, 
/**
 * The image the reference named when the plan was made: checked again right
 * before the call, so a tag moved meanwhile stops the run instead of deleting
 * another image.
 */
image: ImageId, };

export type ActionKind = "removeTag" | "delete" | "forceDelete" | "stopRemoveDelete";

export type Outcome = { "kind": "Succeeds", 
/**
 * References removed.
 */
untagged: Array<string>, 
/**
 * Images deleted (selected ones and parents pruned with them).
 */
deleted: Array<ImageId>, 
/**
 * Selected images that stay with no name (`<none>`).
 */
leftNameless: Array<ImageId>, 
/**
 * Sum of the deleted images' unique sizes.
 */
freed: number, 
/**
 * `freed` worded like `docker images`.
 */
freedText: string, 
/**
 * Containers stopped.
 */
stopped: Array<ContainerId>, 
/**
 * Containers removed.
 */
removedContainers: Array<ContainerId>, 
/**
 * Containers left pointing at a deleted or nameless image.
 */
orphaned: Array<ContainerId>, } | { "kind": "Refused", 
/**
 * Index into the action's steps.
 */
step: number, 
/**
 * The image refused.
 */
image: ImageId, 
/**
 * Why.
 */
reason: ConflictReason, 
/**
 * Whether force would get past it.
 */
hard: boolean, 
/**
 * The container named by the conflict, when there is one.
 */
container: ContainerId | null, };

export type PlanAction = { 
/**
 * Which action.
 */
kind: ActionKind, 
/**
 * What Imagen will ask the engine, in order.
 */
steps: Array<Step>, 
/**
 * The same as docker commands.
 */
commands: Array<string>, 
/**
 * What it would do.
 */
outcome: Outcome, };

export type RemovalPlan = { 
/**
 * The plan's ID: what the UI sends back to run one of its actions. The plan itself
 * stays in the backend, so nothing the web view sends names what to delete.
 */
id: string, 
/**
 * The selected images, children before parents.
 */
images: Array<PlanImage>, 
/**
 * Containers using a selected image.
 */
containers: Array<PlanContainer>, 
/**
 * Images built on a selected image that are not selected.
 */
children: Array<PlanChild>, 
/**
 * Actions, in the order the UI offers them.
 */
actions: Array<PlanAction>, 
/**
 * The engine is Podman's Docker-compatible API, whose force also removes containers.
 */
podman: boolean, };

export type RemovalEvent = { "kind": "Started", 
/**
 * Index into the steps.
 */
step: number, } | { "kind": "Finished", 
/**
 * Index into the steps.
 */
step: number, 
/**
 * References the engine removed.
 */
untagged: Array<string>, 
/**
 * Images the engine deleted.
 */
deleted: Array<string>, 
/**
 * The object was already gone (404); nothing to do.
 */
alreadyGone: boolean, } | { "kind": "Failed", 
/**
 * Index into the steps.
 */
step: number, 
/**
 * Why.
 */
error: ImagenError, };

export type ImageKept = { 
/**
 * Its ID.
 */
image: ImageId, 
/**
 * Its name in the plan (`<none>:<none>` when it had none).
 */
name: string, 
/**
 * The tags it has now; empty when `docker images` lists it as `<none>`.
 */
tags: Array<string>, };

export type ImageDeleted = { 
/**
 * Its ID.
 */
image: ImageId, 
/**
 * Its name when the run started (`<none>:<none>` when it had none).
 */
name: string, };

export type PlanMismatch = { 
/**
 * Images the plan said would be deleted that are still on the engine.
 */
notDeleted: Array<ImageKept>, 
/**
 * Tags the plan said would be removed that still name an image (those of a
 * `not_deleted` image are in its `tags` instead).
 */
notUntagged: Array<string>, 
/**
 * Images the engine deleted that the plan did not say it would.
 */
alsoDeleted: Array<ImageDeleted>, };

export type RemovalReport = { 
/**
 * How many steps went through.
 */
stepsRun: number, 
/**
 * References removed.
 */
untagged: Array<string>, 
/**
 * Images (and layers) the engine reported deleted.
 */
deleted: Array<string>, 
/**
 * Why the run stopped early; `None` when every step went through.
 */
failed: ImagenError | null, 
/**
 * The user cancelled; the steps after `steps_run` did not run (but see
 * `engine_removing`).
 */
cancelled: boolean, 
/**
 * Cancelled while Imagen waited for the engine to remove a container by itself (one
 * started with `docker run --rm`, once stopped), and the container was still there at
 * a last look: that removal's step (an index into the steps, the one after the
 * `steps_run` that went through). Imagen did not run it and it did not fail: the engine
 * goes on removing the container. `None` otherwise.
 */
engineRemoving?: number | null, 
/**
 * Where the engine did otherwise than the plan said, looked at after the last step:
 * `None` when it did what the plan said, or when the run stopped before the end. The
 * plan follows the engine's classic rules, apart from the containerd image store's that
 * `model.rs` knows (Docker Desktop's default), so that store can still differ.
 */
mismatch?: PlanMismatch | null, };

export type PlanChange = { "kind": "TagMoved", 
/**
 * The tag.
 */
reference: string, 
/**
 * The image it named in the plan.
 */
from: ImageId, 
/**
 * The image it names now.
 */
to: ImageId | null, } | { "kind": "ImageGone", 
/**
 * Its ID.
 */
image: ImageId, 
/**
 * Its name in the plan.
 */
name: string, } | { "kind": "ImageAdded", 
/**
 * Its ID.
 */
image: ImageId, 
/**
 * Its name.
 */
name: string, } | { "kind": "TagsChanged", 
/**
 * Its ID.
 */
image: ImageId, 
/**
 * Its name in the plan.
 */
name: string, 
/**
 * Tags it has now and had not.
 */
added: Array<string>, 
/**
 * Tags it had and has not now.
 */
removed: Array<string>, } | { "kind": "ContainerAdded", 
/**
 * The container's name.
 */
container: string, 
/**
 * The image it uses.
 */
image: ImageId, 
/**
 * Its state.
 */
state: ContainerState, } | { "kind": "ContainerGone", 
/**
 * The container's name.
 */
container: string, } | { "kind": "ContainerStateChanged", 
/**
 * The container's name.
 */
container: string, 
/**
 * The state in the plan.
 */
from: ContainerState, 
/**
 * The state now.
 */
to: ContainerState, } | { "kind": "ChildAdded", 
/**
 * The child's name.
 */
child: string, 
/**
 * The image of the plan it is built on.
 */
parent: ImageId, } | { "kind": "ChildGone", 
/**
 * The child's name.
 */
child: string, 
/**
 * The image of the plan it was built on.
 */
parent: ImageId, } | { "kind": "EngineSwitched", 
/**
 * The engine the plan was made on (its address).
 */
from: string, 
/**
 * The engine Imagen is connected to now.
 */
to: string, } | { "kind": "OutcomeChanged" };

export type RemovalRun = { "kind": "Ran", 
/**
 * What they did.
 */
report: RemovalReport, } | { "kind": "Changed", 
/**
 * What changed.
 */
changes: Array<PlanChange>, 
/**
 * The plan for the same selection now.
 */
plan: RemovalPlan | null, };

export type PlanRecheck = { "kind": "Same" } | { "kind": "Changed", 
/**
 * What changed, as a run's re-check words it.
 */
changes: Array<PlanChange>, 
/**
 * The plan for the same selection now.
 */
plan: RemovalPlan | null, };

export type PruneMode = "dangling" | "unused";

export type PruneImage = { 
/**
 * Full ID.
 */
id: ImageId, 
/**
 * Short ID.
 */
shortId: string, 
/**
 * Card title (or `<none>` for intermediate images).
 */
displayName: string, 
/**
 * References it would lose.
 */
untagged: Array<string>, 
/**
 * Whether the image itself goes (false: only untagged, because images are built on it
 * or a container uses it).
 */
deleted: boolean, 
/**
 * An intermediate image of a classic build (no name, images built on it): only
 * `docker images -a` lists it, and it goes with the image built on it.
 */
intermediate: boolean, 
/**
 * Unique size, when known.
 */
uniqueSize: number | null, };

export type PruneKept = { 
/**
 * Full ID.
 */
id: ImageId, 
/**
 * Short ID.
 */
shortId: string, 
/**
 * The containers made from it, the first one created first.
 */
containers: Array<PlanContainer>, };

export type PrunePreview = { 
/**
 * The preview's ID: confirming sends only this, and runs exactly this preview.
 */
id: string, 
/**
 * Which prune.
 */
mode: PruneMode, 
/**
 * Images touched, deleted ones first.
 */
images: Array<PruneImage>, 
/**
 * Sum of the deleted images' unique sizes (those the engine gave).
 */
freed: number, 
/**
 * `freed` worded like `docker images`; `None` when the engine gave no deleted
 * image's unique size (then `freed` is no figure at all).
 */
freedText: string | null, 
/**
 * Dangling images `docker image prune` leaves because a container was made from them,
 * even a stopped one (the engine refuses the delete; the prune says nothing of it).
 * Only for [`PruneMode::Dangling`]: under `-a` every image a container uses is kept.
 */
kept: Array<PruneKept>, 
/**
 * The engine it was made on (its address). A preview asked again after a reconnect
 * that found docker on another engine is that engine's list, and is said to be.
 */
engine: string, 
/**
 * Intermediate build images go by themselves and the images built on them stay whole
 * (Docker's containerd image store); on the classic store they go with the images
 * built on them.
 */
intermediatesAlone: boolean, };

export type PruneReport = { 
/**
 * Image IDs deleted (layer entries left out).
 */
deleted: Array<string>, 
/**
 * References removed.
 */
untagged: Array<string>, 
/**
 * Space freed: the drop in the engine's layer storage (`/system/df` `LayersSize`)
 * across the prune, or the deleted images' unique sizes when that is not known;
 * `None` when the engine gave neither.
 */
reclaimed: number | null, 
/**
 * `reclaimed` worded like `docker image prune`.
 */
reclaimedText: string | null, 
/**
 * Previewed images left alone because they changed after the confirmation: a tag
 * added or removed in a terminal, or a container that now uses the image.
 */
left: Array<PlanChange>, 
/**
 * Images the preview was to delete that were gone when the prune reached them (removed
 * in a terminal after the preview, or while the prune ran), named as the preview named
 * them (a tag, or the short ID of an image without one).
 */
goneBefore: Array<string>, 
/**
 * Why the prune stopped before the end; what it did until then is above.
 */
failed: ImagenError | null, };

export type PruneRun = { "kind": "Ran", 
/**
 * What the engine did.
 */
report: PruneReport, } | { "kind": "Changed", 
/**
 * What changed.
 */
changes: Array<PlanChange>, 
/**
 * The preview now.
 */
preview: PrunePreview, };

export type RecordStatus = { "status": "Running" } | { "status": "Done" } | { "status": "Refused", 
/**
 * Why.
 */
error: ImagenError, } | { "status": "Cancelled" } | { "status": "Changed" };

export type RecordEntry = { 
/**
 * 1, 2, 3… in the order the commands started.
 */
seq: number, 
/**
 * When it started, in milliseconds since the Unix epoch.
 */
startedMs: number, 
/**
 * The docker command (`docker pull nginx:latest`), quoted for a POSIX shell.
 */
command: string, 
/**
 * How it ended.
 */
status: RecordStatus, 
/**
 * Set when the entry is Imagen switching engines rather than a docker command it ran:
 * `command` is then what puts a terminal on the same engine (the switcher's "the same in
 * a terminal"), so a copied script replays what follows on that engine too. Optional in
 * TypeScript, so an entry made without it (the UI's fake backend) still type-checks.
 */
engine?: { 
/**
 * A context's name, or (with `socket`) the English name of whose socket it is.
 */
label: string, 
/**
 * For a socket found on this machine: whose it is, for the page to name.
 */
socket: SocketKind | null, 
/**
 * Chosen as "like the docker command": the engine is the one that rule found.
 */
automatic: boolean, 
/**
 * Not a switch this run: the engine chosen in an earlier one, which Imagen starts on.
 * Heading the record, it puts a replayed script on the engine its commands ran on.
 */
remembered: boolean, }, };

export type FilePurpose = "Save" | "Load";

export type Language = "en" | "es";

export type GrantedFile = { 
/**
 * `file-` and 32 hex digits.
 */
id: string, 
/**
 * The file's name, without its folder.
 */
name: string, 
/**
 * What it was chosen for.
 */
purpose: FilePurpose, };

export type FileDrop = { "kind": "Over", 
/**
 * How many.
 */
count: number, } | { "kind": "Left" } | { "kind": "Dropped", 
/**
 * The file to load; `None` when the drop held no path.
 */
file: GrantedFile | null, 
/**
 * How many others were dropped with it: not kept, nor loaded.
 */
ignored: number, };

export type SaveItem = { 
/**
 * `sha256:` + 64 hex digits.
 */
id: string, 
/**
 * The tags the user saw on it (`nginx:1.27`), possibly none.
 */
tags: Array<string>, };

export type SaveProgress = { 
/**
 * Bytes of the archive written to the file.
 */
written: number, 
/**
 * About how many bytes the archive will have (the images' sizes as an archive holds
 * them, where the engine says enough: shared layers once, and packed on the containerd
 * image store); the engine does not say in advance.
 */
expected: number, 
/**
 * The engine has sent the whole archive; Imagen makes sure it is on disk (which can take
 * minutes on a USB stick or a network folder) and then gives it its name.
 */
finishing: boolean, };

export type KitChange = { "kind": "ImageGone", 
/**
 * Its full ID.
 */
id: string, } | { "kind": "TagMoved", 
/**
 * The tag, as shown.
 */
reference: string, 
/**
 * What it names now.
 */
now: string | null, } | { "kind": "EngineSwitched", 
/**
 * The engine the images were seen on (its address).
 */
from: string, 
/**
 * The engine Imagen is connected to now.
 */
to: string, };

export type SaveOutcome = { "status": "Saved", 
/**
 * The file's name (no folder).
 */
file: string, 
/**
 * Its size.
 */
bytes: number, 
/**
 * What was asked of the engine: tags, and IDs of untagged images.
 */
names: Array<string>, 
/**
 * `docker save -o kit.tar nginx:1.27 alpine:3.20`.
 */
command: string, 
/**
 * The file the user chose, when the archive went beside it instead (`kit (2).tar`):
 * that file is left as it is, for the reason `beside_because` gives.
 */
insteadOf: string | null, 
/**
 * Why the archive went beside the chosen file (`None` when it did not). Inlined, and
 * optional in TypeScript so that a `Saved` made without it (the UI's fake backend)
 * still type-checks; the UI reads a missing one as `Changed`.
 */
besideBecause?: "Changed" | "InUse" | "Refused" | null, } | { "status": "Cancelled", 
/**
 * The unfinished file's name (hidden, beside the chosen one) when it could not be
 * removed. Optional in TypeScript, as `beside_because` above.
 */
leftBehind?: string | null, } | { "status": "Changed", 
/**
 * What changed.
 */
changes: Array<KitChange>, };

export type Compression = "None" | "Gzip" | "Xz" | "Zstd";

export type ArchiveProblem = { "kind": "NotAnArchive" } | { "kind": "Truncated" } | { "kind": "NoManifest" } | { "kind": "MissingPart", 
/**
 * The part's path inside the archive.
 */
name: string, } | { "kind": "Corrupt", 
/**
 * What is damaged, as a fact the UI words in the user's language.
 */
damage: Damage, } | { "kind": "Empty" } | { "kind": "BadTag", 
/**
 * The tag as the manifest has it, escaped for showing.
 */
tag: string, } | { "kind": "DataAfterEnd" } | { "kind": "Folder" } | { "kind": "Bzip2" };

export type Damage = { "kind": "Compression", 
/**
 * How the file is compressed.
 */
method: Compression, 
/**
 * What the decompressor said.
 */
detail: string, } | { "kind": "TarHeader" } | { "kind": "HeaderAfterEnd" } | { "kind": "ExtendedHeaderTooLarge" } | { "kind": "IndexTooLarge", 
/**
 * `manifest.json` or `index.json`.
 */
name: string, } | { "kind": "Manifest", 
/**
 * What the JSON reader said.
 */
detail: string, };

export type ArchivePreview = { 
/**
 * The file's name (no folder).
 */
file: string, 
/**
 * Its size on disk.
 */
bytes: number, 
/**
 * How it is compressed.
 */
compression: Compression, 
/**
 * The engine's `docker load` cannot decompress this file itself (zstd before Engine
 * 23.0), so the command a user would type decompresses it first: `zstd -dc kit.tar.zst
 * | docker load`. Imagen loads it either way (it sends the plain tar). `false` when the
 * engine could not be asked.
 */
decompressFirst: boolean, 
/**
 * The tags it holds (`nginx:1.27`), from its `manifest.json`.
 */
tags: Array<string>, 
/**
 * How many images it holds (untagged ones included).
 */
images: number, 
/**
 * Its tags that already name another image on the engine: loading moves them (the
 * engine does so without asking), and that image keeps only its other names. `None`
 * when the engine could not be asked.
 */
taken: Array<TagTaken> | null, 
/**
 * The platform each image was built for, as its config says (images whose config does
 * not say are left out): one built for another platform than the engine's loads, and
 * then runs emulated (slowly), or not at all.
 */
platforms: Array<ImagePlatform>, 
/**
 * The engine's platform (`linux/amd64`); `None` when it could not be asked. Optional
 * in TypeScript, so that a preview made without it (the UI's fake backend) type-checks.
 */
enginePlatform?: string | null, };

export type TagTaken = { 
/**
 * The tag, as the archive spells it.
 */
tag: string, 
/**
 * The full ID of the image it names on the engine (before the load).
 */
holder: string, };

export type ImagePlatform = { 
/**
 * Its tags in the archive (`web:1`), possibly none.
 */
tags: Array<string>, 
/**
 * Its ID (`sha256:` + its config's digest), when the archive's name for its config
 * carries it.
 */
id: string | null, 
/**
 * `os/architecture`, and `/variant` when its config says one (`linux/arm64/v8`), with
 * architectures named as Docker names them (`amd64`, `arm64`).
 */
platform: string, };

export type LoadProgress = { 
/**
 * Bytes of the file read and sent.
 */
read: number, 
/**
 * The file's size.
 */
total: number, 
/**
 * Plain tar bytes the engine has taken so far: what moves while the upload goes on
 * (a compressed file's `read` can stand still for a while between two reads).
 */
sent: number, 
/**
 * The engine has taken the whole archive and imports it: it answers only when done.
 * (`read` reaches `total` earlier: the file is read a few pieces ahead of the upload.)
 */
ended: boolean, 
/**
 * The file is being checked again before the upload (it may have changed since the
 * preview): `read` is how far; nothing has been sent yet. A big `.tar.xz` on a USB
 * stick takes minutes here.
 */
checking: boolean, 
/**
 * The file's drive has not delivered what was asked of it for a few seconds (asleep,
 * slow, unplugged): a stall is the drive's, not the engine's.
 */
waitingForFile: boolean, };

export type LoadOutcome = { "status": "Loaded", 
/**
 * What the engine said it loaded: tags (`nginx:1.27`), and the IDs of untagged images.
 */
images: Array<string>, 
/**
 * `docker load -i kit.tar`.
 */
command: string, 
/**
 * Tags the load moved from another image, as the engine reported them.
 */
moved: Array<TagTaken>, } | { "status": "Cancelled", 
/**
 * The engine had taken the whole archive when the Cancel came.
 */
importing: boolean, 
/**
 * What the engine had said it loaded before the Cancel (tags, IDs of untagged
 * images): on the engine now. Others it finished may be there too.
 */
images: Array<string>, 
/**
 * Tags it had said it moved from another image before the Cancel.
 */
moved: Array<TagTaken>, } | { "status": "Failed", 
/**
 * Why it stopped.
 */
error: ImagenError, 
/**
 * What the engine had said it loaded before it failed (tags, IDs of untagged
 * images): on the engine now.
 */
images: Array<string>, 
/**
 * Tags it had said it moved from another image before it failed.
 */
moved: Array<TagTaken>, } | { "status": "Changed", 
/**
 * The archive and the engine now.
 */
preview: ArchivePreview, 
/**
 * What changed.
 */
change: LoadChange, };

export type LoadChange = { "kind": "Archive" } | { "kind": "EngineSwitched", 
/**
 * The engine the preview was made on (its address).
 */
from: string, 
/**
 * The engine Imagen is connected to now.
 */
to: string, };

export type TagChange = { "kind": "EngineSwitched", 
/**
 * The engine the image was seen on (its address).
 */
from: string, 
/**
 * The engine Imagen is connected to now.
 */
to: string, } | { "kind": "ImageGone" } | { "kind": "TargetTaken", 
/**
 * The tag, normalised (`docker.io/library/web:2`) and familiar (`web:2`).
 */
reference: string, 
/**
 * The full ID it named when the user looked, if any.
 */
before: string | null, 
/**
 * The full ID it names now.
 */
now: string, } | { "kind": "HolderChanged", 
/**
 * The tag, familiar (`web:2`).
 */
reference: string, 
/**
 * The full ID of the image that has it.
 */
holder: string, 
/**
 * The tags that image would keep now, familiar (`web:1`); empty: none.
 */
keeps: Array<string>, };

export type TagOutcome = { "status": "Tagged", 
/**
 * The tag in the short form `docker images` shows (`web:2`, `reg:5000/a/b:1`).
 */
reference: string, 
/**
 * `docker tag sha256:… web:2` (the image's full ID: see [`tag_command`]).
 */
command: string, } | { "status": "Changed", 
/**
 * What changed.
 */
change: TagChange, };

export type UnknownReason = "NotFromRegistry" | "RegistryUnreachable" | "Unauthorized" | "NotFound" | "Other" | "OtherOnRegistry";

export type UpdateStatus = { "status": "Current" } | { "status": "Newer", 
/**
 * The registry's digest for the tag (`sha256:…`).
 */
remoteDigest: string, } | { "status": "Unknown", 
/**
 * Why.
 */
reason: UnknownReason, };

export type UpdateResult = { 
/**
 * The tag as `docker images` shows it (`nginx:1.27`).
 */
reference: string, 
/**
 * The full ID of the local image it names.
 */
imageId: string, 
/**
 * The answer.
 */
status: UpdateStatus, };

export type RegistryProblem = { 
/**
 * The registry's host (`docker.io`, `127.0.0.1:5000`).
 */
registry: string, 
/**
 * How many tags could not be checked because of it.
 */
tags: number, 
/**
 * What went wrong, once.
 */
error: ImagenError, };

export type UpdateCheck = { 
/**
 * One per tag checked, in the list's order; when the check was stopped, only the tags
 * answered before it was.
 */
results: Array<UpdateResult>, 
/**
 * Registries that could not be asked.
 */
problems: Array<RegistryProblem>, 
/**
 * The user stopped the check before its end.
 */
stopped: boolean, 
/**
 * Tags left unchecked because the check was stopped.
 */
unchecked: number, };

export type UpdateProgress = { 
/**
 * Tags with an answer (a tag never pulled from a registry has one at once).
 */
checked: number, 
/**
 * Tags to check.
 */
total: number, };
