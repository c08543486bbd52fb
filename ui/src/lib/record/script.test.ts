import { afterEach, describe, expect, it } from "vitest";
import type { RecordEntry, RecordStatus } from "../ipc/api";
import { setLocale } from "../i18n/locale.svelte";
import { recordScript, scriptLine, type ScriptWords } from "./script";
import { scriptWords } from "./words";

afterEach(() => setLocale("en"));

const entry = (seq: number, command: string, status: RecordStatus): RecordEntry => ({
  seq,
  startedMs: 1_764_640_000_000 + seq * 1000,
  command,
  status,
});

const gone: RecordStatus = {
  status: "Refused",
  error: { kind: "NoSuchImage", reference: "nginx" },
};

const record: RecordEntry[] = [
  entry(1, "docker pull nginx:latest", { status: "Done" }),
  entry(2, "docker rmi nginx", gone),
  entry(3, "docker save -o kit.tar nginx:latest", { status: "Cancelled" }),
  entry(4, "docker tag sha256:abc nginx:1.0", { status: "Changed" }),
  entry(5, "docker load -i kit.tar", { status: "Running" }),
  entry(6, "docker tag nginx:latest 'my app:1'", { status: "Done" }),
];

/** Plain words, to test the shape apart from the catalogs. */
const words: ScriptWords = {
  header: "HEADER",
  powershell: "POWERSHELL",
  trimmed: null,
  refused: (e) => `REFUSED ${e.kind}`,
  cancelled: "CANCELLED",
  changed: "CHANGED",
  running: "RUNNING",
  switched: (e) => `SWITCHED ${e.label}${e.automatic ? " AUTO" : ""}`,
};

/** Imagen's switch to an engine, recorded as the command that puts a terminal there. */
const switched = (
  seq: number,
  command: string,
  engine: NonNullable<RecordEntry["engine"]>,
): RecordEntry => ({ ...entry(seq, command, { status: "Done" }), engine });

describe("recordScript", () => {
  it("runs Done commands as they are and comments every other one with its reason", () => {
    expect(recordScript(record, words)).toBe(
      [
        "#!/bin/sh",
        "# HEADER",
        "docker pull nginx:latest",
        "# docker rmi nginx   # REFUSED NoSuchImage",
        "# docker save -o kit.tar nginx:latest   # CANCELLED",
        "# docker tag sha256:abc nginx:1.0   # CHANGED",
        "# docker load -i kit.tar   # RUNNING",
        "docker tag nginx:latest 'my app:1'",
        "",
      ].join("\n"),
    );
  });

  it("is PowerShell's on Windows: no #!/bin/sh line, a line saying so, the same commands", () => {
    const posix = recordScript(record, words, false);
    const powershell = recordScript(record, words, true);
    expect(posix.startsWith("#!/bin/sh\n# HEADER\n")).toBe(true);
    expect(posix).not.toContain("POWERSHELL");
    expect(powershell).toBe(
      `# HEADER\n# POWERSHELL\n${posix.slice("#!/bin/sh\n# HEADER\n".length)}`,
    );
  });

  it("keeps an engine switch as the command that moves the terminal, after a comment saying so", () => {
    const withSwitch = [
      entry(1, "docker pull nginx:latest", { status: "Done" }),
      switched(2, "docker context use colima", {
        label: "colima",
        socket: null,
        automatic: false,
        remembered: false,
      }),
      entry(3, "docker rmi nginx", { status: "Done" }),
      switched(4, "export DOCKER_HOST=tcp://10.0.0.5:2375", {
        label: "default",
        socket: null,
        automatic: true,
        remembered: false,
      }),
    ];
    expect(recordScript(withSwitch, words, false)).toBe(
      [
        "#!/bin/sh",
        "# HEADER",
        // The commands in a subshell: the guard's exit ends it, not a terminal pasted into.
        "(",
        "docker pull nginx:latest",
        "# SWITCHED colima",
        // A terminal without that context stops here, not on its own engine's `docker rmi`.
        "docker context use colima || exit 1",
        "docker rmi nginx",
        "# SWITCHED default AUTO",
        "export DOCKER_HOST=tcp://10.0.0.5:2375",
        ")",
        "",
      ].join("\n"),
    );
    // PowerShell's, on Windows: the switcher's command is PowerShell's there too.
    expect(
      recordScript(
        [
          switched(1, '$env:DOCKER_HOST="npipe:////./pipe/podman-machine-default"', {
            label: "Podman machine",
            socket: "PodmanMachine",
            automatic: false,
            remembered: false,
          }),
        ],
        words,
        true,
      ),
    ).toBe(
      '# HEADER\n# POWERSHELL\n# SWITCHED Podman machine\n$env:DOCKER_HOST="npipe:////./pipe/podman-machine-default"\n',
    );
  });

  it("is only the header for an empty record", () => {
    expect(recordScript([], words)).toBe("#!/bin/sh\n# HEADER\n");
  });

  it("says under the header when the oldest commands were dropped", () => {
    expect(recordScript([], { ...words, trimmed: "TRIMMED" })).toBe(
      "#!/bin/sh\n# HEADER\n# TRIMMED\n",
    );
  });

  it("never lets a reason or a quoted newline become a line the shell would run", () => {
    const multi: ScriptWords = {
      ...words,
      header: "one\ntwo",
      refused: () => "the engine said:\nno\r\n  way",
    };
    const command = "docker save -o 'a\nb.tar' nginx";
    expect(scriptLine(entry(1, command, gone), multi)).toBe(
      "# docker save -o 'a\n# b.tar' nginx   # the engine said: no way",
    );
    // A Done command keeps its quoted newline: the shell reads it as one argument.
    expect(scriptLine(entry(1, command, { status: "Done" }), multi)).toBe(command);
    expect(recordScript([], multi)).toBe("#!/bin/sh\n# one two\n");
    for (const line of recordScript([entry(1, command, gone)], multi)
      .split("\n")
      .slice(1, -1))
      expect(line).toMatch(/^# /);
  });
});

describe("the script's words", () => {
  const date = new Date(Date.UTC(2026, 2, 5, 13, 7));

  it("are English for an English user, the commands untouched", () => {
    const text = recordScript(record, scriptWords(date));
    const lines = text.split("\n");
    expect(lines[0]).toBe("#!/bin/sh");
    expect(lines[1]).toMatch(/^# Recorded by Imagen on Mar 5, 2026, \d+:07\s?[AP]M\.$/);
    expect(lines.slice(2, -1)).toEqual([
      "docker pull nginx:latest",
      "# docker rmi nginx   # refused: The image nginx is no longer on this engine. Refresh to see the current list.",
      "# docker save -o kit.tar nginx:latest   # cancelled",
      "# docker tag sha256:abc nginx:1.0   # not run: the engine had changed since you looked",
      "# docker load -i kit.tar   # still running when this was copied",
      "docker tag nginx:latest 'my app:1'",
    ]);
  });

  it("are Spanish for a Spanish user, the commands untouched", () => {
    setLocale("es");
    const text = recordScript(record, scriptWords(date));
    const lines = text.split("\n");
    expect(lines[0]).toBe("#!/bin/sh");
    expect(lines[1]).toMatch(/^# Comandos anotados por Imagen el 5 mar 2026, \d+:07\.$/);
    expect(lines.slice(2, -1)).toEqual([
      "docker pull nginx:latest",
      "# docker rmi nginx   # rechazado: La imagen nginx ya no está en este motor. Actualiza la lista para ver las imágenes que hay ahora.",
      "# docker save -o kit.tar nginx:latest   # cancelado",
      "# docker tag sha256:abc nginx:1.0   # no se ejecutó: el motor había cambiado desde que miraste",
      "# docker load -i kit.tar   # aún en curso cuando se copió",
      "docker tag nginx:latest 'my app:1'",
    ]);
  });

  it("ends a PowerShell script whose docker context use fails, as a POSIX one does", () => {
    const use = switched(1, "docker context use colima", {
      label: "colima",
      socket: null,
      automatic: false,
      remembered: false,
    });
    // In a script block, whose `return` ends it: `exit` would close a PowerShell pasted into.
    expect(recordScript([use], words, true)).toBe(
      [
        "# HEADER",
        "# POWERSHELL",
        "& {",
        "# SWITCHED colima",
        "docker context use colima; if ($LASTEXITCODE -ne 0) { return }",
        "}",
        "",
      ].join("\n"),
    );
    // Cleared of DOCKER_HOST first: the guard still follows the context's command.
    const cleared = { ...use, command: "unset DOCKER_HOST; docker context use colima" };
    expect(recordScript([cleared], words, false).split("\n")).toContain(
      "unset DOCKER_HOST; docker context use colima || exit 1",
    );
    // Not run in Imagen: kept commented, as it was.
    const refused = { ...use, status: { status: "Cancelled" } } as const;
    expect(recordScript([refused], words, false)).not.toContain("exit 1");
    expect(recordScript([refused], words, false).split("\n")).not.toContain("(");
  });

  it("say an engine switch in the user's language, naming the engine as the switcher does", () => {
    const entries = [
      switched(1, "docker context use colima", {
        label: "colima",
        socket: null,
        automatic: false,
        remembered: false,
      }),
      switched(2, "export DOCKER_HOST=unix:///var/run/docker.sock", {
        label: "Standard socket",
        socket: "Standard",
        automatic: false,
        remembered: false,
      }),
      switched(3, "docker context use default", {
        label: "default",
        socket: null,
        automatic: true,
        remembered: false,
      }),
    ];
    expect(recordScript(entries, scriptWords(date)).split("\n").slice(3, -2)).toEqual([
      "# Imagen switched to engine colima; the same in a terminal:",
      "docker context use colima || exit 1",
      "# Imagen switched to engine Standard socket; the same in a terminal:",
      "export DOCKER_HOST=unix:///var/run/docker.sock",
      "# Imagen switched to engine default (like the docker command); the same in a terminal:",
      "docker context use default || exit 1",
    ]);
    setLocale("es");
    expect(recordScript(entries, scriptWords(date)).split("\n").slice(3, -2)).toEqual([
      "# Imagen cambió al motor colima; el equivalente en una terminal:",
      "docker context use colima || exit 1",
      "# Imagen cambió al motor Socket estándar; el equivalente en una terminal:",
      "export DOCKER_HOST=unix:///var/run/docker.sock",
      "# Imagen cambió al motor default (como el comando docker); el equivalente en una terminal:",
      "docker context use default || exit 1",
    ]);
  });
});
