import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Permission, User } from "../core/access/user.js";
import { AppFailure, ErrorCode } from "../core/shared/result.js";
import { requireUser } from "./session-auth.js";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteContext<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  user: User | undefined;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  url: string;
  summary: string;
  tag: string;
  /** "public" routes need no login; others need a session with this permission. */
  permission: Permission | "public" | "login";
  body?: B;
  query?: Q;
  params?: P;
  response?: z.ZodType;
  status?: number;
  /** A larger body than the app's default (1 MB), for bulk uploads. */
  bodyLimit?: number;
  handler: (ctx: RouteContext<z.output<B>, z.output<Q>, z.output<P>>) => Promise<unknown>;
}

export interface DocumentedRoute {
  method: Method;
  url: string;
  summary: string;
  tag: string;
  auth: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  response?: z.ZodType;
  status: number;
}

/** Validates one part of a request against its schema; the error names the field. */
export function parseWith<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: string,
): z.output<T> {
  const parsed = schema.safeParse(value ?? (where === "body" ? undefined : {}));
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.slice(0, 20).map((i) => ({
    path: [where, ...i.path.map(String)].join("."),
    message: i.message,
  }));
  const first = details[0];
  throw new AppFailure({
    code: ErrorCode.invalidInput,
    message: first ? `${first.path}: ${first.message}` : `${where}: invalid`,
    path: first?.path,
    details,
  });
}

/**
 * Routes declared once: the same zod schemas validate requests and generate the OpenAPI
 * document, so the documentation cannot drift from what the server accepts.
 */
export class RouteRegistry {
  readonly routes: DocumentedRoute[] = [];

  constructor(private readonly app: FastifyInstance) {}

  document(route: DocumentedRoute): void {
    this.routes.push(route);
  }

  add<
    B extends z.ZodType = z.ZodUnknown,
    Q extends z.ZodType = z.ZodUnknown,
    P extends z.ZodType = z.ZodUnknown,
  >(spec: RouteSpec<B, Q, P>): void {
    this.document({
      method: spec.method,
      url: spec.url,
      summary: spec.summary,
      tag: spec.tag,
      auth: spec.permission,
      body: spec.body,
      query: spec.query,
      params: spec.params,
      response: spec.response,
      status: spec.status ?? 200,
    });
    this.app.route({
      method: spec.method,
      url: spec.url,
      ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
      handler: async (request, reply) => {
        const user =
          spec.permission === "public" ? undefined : await requireUser(request, spec.permission);
        const body = spec.body ? parseWith(spec.body, request.body, "body") : request.body;
        const query = spec.query ? parseWith(spec.query, request.query, "query") : request.query;
        const params = spec.params
          ? parseWith(spec.params, request.params, "params")
          : request.params;
        const result = await spec.handler({
          body: body as z.output<B>,
          query: query as z.output<Q>,
          params: params as z.output<P>,
          user,
          request,
          reply,
        });
        if (spec.status) reply.code(spec.status);
        return result;
      },
    });
  }
}
