// Numbers worded like the docker CLI. Sizes: decimal units and three significant digits,
// exactly as `docker images` prints them (go-units HumanSizeWithPrecision(size, 3)). The image
// list sends bytes only and its sizes are worded here; imagen-core's human_size words the
// answers that carry their own texts (inspect, plans). Both are held to the same cases,
// crates/imagen-core/src/images/size-vectors.json.
const UNITS = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

/** `1.98MB`, `236MB`, `5.6kB`, `1e+03kB` (sic: docker's wording of 999,999 bytes). */
export function humanSize(bytes: number): string {
  return sizeWithPrecision(bytes, 3);
}

/**
 * Four significant digits, as go-units' plain HumanSize: what `docker pull` prints per
 * layer (`12.35MB/45.67MB`) and `docker system df -v` in its UNIQUE SIZE column (`52.43MB`).
 */
export function humanSize4(bytes: number): string {
  return sizeWithPrecision(bytes, 4);
}

function sizeWithPrecision(bytes: number, precision: number): string {
  let size = Math.max(0, bytes);
  let unit = 0;
  while (size >= 1000 && unit < UNITS.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${goG(size, precision)}${UNITS[unit]}`;
}

/**
 * Go's `%.{precision}g` for a non-negative number: that many significant digits, rounded
 * half to even on the exact value of the double (as Go and Rust do; `toPrecision` would
 * round 1.125 up to 1.13), trailing zeros dropped, the exponent form (`1e+03`) below 1e-4
 * and from 10^precision.
 */
function goG(value: number, precision: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  // 100 significant digits: every digit of the doubles worded here (below 1e3 and above 1,
  // they have at most 55), so a tie is seen as one.
  const [mantissa = "", expText = "0"] = value.toExponential(99).split("e");
  const digits = mantissa.replace(".", "");
  let exp = Number(expText);
  let kept = Number(digits.slice(0, precision));
  const next = Number(digits[precision]);
  const tie = next === 5 && !/[1-9]/.test(digits.slice(precision + 1));
  if (next > 5 || (next === 5 && (!tie || kept % 2 === 1))) kept++;
  if (kept === 10 ** precision) {
    kept = 10 ** (precision - 1);
    exp++;
  }
  const s = String(kept);
  if (exp < -4 || exp >= precision) {
    const sign = exp < 0 ? "-" : "+";
    return `${trimZeros(`${s[0]}.${s.slice(1)}`)}e${sign}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp === precision - 1) return s;
  if (exp >= 0) return trimZeros(`${s.slice(0, exp + 1)}.${s.slice(exp + 1)}`);
  return trimZeros(`0.${"0".repeat(-exp - 1)}${s}`);
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}
