// The SCIM filter language (RFC 7644 §3.4.2.2) and PATCH paths (§3.5.2): a tokenizer and a
// recursive-descent parser into a small tree. "and" binds tighter than "or"; attribute names and
// operators are case-insensitive. Anything malformed is a 400 invalidFilter (or invalidPath).
import { invalidFilter, invalidPath } from './scim.errors.js';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type Value = string | number | boolean | null;

export type Filter =
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  | { kind: 'compare'; attr: string; op: CompareOp; value: Value }
  | { kind: 'present'; attr: string }
  /** emails[type eq "work"]: a filter on the sub-attributes of a multi-valued attribute. */
  | { kind: 'valuePath'; attr: string; filter: Filter };

/** A PATCH path: attribute, optional value filter, optional sub-attribute (emails[type eq "work"].value). */
export interface PatchPath {
  attr: string;
  filter?: Filter;
  sub?: string;
}

type Token = { type: 'word' | 'string' | '(' | ')' | '[' | ']'; text: string; value?: Value };

const compareOps = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
// An attribute path: an optional schema URN prefix, a name, an optional sub-attribute.
const attrPattern = /^(urn:[A-Za-z0-9.:_-]+:)?[A-Za-z$][\w$-]*(\.[A-Za-z$][\w$-]*)?$/;

function tokenize(input: string, fail: (detail: string) => Error): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if ('()[]'.includes(ch)) {
      tokens.push({ type: ch as Token['type'], text: ch });
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < input.length && input[j] !== '"') j += input[j] === '\\' ? 2 : 1;
      if (j >= input.length) throw fail(`unterminated string starting at position ${i + 1}`);
      const raw = input.slice(i, j + 1);
      let value: string;
      try {
        value = JSON.parse(raw) as string;
      } catch {
        throw fail(`malformed string ${raw}`);
      }
      tokens.push({ type: 'string', text: raw, value });
      i = j + 1;
    } else {
      let j = i;
      while (j < input.length && !/[\s()[\]"]/.test(input[j]!)) j++;
      tokens.push({ type: 'word', text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly fail: (detail: string) => Error,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const token = this.tokens[this.pos++];
    if (!token) throw this.fail('the filter ends too early');
    return token;
  }

  private expect(type: Token['type']): void {
    const token = this.next();
    if (token.type !== type) throw this.fail(`expected "${type}" but found "${token.text}"`);
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token?.type === 'word' && token.text.toLowerCase() === word;
  }

  parseOr(): Filter {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      this.pos++;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Filter {
    let left = this.parseUnary();
    while (this.isKeyword('and')) {
      this.pos++;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Filter {
    if (this.isKeyword('not')) {
      this.pos++;
      this.expect('(');
      const filter = this.parseOr();
      this.expect(')');
      return { kind: 'not', filter };
    }
    const token = this.peek();
    if (token?.type === '(') {
      this.pos++;
      const filter = this.parseOr();
      this.expect(')');
      return filter;
    }
    return this.parseAttrExp();
  }

  attrPath(): string {
    const token = this.next();
    if (token.type !== 'word' || !attrPattern.test(token.text)) throw this.fail(`"${token.text}" is not an attribute name`);
    return token.text;
  }

  private parseAttrExp(): Filter {
    const attr = this.attrPath();
    if (this.peek()?.type === '[') {
      this.pos++;
      const filter = this.parseOr();
      this.expect(']');
      return { kind: 'valuePath', attr, filter };
    }
    const opToken = this.next();
    const op = opToken.type === 'word' ? opToken.text.toLowerCase() : '';
    if (op === 'pr') return { kind: 'present', attr };
    if (!compareOps.has(op)) throw this.fail(`"${opToken.text}" is not a filter operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)`);
    return { kind: 'compare', attr, op: op as CompareOp, value: this.compValue() };
  }

  private compValue(): Value {
    const token = this.next();
    if (token.type === 'string') return token.value as string;
    if (token.type === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
      if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(token.text)) return Number(token.text);
    }
    throw this.fail(`"${token.text}" is not a value: use "a string", a number, true, false or null`);
  }
}

export function parseFilter(input: string): Filter {
  const fail = (detail: string) => invalidFilter(`invalid filter: ${detail}`);
  if (input.length > 2000) throw fail('too long');
  const parser = new Parser(tokenize(input, fail), fail);
  const filter = parser.parseOr();
  if (!parser.atEnd()) throw fail('unexpected text after the end of the filter');
  return filter;
}

/** `members`, `name.givenName`, `emails[type eq "work"].value`, `members[value eq "2819c223"]`, or a URN-prefixed attribute. */
export function parsePath(input: string): PatchPath {
  const fail = (detail: string) => invalidPath(`invalid path "${input}": ${detail}`);
  if (input.length > 500) throw fail('too long');
  const bracket = input.indexOf('[');
  if (bracket < 0) {
    if (!attrPattern.test(input)) throw fail('not an attribute path');
    return { attr: input };
  }
  const close = input.lastIndexOf(']');
  if (close < bracket) throw fail('missing "]"');
  const attr = input.slice(0, bracket);
  if (!attrPattern.test(attr)) throw fail('not an attribute path');
  const rest = input.slice(close + 1);
  if (rest && !/^\.[A-Za-z$][\w$-]*$/.test(rest)) throw fail(`unexpected "${rest}" after the filter`);
  const parser = new Parser(tokenize(input.slice(bracket + 1, close), fail), fail);
  const filter = parser.parseOr();
  if (!parser.atEnd()) throw fail('unexpected text in the filter');
  return { attr, filter, ...(rest ? { sub: rest.slice(1) } : {}) };
}

/** Evaluates a filter on a plain object (sub-attributes of one value of a multi-valued attribute). */
export function matches(filter: Filter, item: Record<string, unknown>): boolean {
  switch (filter.kind) {
    case 'and':
      return matches(filter.left, item) && matches(filter.right, item);
    case 'or':
      return matches(filter.left, item) || matches(filter.right, item);
    case 'not':
      return !matches(filter.filter, item);
    case 'present': {
      const v = lookup(item, filter.attr);
      return v !== undefined && v !== null && v !== '';
    }
    case 'valuePath':
      return false;
    case 'compare': {
      const actual = lookup(item, filter.attr);
      return compare(actual, filter.op, filter.value);
    }
  }
}

function lookup(item: Record<string, unknown>, attr: string): unknown {
  const key = Object.keys(item).find((k) => k.toLowerCase() === attr.toLowerCase());
  return key === undefined ? undefined : item[key];
}

function compare(actual: unknown, op: CompareOp, expected: Value): boolean {
  const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);
  const a = norm(actual);
  const e = norm(expected);
  switch (op) {
    case 'eq':
      return a === e || (typeof a === 'boolean' && String(a) === e);
    case 'ne':
      return a !== e;
    case 'co':
      return typeof a === 'string' && typeof e === 'string' && a.includes(e);
    case 'sw':
      return typeof a === 'string' && typeof e === 'string' && a.startsWith(e);
    case 'ew':
      return typeof a === 'string' && typeof e === 'string' && a.endsWith(e);
    case 'gt':
      return a !== undefined && a !== null && e !== null && (a as number) > (e as number);
    case 'ge':
      return a !== undefined && a !== null && e !== null && (a as number) >= (e as number);
    case 'lt':
      return a !== undefined && a !== null && e !== null && (a as number) < (e as number);
    case 'le':
      return a !== undefined && a !== null && e !== null && (a as number) <= (e as number);
  }
}
