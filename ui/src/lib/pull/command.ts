// The docker command equivalent to a pull, shown and copyable in the dialog.
export const PLATFORMS = [
  "linux/amd64",
  "linux/arm64",
  "linux/arm/v7",
  "linux/arm/v6",
  "linux/386",
  "linux/ppc64le",
  "linux/s390x",
  "linux/riscv64",
  "windows/amd64",
] as const;

export function pullCommand(familiar: string, platform: string | null): string {
  return platform ? `docker pull --platform ${platform} ${familiar}` : `docker pull ${familiar}`;
}
