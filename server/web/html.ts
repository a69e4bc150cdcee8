// Server-rendered HTML as typed template literals: every interpolated value is escaped unless it is
// already SafeHtml, so markup built from user data cannot inject anything.
export class SafeHtml {
  constructor(public readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const special = /[&<>"']/;
const specials = /[&<>"']/g;
const escapeOne = (c: string) => escapes[c]!;
// Most values (names, labels, ids) hold nothing to escape: a test is cheaper than a replace with a callback.
export const escapeHtml = (text: string): string => (special.test(text) ? text.replace(specials, escapeOne) : text);

type Value = SafeHtml | string | number | boolean | null | undefined | Value[];

// Every page runs these hundreds of times: plain loops, and the commonest kinds of value first.
function render(value: Value): string {
  if (typeof value === 'string') return escapeHtml(value);
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) {
    let out = '';
    for (let i = 0; i < value.length; i++) out += render(value[i]);
    return out;
  }
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup that is known to be safe (for example produced by a sanitiser). */
export const raw = (markup: string): SafeHtml => new SafeHtml(markup);
