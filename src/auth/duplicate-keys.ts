/**
 * Whether a JSON text (already known to parse) repeats a member name inside one object. JSON.parse
 * silently keeps the last one, so this walks the text: a stack of the names seen per open object.
 * Names are compared after unescaping, so "a" and "\u0061" count as the same name.
 */
export function hasDuplicateKeys(json: string): boolean {
  const stack: Array<Set<string> | undefined> = [];
  let expectName = false;
  for (let i = 0; i < json.length; i += 1) {
    const c = json[i];
    if (c === '"') {
      let end = i + 1;
      while (end < json.length && json[end] !== '"') {
        end += json[end] === '\\' ? 2 : 1;
      }
      const names = stack[stack.length - 1];
      if (names && expectName) {
        const name = JSON.parse(json.slice(i, end + 1)) as string;
        if (names.has(name)) {
          return true;
        }
        names.add(name);
        expectName = false;
      }
      i = end;
    } else if (c === '{') {
      stack.push(new Set());
      expectName = true;
    } else if (c === '[') {
      stack.push(undefined);
      expectName = false;
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectName = false;
    } else if (c === ',') {
      expectName = stack[stack.length - 1] !== undefined;
    }
  }
  return false;
}
