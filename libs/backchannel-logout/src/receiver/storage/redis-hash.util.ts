/** A Redis hash as HGETALL replies inside a script (a flat field/value list), as an object. */
export function toHash(reply: unknown): Record<string, string> {
  const flat = reply as string[];
  const hash = Object.create(null) as Record<string, string>; // a field named __proto__ stays a field
  for (let i = 0; i < flat.length; i += 2) hash[flat[i]] = flat[i + 1];
  return hash;
}
