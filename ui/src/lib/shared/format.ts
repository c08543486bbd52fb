// Numbers worded like the docker CLI (decimal units, three significant digits), for figures
// the UI computes itself, such as download speed. Sizes of images come worded from the
// backend (imagen-core's human_size); this mirrors that rule.
const UNITS = ["B", "kB", "MB", "GB", "TB", "PB"];

export function humanSize(bytes: number): string {
  let size = Math.max(0, bytes);
  let unit = 0;
  while (size >= 1000 && unit < UNITS.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${Number(size.toPrecision(3))}${UNITS[unit]}`;
}

/** The local time of day as HH:MM:SS (24-hour), the way a log line names it. */
export function clockTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
