import fastJson from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type CompilerArgs = Parameters<typeof zodSerializerCompiler>[0];

/**
 * Replies are written by a serializer compiled from each route's response schema (fast-json-stringify,
 * via the schema's JSON Schema form): only the declared fields leave the server, as with zod, at a
 * fraction of the cost of encoding through zod on every reply. A schema that has no JSON Schema form
 * falls back to zod.
 */
export function serializerCompiler(args: CompilerArgs): (data: unknown) => string {
  try {
    const jsonSchema = z.toJSONSchema(args.schema as z.ZodType, {
      target: 'draft-7',
      io: 'output',
      unrepresentable: 'throw',
    });
    return fastJson(jsonSchema as Parameters<typeof fastJson>[0]);
  } catch {
    return zodSerializerCompiler(args);
  }
}
