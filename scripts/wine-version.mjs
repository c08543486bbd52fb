// Which Wine can run the Windows unit tests (scripts/test-windows.mjs). Tokio's TCP sockets on
// Windows are polled through AFD (mio's IOCTL_AFD_POLL), which Wine implements only from 7.13:
// under Ubuntu 22.04's Wine 6.0.3 every test with a TCP listener fails (smol-rs/polling#52,
// tokio-rs/mio#1444). 8.0, Debian 12's, is the oldest these tests were run under.

/** The oldest Wine the tests run under, as [major, minor]. */
export const WINE_MIN = [8, 0];

/** [major, minor] from `wine --version` ("wine-8.0 (Debian 8.0~repack-4)", "wine-9.0"), or
 * null when it says no version. */
export function wineVersion(text) {
  const found = /wine-(\d+)\.(\d+)/.exec(text);
  return found ? [Number(found[1]), Number(found[2])] : null;
}

/** Whether `wine --version`'s answer is a Wine the tests run under. */
export function wineRunsTheTests(text) {
  const version = wineVersion(text);
  if (!version) return false;
  const [major, minor] = version;
  return major > WINE_MIN[0] || (major === WINE_MIN[0] && minor >= WINE_MIN[1]);
}
