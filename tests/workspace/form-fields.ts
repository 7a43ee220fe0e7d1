/**
 * Reading the workspace's server-rendered forms in tests without a browser: the fields a browser
 * would post, and the attributes of elements. Our templates write every attribute in double quotes
 * and escape values with EJS, which keeps this small.
 */

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&#34;': '"',
  '&#39;': "'",
};

export function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|#34|#39);/g, (entity) => ENTITIES[entity]!);
}

/** The attributes of one start tag (`<input id="a" checked>` → { id: 'a', checked: '' }). */
export function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const inner = tag.replace(/^<[a-z]+/i, '').replace(/\/?>$/, '');
  for (const [, name, value] of inner.matchAll(/([a-z][a-z0-9_:.-]*)(?:="([^"]*)")?/gi))
    attributes[name!.toLowerCase()] = unescapeHtml(value ?? '');
  return attributes;
}

/** Every start tag of `element` in `html`, with its attributes. */
export function elements(html: string, element: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${element}\\b[^>]*>`, 'gi'))].map((m) =>
    attributesOf(m[0]),
  );
}

/** The HTML of the form whose class list contains `className`. */
export function formHtml(html: string, className: string): string {
  const start = html.search(new RegExp(`<form\\b[^>]*class="[^"]*\\b${className}\\b`));
  if (start < 0) throw new Error(`no form .${className} on the page`);
  return html.slice(start, html.indexOf('</form>', start) + '</form>'.length);
}

/**
 * The fields a browser posts when the form is submitted as loaded: text, hidden, date and url
 * inputs, checked radios, textareas and the selected option of each select.
 */
export function postedFields(form: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const input of elements(form, 'input')) {
    if (!input.name) continue;
    if ((input.type === 'radio' || input.type === 'checkbox') && !('checked' in input)) continue;
    fields[input.name] = input.value ?? '';
  }
  for (const [, tag, text] of form.matchAll(/(<textarea\b[^>]*>)([^<]*)<\/textarea>/g)) {
    const { name } = attributesOf(tag!);
    if (name) fields[name] = unescapeHtml(text!);
  }
  for (const [, tag, options] of form.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/g)) {
    const { name } = attributesOf(tag!);
    const all = elements(options!, 'option');
    const chosen = all.find((o) => 'selected' in o) ?? all[0];
    if (name && chosen) fields[name] = chosen.value ?? '';
  }
  return fields;
}
