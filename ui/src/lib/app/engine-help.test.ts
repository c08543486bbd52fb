import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import { engineHelp, isEngineProblem, type EngineHelp } from "./engine-help";
import { detectOs, type DesktopOs } from "./platform";
import type { ImagenError } from "../ipc/api";

const refused: Extract<ImagenError, { kind: "EngineUnreachable" }> = {
  kind: "EngineUnreachable",
  address: "unix:///var/run/docker.sock",
  reason: "Connection refused",
  cause: "Refused",
};

afterEach(() => setLocale("en"));

describe("engine help", () => {
  it("gives each OS its own way to start the engine", () => {
    const commands = (os: "macos" | "windows" | "linux") =>
      engineHelp(refused, os)
        .steps.map((s) => `${s.text} ${s.command ?? ""}`)
        .join(" ");
    expect(commands("linux")).toContain("sudo systemctl start docker");
    expect(commands("macos")).toContain("Docker Desktop");
    expect(commands("macos")).toContain("colima start");
    expect(commands("windows")).toContain("Docker Desktop");
  });

  it("names the address it tried", () => {
    expect(engineHelp(refused, "linux").detail).toContain("unix:///var/run/docker.sock");
  });

  it("suggests the docker group on permission denied", () => {
    // Decided by the typed cause: the wording of `reason` varies by OS and language.
    const help = engineHelp(
      { ...refused, reason: "Acceso denegado", cause: "PermissionDenied" },
      "linux",
    );
    expect(help.steps[0]?.command).toBe("sudo usermod -aG docker $USER");
  });

  it("never calls a refused user a stopped engine: each place says how to be let in", () => {
    const denied = (address: string, os: DesktopOs) =>
      engineHelp({ ...refused, address, cause: "PermissionDenied" }, os);
    // Windows: Docker Desktop runs, and admits docker-users (a managed laptop's student is not).
    const windows = denied("npipe:////./pipe/docker_engine", "windows");
    expect(windows.title).toBe("Imagen is not allowed to use the Docker engine");
    expect(windows.title).not.toMatch(/not running/);
    expect(windows.steps[0]?.text).toMatch(/docker-users/);
    // Run in the user's own PowerShell, so $env: names the user; Windows then asks for an
    // administrator's password. An admin's elevated shell would have added the admin.
    expect(windows.steps[0]?.command).toBe(
      `Start-Process powershell -Verb RunAs -ArgumentList "net localgroup docker-users '$env:USERDOMAIN\\$env:USERNAME' /add; pause"`,
    );
    expect(windows.steps[0]?.text).toMatch(/in your own PowerShell \(not as administrator\)/);
    expect(JSON.stringify(windows)).not.toMatch(/usermod|Open Docker Desktop/);
    // Rootful Podman's socket is root's: the user's own rootless one.
    const podman = denied("unix:///run/podman/podman.sock", "linux");
    expect(podman.title).not.toMatch(/not running/);
    expect(podman.steps[0]?.command).toBe("systemctl --user enable --now podman.socket");
    // Anywhere else: no made-up fix, the way out is another engine.
    const colima = denied("unix:///Users/ana/.colima/default/docker.sock", "macos");
    expect(colima.title).toBe("Imagen is not allowed to use the Docker engine");
    expect(colima.steps.map((s) => s.command ?? null)).toEqual([null]);
  });

  it("says an engine that answers but is not ready yet is starting: wait, not start it", () => {
    // Docker Desktop's socket answering 500 while it starts its engine.
    const help = engineHelp(
      {
        ...refused,
        address: "unix:///Users/ana/.docker/run/docker.sock",
        reason: "the engine is not ready yet (HTTP 500)",
        cause: "NotReady",
      },
      "macos",
    );
    expect(help.title).toBe("Docker Desktop is still starting");
    expect(help.detail).toContain("it answers, but is not ready yet");
    expect(help.steps[0]?.text).toMatch(/^Wait until it has started/);
    expect(help.steps.some((s) => s.command)).toBe(false);
  });

  it("tells engine problems from other errors", () => {
    expect(isEngineProblem(refused)).toBe(true);
    expect(isEngineProblem({ kind: "Protocol", message: "x" })).toBe(false);
  });

  it("detects the desktop OS from the user agent", () => {
    expect(detectOs("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)")).toBe("macos");
    expect(detectOs("Mozilla/5.0 (Windows NT 10.0; Win64; x64)")).toBe("windows");
    expect(detectOs("Mozilla/5.0 (X11; Linux x86_64)")).toBe("linux");
  });

  it("words each OS's steps in Spanish, leaving the commands as the terminal takes them", () => {
    setLocale("es");
    const linux = engineHelp(refused, "linux");
    expect(linux.title).toBe("Docker no está en marcha");
    expect(linux.steps[0]).toEqual({
      text: "Inicia el servicio de Docker:",
      command: "sudo systemctl start docker",
    });
    expect(engineHelp(refused, "macos").steps[1]).toEqual({
      text: "¿Usas Colima en lugar de Docker Desktop? Inícialo con",
      command: "colima start",
    });
    expect(engineHelp(refused, "windows").steps[1]?.command).toBe("docker version");
    const denied = engineHelp({ ...refused, cause: "PermissionDenied" }, "linux");
    expect(denied.steps[0]?.text).toBe(
      "Añade tu usuario al grupo docker, cierra la sesión y vuelve a entrar:",
    );
    expect(denied.steps[0]?.command).toBe("sudo usermod -aG docker $USER");
  });

  it("decides by the typed cause only: the OS's words never pick the advice", () => {
    // English words meaning "permission denied", but a refused connection: the start steps.
    const help = engineHelp({ ...refused, reason: "permission denied" }, "linux");
    expect(help.steps[0]?.command).toBe("sudo systemctl start docker");
    expect(help.detail).not.toContain("permission denied");
  });

  describe("by where the engine is", () => {
    const at = (address: string): Extract<ImagenError, { kind: "EngineUnreachable" }> => ({
      ...refused,
      address,
    });
    /** Every text and command of the help, as the screen shows them. */
    const shown = (help: EngineHelp) =>
      [help.title, help.detail, ...help.steps.flatMap((s) => [s.text, s.command ?? ""])].join("\n");
    const commands = (help: EngineHelp) => help.steps.map((s) => s.command).filter(Boolean);
    const OTHER_EN = "Or pick another engine with the engine button at the top of the window.";
    const OTHER_ES = "O elige otro motor con el botón del motor, arriba en la ventana.";

    it("says where tcp://localhost:2375 comes from when nothing answers there", () => {
      // A tutorial's DOCKER_HOST, with Docker Desktop running and its "Expose daemon" off.
      const windows = engineHelp(at("tcp://localhost:2375"), "windows");
      expect(windows.title).toBe("Nothing answers at tcp://localhost:2375");
      expect(windows.title).not.toMatch(/not running/);
      expect(shown(windows)).toContain("Expose daemon on tcp://localhost:2375 without TLS");
      expect(commands(windows)).toEqual([
        "[Environment]::SetEnvironmentVariable('DOCKER_HOST', $null, 'User')",
      ]);
      expect(windows.steps.at(-1)).toEqual({ text: OTHER_EN });
      expect(commands(engineHelp(at("tcp://127.0.0.1:2375"), "macos"))).toEqual([
        "unset DOCKER_HOST",
      ]);
      // Named by a context: back to the default one.
      const context = engineHelp(at("tcp://localhost:2375"), "linux", {
        address: "tcp://localhost:2375",
        socket: null,
        name: "exposed",
      });
      expect(commands(context)).toEqual(["docker context use default"]);
      // Refused elsewhere, or for another reason, is not this.
      expect(engineHelp(at("tcp://10.0.0.5:2375"), "windows").title).not.toMatch(/Nothing answers/);
      expect(
        engineHelp({ ...at("tcp://localhost:2375"), cause: "Dropped" }, "windows").title,
      ).not.toMatch(/Nothing answers/);

      setLocale("es");
      const es = engineHelp(at("tcp://localhost:2375"), "windows");
      expect(es.title).toBe("Nada responde en tcp://localhost:2375");
      expect(shown(es)).toContain("Esta dirección viene de DOCKER_HOST.");
    });

    it("sends a remote engine's user to the network and the far engine, not to Docker Desktop or systemctl", () => {
      const ssh = {
        ...at("ssh://me@far"),
        reason: "ssh: connect to host far port 22",
        cause: "Other" as const,
      };
      for (const os of ["windows", "macos", "linux"] as const) {
        const help = engineHelp(ssh, os);
        expect(shown(help)).not.toMatch(/Docker Desktop|systemctl|colima/);
        expect(help.title).toBe("Imagen cannot reach the engine on far");
        expect(help.steps[0]?.text).toMatch(/network that reaches far.*VPN/);
        expect(commands(help)).toEqual(["ssh me@far docker version"]);
        expect(help.steps.at(-1)).toEqual({ text: OTHER_EN });
        // Steps to follow in order: numbered.
        expect(help.choices).toBeFalsy();
      }
      const tcp = engineHelp(at("tcp://192.168.1.20:2376"), "windows");
      expect(shown(tcp)).not.toMatch(/Docker Desktop|systemctl/);
      expect(tcp.title).toBe("Imagen cannot reach the engine on 192.168.1.20");
      expect(commands(tcp)).toEqual(["docker -H tcp://192.168.1.20:2376 version"]);
      expect(tcp.steps.at(-1)).toEqual({ text: OTHER_EN });
      // http:// is tcp:// to the docker CLI.
      expect(commands(engineHelp(at("http://build.lan:2375"), "linux"))).toEqual([
        "docker -H tcp://build.lan:2375 version",
      ]);

      setLocale("es");
      const es = engineHelp(ssh, "windows");
      expect(shown(es)).not.toMatch(/Docker Desktop|systemctl/);
      expect(es.title).toBe("Imagen no puede conectar con el motor de far");
      expect(es.steps[0]?.text).toMatch(/red desde la que se llega a far.*VPN/);
      expect(es.steps[1]).toEqual({
        text: "Comprueba que el motor de far está en marcha. En una terminal de este equipo, esto muestra la respuesta que recibe Imagen:",
        command: "ssh me@far docker version",
      });
      expect(es.steps.at(-1)).toEqual({ text: OTHER_ES });
    });

    it("sends certificate and ssh login trouble to the certificates and the login, not the network", () => {
      const tls = engineHelp(
        {
          ...at("tcp://build.lan:2376"),
          reason: "the engine refused Imagen's client certificate",
          cause: "Tls",
        },
        "linux",
        { address: "tcp://build.lan:2376", name: "build-box", socket: null },
      );
      expect(tls.title).toBe(
        "The engine on build.lan and Imagen do not accept each other's certificates",
      );
      expect(tls.detail).toContain("the TLS certificates do not match: the engine refused");
      expect(tls.steps[0]).toEqual({
        text: "Check the TLS files the context names (ca.pem, cert.pem and key.pem): they must be the ones made for the engine on build.lan. This shows the same answer in a terminal:",
        command: "docker --context build-box version",
      });
      expect(shown(tls)).not.toMatch(/VPN|Wi-Fi/);
      // A TLS engine on this computer (DOCKER_TLS_VERIFY's tcp://localhost:2376): the same
      // help, not "start Docker".
      const local = engineHelp({ ...at("tcp://localhost:2376"), cause: "Tls" }, "linux");
      expect(local.title).toBe(
        "The engine on localhost and Imagen do not accept each other's certificates",
      );
      expect(shown(local)).not.toMatch(/systemctl|Docker Desktop/);

      const ssh = engineHelp(
        {
          ...at("ssh://me@far.example:2222"),
          reason: "ssh: me@far.example: Permission denied (publickey).",
          cause: "SshLogin",
        },
        "macos",
      );
      expect(ssh.title).toBe("ssh could not log in to far.example");
      expect(ssh.steps[0]?.command).toBe("ssh -p 2222 me@far.example");
      expect(ssh.steps.at(-1)).toEqual({ text: OTHER_EN });
      expect(shown(ssh)).not.toMatch(/VPN|Wi-Fi/);
      setLocale("es");
      expect(engineHelp({ ...at("ssh://me@far"), cause: "SshLogin" }, "linux").title).toBe(
        "ssh no pudo iniciar sesión en far",
      );
    });

    it("asks the far engine the way Imagen reaches it: port, user, socket", () => {
      const check = (address: string) => commands(engineHelp(at(address), "linux"));
      expect(check("ssh://far.example")).toEqual(["ssh far.example docker version"]);
      expect(check("ssh://me@far.example:2222")).toEqual([
        "ssh -p 2222 me@far.example docker version",
      ]);
      expect(check("ssh://me@[fd00::5]:2222/run/user/1000/docker.sock")).toEqual([
        "ssh -p 2222 me@fd00::5 docker --host unix:///run/user/1000/docker.sock version",
      ]);
      expect(engineHelp(at("ssh://me@[fd00::5]:2222"), "linux").title).toContain("fd00::5");
    });

    it("asks through the context that named a remote engine (its TLS files, its ssh settings)", () => {
      const known = (address: string, name: string | null) => ({ address, name, socket: null });
      const tcp = "tcp://build.lan:2376";
      expect(commands(engineHelp(at(tcp), "linux", known(tcp, "build-box")))).toEqual([
        "docker --context build-box version",
      ]);
      expect(
        commands(engineHelp(at("ssh://me@far"), "macos", known("ssh://me@far", "far"))),
      ).toEqual(["docker --context far version"]);
      // Another address than the one the context named, or no context: asked by address.
      expect(commands(engineHelp(at(tcp), "linux", known("tcp://other:2376", "build")))).toEqual([
        "docker -H tcp://build.lan:2376 version",
      ]);
      expect(commands(engineHelp(at(tcp), "linux", known(tcp, null)))).toEqual([
        "docker -H tcp://build.lan:2376 version",
      ]);
    });

    it("gives each known socket its own start command, with the other-engine step", () => {
      const steps = (address: string, os: "macos" | "windows" | "linux") => {
        const help = engineHelp(at(address), os);
        expect(help.steps.at(-1)).toEqual({ text: OTHER_EN });
        return shown(help);
      };
      const colima = steps("unix:///Users/ana/.colima/default/docker.sock", "macos");
      expect(colima).toContain("colima start");
      expect(colima).not.toContain("Docker Desktop");
      expect(steps("unix:///home/ana/.config/colima/work/docker.sock", "linux")).toContain(
        "colima start --profile work",
      );
      const rootless = steps("unix:///run/user/1000/docker.sock", "linux");
      expect(rootless).toContain("systemctl --user start docker");
      expect(rootless).not.toContain("sudo systemctl");
      const desktop = steps("unix:///home/ana/.docker/desktop/docker.sock", "linux");
      expect(desktop).toContain("Open Docker Desktop");
      expect(desktop).not.toContain("systemctl");
      const podman = engineHelp(at("unix:///run/user/1000/podman/podman.sock"), "linux");
      expect(podman.title).toBe("Podman is not running");
      expect(commands(podman)).toEqual(["systemctl --user start podman.socket"]);
      expect(shown(podman)).not.toContain("Docker Desktop");
      expect(steps("unix:///run/podman/podman.sock", "linux")).toContain(
        "sudo systemctl start podman.socket",
      );
      for (const [address, os] of [
        ["unix:///run/user/1000/podman/podman-machine-default-api.sock", "linux"],
        ["unix:///var/folders/xy/T/podman/podman-machine-default-api.sock", "macos"],
        ["unix:///Users/ana/.local/share/containers/podman/machine/podman.sock", "macos"],
        ["npipe:////./pipe/podman-machine-default", "windows"],
      ] as const) {
        expect(commands(engineHelp(at(address), os)), address).toEqual(["podman machine start"]);
        expect(steps(address, os), address).not.toMatch(/Docker Desktop|systemctl/);
      }
      expect(steps("unix:///Users/ana/.orbstack/run/docker.sock", "macos")).toContain(
        "Open OrbStack",
      );
      expect(steps("unix:///Users/ana/.rd/docker.sock", "macos")).toContain("Open Rancher Desktop");
      // The standard socket on Linux: Docker Engine's service, as before.
      const standard = engineHelp(refused, "linux");
      expect(commands(standard)[0]).toBe("sudo systemctl start docker");
      expect(standard.steps.at(-1)).toEqual({ text: OTHER_EN });
      // An engine on this computer's own TCP port is not another computer.
      expect(shown(engineHelp(at("tcp://localhost:2375"), "windows"))).toContain(
        "Open Docker Desktop",
      );

      setLocale("es");
      expect(engineHelp(at("unix:///run/user/1000/docker.sock"), "linux").steps).toEqual([
        {
          text: "Inicia Docker sin root, con tu usuario (sin sudo):",
          command: "systemctl --user start docker",
        },
        { text: OTHER_ES },
      ]);
      expect(
        engineHelp(at("unix:///Users/ana/.colima/default/docker.sock"), "macos").steps,
      ).toEqual([{ text: "Inicia Colima:", command: "colima start" }, { text: OTHER_ES }]);
    });

    it("takes the backend's socket kind when it names the address that failed", () => {
      const custom = at("unix:///home/ana/sockets/engine.sock");
      expect(
        commands(engineHelp(custom, "linux", { address: custom.address, socket: "Colima" })),
      ).toEqual(["colima start"]);
      // Another engine's kind says nothing about this address: the path decides.
      expect(
        commands(engineHelp(custom, "linux", { address: "unix:///elsewhere", socket: "Colima" })),
      ).toEqual(["sudo systemctl start docker"]);
      expect(
        commands(
          engineHelp(at("unix:///var/run/docker.sock"), "linux", {
            address: "unix:///run/user/1000/docker.sock",
            socket: "DockerRootless",
          }),
        ),
      ).toEqual(["sudo systemctl start docker"]);
    });

    it("does not say to restart Docker when a remote engine is slow, nor Docker for Podman", () => {
      const slow = { kind: "EngineTimeout" as const, address: "tcp://10.0.0.5:2375", seconds: 10 };
      for (const os of ["windows", "macos", "linux"] as const) {
        const help = engineHelp(slow, os);
        expect(shown(help)).not.toMatch(/restart Docker|Docker Desktop|systemctl/);
        expect(commands(help)).toEqual(["docker -H tcp://10.0.0.5:2375 version"]);
        expect(help.steps.at(-1)).toEqual({ text: OTHER_EN });
      }
      const podman = engineHelp(
        { ...slow, address: "unix:///run/user/1000/podman/podman.sock" },
        "linux",
      );
      expect(podman.title).toBe("Podman is not answering");
      expect(podman.steps).toEqual([
        { text: "Wait a moment and retry. If it stays silent, restart Podman." },
        { text: OTHER_EN },
      ]);
      setLocale("es");
      expect(engineHelp(slow, "windows").steps[0]?.text).toBe(
        "Espera un momento y vuelve a intentarlo: por una red lenta, el motor puede tardar más en responder.",
      );
    });
  });
});
