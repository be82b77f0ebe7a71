/**
 * RFC 7519 §4 lets a JWT parser either reject duplicate member names or keep the last one; JSON.parse keeps
 * the last one silently, so a token could validate one `iss`/`events` and act on another. We reject instead.
 *
 * Call this only on text that JSON.parse already accepted: the scanner trusts the syntax and only tracks
 * which member names each object (at any depth) has seen. Escapes are decoded, so `"\u0069ss"` equals `"iss"`.
 */
export function hasDuplicateMemberNames(json: string): boolean {
  // One entry per open container: the names seen so far for an object, null for an array.
  const open: Array<Set<string> | null> = [];
  let expectName = false;
  for (let i = 0; i < json.length; i++) {
    switch (json[i]) {
      case '{':
        open.push(new Set());
        expectName = true;
        break;
      case '[':
        open.push(null);
        expectName = false;
        break;
      case '}':
      case ']':
        open.pop();
        expectName = false;
        break;
      case ',':
        expectName = open[open.length - 1] instanceof Set;
        break;
      case '"': {
        const end = closingQuote(json, i);
        if (expectName) {
          // Only a name with an escape needs decoding.
          const raw = json.slice(i + 1, end);
          const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
          const names = open[open.length - 1] as Set<string>;
          if (names.has(name)) return true;
          names.add(name);
          expectName = false;
        }
        i = end;
        break;
      }
      default:
        break;
    }
  }
  return false;
}

function closingQuote(json: string, start: number): number {
  for (let i = start + 1; i < json.length; i++) {
    if (json[i] === '\\') i++;
    else if (json[i] === '"') return i;
  }
  return json.length - 1;
}
