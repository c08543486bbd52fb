// What to tell a user whose engine cannot be reached, per OS and per cause.
import type { ImagenError } from "../ipc/api";
import type { DesktopOs } from "./platform";

export interface EngineHelp {
  title: string;
  detail: string;
  steps: { text: string; command?: string }[];
}

function startSteps(os: DesktopOs): EngineHelp["steps"] {
  switch (os) {
    case "macos":
      return [
        { text: "Open Docker Desktop and wait until it says “Engine running”." },
        { text: "Using Colima instead? Start it with", command: "colima start" },
      ];
    case "windows":
      return [
        { text: "Open Docker Desktop and wait until it says “Engine running”." },
        { text: "Check that the engine answers in a terminal:", command: "docker version" },
      ];
    case "linux":
      return [
        { text: "Start the Docker service:", command: "sudo systemctl start docker" },
        { text: "Or open Docker Desktop if you use it on Linux." },
      ];
  }
}

export function engineHelp(error: ImagenError, os: DesktopOs): EngineHelp {
  switch (error.kind) {
    case "EngineUnreachable": {
      if (error.cause === "PermissionDenied" && os === "linux") {
        return {
          title: "Imagen may not use the Docker engine",
          detail: `The engine at ${error.address} refused access: ${error.reason}.`,
          steps: [
            {
              text: "Add your user to the docker group, then log out and back in:",
              command: "sudo usermod -aG docker $USER",
            },
          ],
        };
      }
      return {
        title: "Docker is not running",
        detail: `Imagen could not reach the Docker engine at ${error.address} (${error.reason}).`,
        steps: startSteps(os),
      };
    }
    case "EngineTimeout":
      return {
        title: "Docker is not answering",
        detail: `The engine at ${error.address} accepted the connection but gave no answer within ${error.seconds} seconds. It may still be starting.`,
        steps: [{ text: "Wait a moment and retry. If it stays silent, restart Docker." }],
      };
    case "UnsupportedAddress":
      return {
        title: "Imagen cannot use this engine address",
        detail: `DOCKER_HOST is set to ${error.address}, which Imagen cannot connect to.`,
        steps: [
          {
            text: "Use a unix://, npipe://, tcp://, http:// or ssh:// address, or unset it:",
            command: "unset DOCKER_HOST",
          },
        ],
      };
    case "EngineContext":
      return {
        title: "Imagen cannot use this docker context",
        detail: error.message,
        steps: [
          { text: "See the contexts docker knows:", command: "docker context ls" },
          {
            text: "Or pick another engine with the engine button at the top of the window.",
          },
        ],
      };
    default:
      return {
        title: "Something went wrong",
        detail: "message" in error ? error.message : "Unknown error.",
        steps: [],
      };
  }
}

/** Errors that mean "no engine to talk to", shown with the engine screen. */
export function isEngineProblem(error: ImagenError): boolean {
  return (
    error.kind === "EngineUnreachable" ||
    error.kind === "EngineTimeout" ||
    error.kind === "UnsupportedAddress" ||
    error.kind === "EngineContext"
  );
}
