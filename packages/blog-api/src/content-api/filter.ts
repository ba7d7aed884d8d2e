/**
 * A subset of Ghost's NQL filter language, compiled to SQL with bound parameters.
 *
 *   tag:sqlite+featured:true        AND
 *   tag:sqlite,tag:quire            OR (AND binds tighter; parentheses group)
 *   slug:-about   tag:[a,b]   tag:-[a,b]   published_at:>'2025-01-01'   title:~'sql'
 *
 * Every field maps to SQL this module writes itself; values are only ever parameters.
 */
import { BlogError } from "../errors";

export type Op =
  | "="
  | "!="
  | ">"
  | ">="
  | "<"
  | "<="
  | "in"
  | "nin"
  | "contains"
  | "ncontains"
  | "starts"
  | "ends";
export type Value = string | number | boolean | null;
export type FilterNode =
  | { kind: "and" | "or"; items: FilterNode[] }
  | { kind: "cmp"; field: string; op: Op; value: Value | Value[] };

const MAX_FILTER_LENGTH = 1000;

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  fail(why: string): never {
    throw new BlogError("BAD_REQUEST", `Error parsing filter: ${why} at position ${this.i}`);
  }
  private peek() {
    return this.s[this.i];
  }
  private skipSpace() {
    while (this.s[this.i] === " ") this.i++;
  }

  parse(): FilterNode {
    const node = this.or();
    this.skipSpace();
    if (this.i < this.s.length) this.fail(`unexpected "${this.s[this.i]}"`);
    return node;
  }

  private or(): FilterNode {
    const items = [this.and()];
    while ((this.skipSpace(), this.peek() === ",")) {
      this.i++;
      items.push(this.and());
    }
    return items.length === 1 ? items[0]! : { kind: "or", items };
  }

  private and(): FilterNode {
    const items = [this.term()];
    while ((this.skipSpace(), this.peek() === "+")) {
      this.i++;
      items.push(this.term());
    }
    return items.length === 1 ? items[0]! : { kind: "and", items };
  }

  private term(): FilterNode {
    this.skipSpace();
    if (this.peek() === "(") {
      this.i++;
      const inner = this.or();
      this.skipSpace();
      if (this.peek() !== ")") this.fail('missing ")"');
      this.i++;
      return inner;
    }
    const field = /^[a-z_][a-z_.]*/i.exec(this.s.slice(this.i))?.[0];
    if (!field) this.fail("expected a field name");
    this.i += field.length;
    if (this.peek() !== ":") this.fail('expected ":"');
    this.i++;
    let negate = false;
    if (this.peek() === "-") {
      negate = true;
      this.i++;
    }
    let op: Op = negate ? "!=" : "=";
    const two = this.s.slice(this.i, this.i + 2);
    if (two === ">=" || two === "<=") {
      op = two;
      this.i += 2;
    } else if (this.peek() === ">" || this.peek() === "<") {
      op = this.peek() as Op;
      this.i++;
    } else if (this.peek() === "~") {
      this.i++;
      op = negate ? "ncontains" : "contains";
      if (this.peek() === "^") {
        this.i++;
        op = "starts";
      } else if (this.peek() === "$") {
        this.i++;
        op = "ends";
      }
    }
    if (this.peek() === "[") {
      if (op !== "=" && op !== "!=") this.fail("a list only goes with : or :-");
      this.i++;
      const values: Value[] = [];
      for (;;) {
        this.skipSpace();
        values.push(this.value());
        this.skipSpace();
        if (this.peek() === ",") {
          this.i++;
          continue;
        }
        if (this.peek() === "]") {
          this.i++;
          break;
        }
        this.fail('expected "," or "]"');
      }
      return {
        kind: "cmp",
        field: field.toLowerCase(),
        op: op === "=" ? "in" : "nin",
        value: values,
      };
    }
    return { kind: "cmp", field: field.toLowerCase(), op, value: this.value() };
  }

  private value(): Value {
    if (this.peek() === "'" || this.peek() === '"') {
      const quote = this.peek();
      let out = "";
      this.i++;
      while (this.i < this.s.length && this.s[this.i] !== quote) {
        if (this.s[this.i] === "\\" && this.i + 1 < this.s.length) this.i++;
        out += this.s[this.i++];
      }
      if (this.peek() !== quote) this.fail("unterminated string");
      this.i++;
      return out;
    }
    const raw = /^[^\s+,()[\]]+/.exec(this.s.slice(this.i))?.[0];
    if (!raw) this.fail("expected a value");
    this.i += raw.length;
    if (raw === "true") return true;
    if (raw === "false") return false;
    if (raw === "null") return null;
    if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
    return raw;
  }
}

export function parseFilter(text: string): FilterNode {
  if (text.length > MAX_FILTER_LENGTH)
    throw new BlogError(
      "BAD_REQUEST",
      `Error parsing filter: longer than ${MAX_FILTER_LENGTH} characters`,
    );
  return new Parser(text).parse();
}

/** How one filter field becomes SQL: a column expression, or a custom membership test. */
export type FieldSpec =
  | { column: string; type: "text" | "number" | "boolean" | "date" }
  | { membership: (op: "in" | "nin", placeholders: string) => string; before?: unknown[] };

const SQL_OPS: Partial<Record<Op, string>> = {
  "=": "=",
  "!=": "<>",
  ">": ">",
  ">=": ">=",
  "<": "<",
  "<=": "<=",
};

function coerce(value: Value, type: "text" | "number" | "boolean" | "date"): unknown {
  if (value === null) return null;
  switch (type) {
    case "boolean":
      return value === true || value === "true" ? 1 : 0;
    case "number":
      return Number(value);
    case "date": {
      const ms = typeof value === "number" ? value : Date.parse(String(value).replace(" ", "T"));
      if (Number.isNaN(ms))
        throw new BlogError(
          "BAD_REQUEST",
          `Error parsing filter: "${String(value)}" is not a date`,
        );
      return ms;
    }
    case "text":
      return String(value);
  }
}

/** Compile a parsed filter against a field map; unknown fields are a 400, never ignored. */
export function compileFilter(
  node: FilterNode,
  fields: Record<string, FieldSpec>,
): { sql: string; params: unknown[] } {
  if (node.kind !== "cmp") {
    const parts = node.items.map((n) => compileFilter(n, fields));
    return {
      sql: `(${parts.map((p) => p.sql).join(node.kind === "and" ? " AND " : " OR ")})`,
      params: parts.flatMap((p) => p.params),
    };
  }
  const spec = fields[node.field];
  if (!spec)
    throw new BlogError("BAD_REQUEST", `Error parsing filter: unknown field "${node.field}"`);
  const values = Array.isArray(node.value) ? node.value : [node.value];
  if ("membership" in spec) {
    if (!["=", "!=", "in", "nin"].includes(node.op))
      throw new BlogError(
        "BAD_REQUEST",
        `Error parsing filter: "${node.field}" only supports : and :-`,
      );
    const op = node.op === "=" || node.op === "in" ? "in" : "nin";
    return {
      sql: spec.membership(op, values.map(() => "?").join(", ")),
      params: [...(spec.before ?? []), ...values.map((v) => String(v))],
    };
  }
  const col = spec.column;
  if (node.op === "in" || node.op === "nin") {
    return {
      sql: `${col} ${node.op === "in" ? "IN" : "NOT IN"} (${values.map(() => "?").join(", ")})`,
      params: values.map((v) => coerce(v, spec.type)),
    };
  }
  const value = values[0]!;
  if (value === null) {
    if (node.op !== "=" && node.op !== "!=")
      throw new BlogError("BAD_REQUEST", "Error parsing filter: null only with : and :-");
    return { sql: `${col} IS ${node.op === "=" ? "" : "NOT "}NULL`, params: [] };
  }
  if (
    node.op === "contains" ||
    node.op === "ncontains" ||
    node.op === "starts" ||
    node.op === "ends"
  ) {
    const text = String(value).replace(/[\\%_]/g, (c) => `\\${c}`);
    const pattern =
      node.op === "starts" ? `${text}%` : node.op === "ends" ? `%${text}` : `%${text}%`;
    return {
      sql: `${col} ${node.op === "ncontains" ? "NOT " : ""}LIKE ? ESCAPE '\\'`,
      params: [pattern],
    };
  }
  return { sql: `${col} ${SQL_OPS[node.op]} ?`, params: [coerce(value, spec.type)] };
}
