// Which desktop OS the window runs on, for OS-specific advice.
export type DesktopOs = "macos" | "windows" | "linux";

export function detectOs(userAgent: string = globalThis.navigator?.userAgent ?? ""): DesktopOs {
  if (/Mac OS X|Macintosh/i.test(userAgent)) return "macos";
  if (/Windows/i.test(userAgent)) return "windows";
  return "linux";
}
