import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

/**
 * Queries compiled once per shape. Building and compiling a Kysely query costs more than running an
 * indexed SQLite query, and a hot read (a ledger page) has few shapes — which filters are present, how
 * many values a list holds — but endless values. So the query is built once per shape with markers
 * where the values go, and each later run only puts the values in.
 *
 * `build` never sees a value: it gets the same record with every string or number replaced by a
 * marker, arrays of markers of the same length, and `undefined`, `null` and booleans as they are. So it
 * can branch only on what the shape key records, and a value it tried to transform or write into the
 * SQL text is caught when the shape is compiled.
 */
export type ShapeValues = Record<
  string,
  string | number | boolean | null | undefined | readonly (string | number)[]
>;

const MARK = '\u0000slot:';
const MAX_SHAPES = 2000;

type Param = { key: string; index: number } | { constant: unknown };
interface Shape {
  sql: string;
  params: Param[];
}

/** Compiled shapes per database (the SQL text differs between dialects). */
const shapesByAdapter = new WeakMap<object, Map<string, Shape>>();

function shapeKey(name: string, values: ShapeValues): string {
  let key = name;
  for (const k in values) {
    const v = values[k];
    key +=
      v === undefined
        ? ` ${k}-`
        : v === null
          ? ` ${k}:null`
          : typeof v === 'boolean'
            ? ` ${k}:${v}`
            : Array.isArray(v)
              ? ` ${k}[${v.length}]`
              : ` ${k}`;
  }
  return key;
}

function markers<V extends ShapeValues>(values: V): V {
  const out: Record<string, unknown> = {};
  for (const k in values) {
    const v = values[k];
    out[k] =
      v === undefined || v === null || typeof v === 'boolean'
        ? v
        : Array.isArray(v)
          ? v.map((_, i) => `${MARK}${k}:${i}`)
          : `${MARK}${k}`;
  }
  return out as V;
}

function compileShape(name: string, values: ShapeValues, build: (v: never) => Compilable<unknown>): Shape {
  const compiled = build(markers(values) as never).compile();
  if (compiled.sql.includes(MARK)) {
    throw new Error(`Query shape "${name}" wrote a value into its SQL text`);
  }
  const params = compiled.parameters.map((p): Param => {
    if (typeof p !== 'string' || !p.includes(MARK)) {
      return { constant: p };
    }
    const m = p.startsWith(MARK) ? /^([^:]+)(?::(\d+))?$/.exec(p.slice(MARK.length)) : null;
    if (!m) {
      throw new Error(`Query shape "${name}" transformed a value instead of passing it to the query`);
    }
    return { key: m[1]!, index: m[2] === undefined ? -1 : Number(m[2]) };
  });
  return { sql: compiled.sql, params };
}

/**
 * The query `build` makes, for these values: compiled on the first call with a shape, taken from
 * memory afterwards. Run it with `db.executeQuery`.
 */
export function shaped<V extends ShapeValues, R>(
  db: Kysely<unknown> | { getExecutor(): { adapter: object } },
  name: string,
  values: V,
  build: (v: V) => Compilable<R>,
): CompiledQuery<R> {
  const adapter = db.getExecutor().adapter;
  let shapes = shapesByAdapter.get(adapter);
  if (!shapes) {
    shapes = new Map();
    shapesByAdapter.set(adapter, shapes);
  }
  const key = shapeKey(name, values);
  let shape = shapes.get(key);
  if (!shape) {
    shape = compileShape(name, values, build);
    if (shapes.size >= MAX_SHAPES) {
      shapes.delete(shapes.keys().next().value!);
    }
    shapes.set(key, shape);
  }
  const parameters = shape.params.map((p) => {
    if ('constant' in p) {
      return p.constant;
    }
    const v = values[p.key];
    return p.index < 0 ? v : (v as readonly unknown[])[p.index];
  });
  return CompiledQuery.raw(shape.sql, parameters);
}
