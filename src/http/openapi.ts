import { z } from "zod";
import type { DocumentedRoute } from "./route-registry.js";

function jsonSchema(schema: z.ZodType, io: "input" | "output"): unknown {
  return z.toJSONSchema(schema, { io, unrepresentable: "any", target: "openapi-3.0" });
}

/** OpenAPI 3 document built from the registered routes' own schemas. */
export function buildOpenApi(routes: DocumentedRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z]+)/g, "{$1}");
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ["path", route.params],
      ["query", route.query],
    ] as const) {
      if (!(schema instanceof z.ZodObject)) continue;
      for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
        parameters.push({
          name,
          in: where,
          required: where === "path" || !field.safeParse(undefined).success,
          schema: jsonSchema(field, "input"),
        });
      }
    }
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      security:
        route.auth === "public"
          ? []
          : route.auth === "writeKey"
            ? [{ writeKey: [] }]
            : [{ session: [] }, { bearer: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: jsonSchema(route.body, "input") } },
            },
          }
        : {}),
      responses: {
        [route.status]: {
          description: "OK",
          ...(route.response
            ? { content: { "application/json": { schema: jsonSchema(route.response, "output") } } }
            : {}),
        },
        "4XX": {
          description: "The request is wrong: `{ error: { code, message, path, details } }`",
        },
      },
    };
  }
  return {
    openapi: "3.0.3",
    info: {
      title: "cxloop API",
      version,
      description:
        "Tracking API (Segment-compatible, /v1) and the management API the web app uses (/api).",
    },
    components: {
      securitySchemes: {
        writeKey: { type: "http", scheme: "basic", description: "write key as user name" },
        session: { type: "apiKey", in: "cookie", name: "cxloop_session" },
        bearer: { type: "http", scheme: "bearer" },
      },
    },
    paths,
  };
}
