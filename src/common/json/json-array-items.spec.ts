import { jsonArrayItems } from './json-array-items';

/** The items' texts as the spans cut them. */
const items = (text: string): string[] | undefined => {
  const bytes = Buffer.from(text);
  return jsonArrayItems(bytes)?.map(({ start, end }) => bytes.toString('utf8', start, end));
};

describe(jsonArrayItems.name, () => {
  it('cuts each item as written, without the whitespace around it', () => {
    expect(items('[{"a":1}, {"b": [1, 2]} ,\n\t{"c":{}}]')).toEqual([
      '{"a":1}',
      '{"b": [1, 2]}',
      '{"c":{}}',
    ]);
  });

  it('is not fooled by brackets, commas and escaped quotes inside strings', () => {
    expect(items('[{"a":"],[{\\"}"},"x,\\\\","y"]')).toEqual([
      '{"a":"],[{\\"}"}',
      '"x,\\\\"',
      '"y"',
    ]);
  });

  it('takes numbers, literals and nested arrays as items', () => {
    expect(items(' [1.50, true, null, [[]], -2e3] ')).toEqual([
      '1.50',
      'true',
      'null',
      '[[]]',
      '-2e3',
    ]);
  });

  it('keeps multi-byte UTF-8 as it is and skips a byte order mark', () => {
    expect(items('\ufeff[{"name":"Zoë, 東京"}]')).toEqual(['{"name":"Zoë, 東京"}']);
  });

  it('finds no items in an empty array, and none at all in what is not an array', () => {
    expect(items('[]')).toEqual([]);
    expect(items('{"a":[1,2]}')).toBeUndefined();
    expect(items('"[1,2]"')).toBeUndefined();
    expect(items('[1,2')).toBeUndefined();
  });
});
