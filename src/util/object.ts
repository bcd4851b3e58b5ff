export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * One value per key: the value made for a key the first time is returned for it ever after.
 * For data a build keeps once per content file and that most files share (locale names,
 * field positions, author lists): held once, not once per file.
 */
export function interner<T>(): (key: string, make: () => T) => T {
  const known = new Map<string, T>();
  return (key, make) => {
    if (known.has(key)) return known.get(key)!;
    const value = make();
    known.set(key, value);
    return value;
  };
}
