/**
 * Canonical JSON: one byte-exact text per JSON value, whatever order its object keys were built in.
 * The audit hash is taken over this text, so `{ a: 1, b: 2 }` and `{ b: 2, a: 1 }` in a record's
 * before/after hash the same - otherwise a record re-serialised by another tool (or a future version
 * of the station) would look edited.
 *
 * Rules follow JSON.stringify so a value survives a write/parse round trip unchanged:
 * - object keys sorted by UTF-16 code unit (Array.prototype.sort's default), recursively;
 * - object members whose value is undefined, a function or a symbol are left out;
 *   in arrays those become null;
 * - non-finite numbers become null; `toJSON()` is honoured (Date -> ISO string);
 * - bigint and circular structures throw, as they have no JSON form.
 */
export function canonicalJson(value: unknown): string {
  const text = serialise(value, new Set<object>());
  if (text === undefined) {
    throw new TypeError('canonicalJson: value has no JSON form (undefined, function or symbol)');
  }
  return text;
}

function serialise(value: unknown, ancestors: Set<object>): string | undefined {
  const jsonValue = applyToJson(value);
  switch (typeof jsonValue) {
    case 'string':
    case 'boolean':
      return JSON.stringify(jsonValue);
    case 'number':
      return Number.isFinite(jsonValue) ? JSON.stringify(jsonValue) : 'null';
    case 'bigint':
      throw new TypeError('canonicalJson: bigint has no JSON form');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      break;
  }
  if (jsonValue === null) return 'null';
  if (ancestors.has(jsonValue)) throw new TypeError('canonicalJson: circular structure');
  ancestors.add(jsonValue);
  try {
    return Array.isArray(jsonValue) ? serialiseArray(jsonValue, ancestors) : serialiseObject(jsonValue, ancestors);
  } finally {
    ancestors.delete(jsonValue);
  }
}

function serialiseArray(items: readonly unknown[], ancestors: Set<object>): string {
  return `[${items.map((item) => serialise(item, ancestors) ?? 'null').join(',')}]`;
}

function serialiseObject(object: object, ancestors: Set<object>): string {
  const members: string[] = [];
  for (const key of Object.keys(object).sort()) {
    const memberText = serialise((object as Record<string, unknown>)[key], ancestors);
    if (memberText !== undefined) members.push(`${JSON.stringify(key)}:${memberText}`);
  }
  return `{${members.join(',')}}`;
}

function applyToJson(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'toJSON' in value && typeof value.toJSON === 'function') {
    return (value.toJSON as () => unknown)();
  }
  return value;
}
