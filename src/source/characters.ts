/**
 * The length of a text in characters as people and JSON Schema's `maxLength` count them: code
 * points, not the UTF-16 units of `length` (an emoji is one character, not two).
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
