import type { FastifyInstance, FastifyRequest } from "fastify";
import { PassThrough, Transform, type Readable } from "node:stream";
import { createGunzip, createInflate } from "node:zlib";
import { AppFailure, ErrorCode } from "../core/shared/result.js";

type ParserDone = (error: Error | null, body?: unknown) => void;

const unsupported = (contentType: string | undefined) =>
  new AppFailure({
    code: ErrorCode.unsupportedMediaType,
    message: `content-type "${contentType ?? ""}" is not supported; send application/json`,
  });

/**
 * Request bodies as tracking clients send them: gzip or deflate (the RudderStack client
 * gzips by default), JSON as application/json or text/plain (browsers send text/plain to
 * avoid a CORS preflight). Decompression happens before the body limit is counted, so a
 * small compressed bomb is stopped at the limit of its decompressed size.
 */
export function registerBodyDecoding(app: FastifyInstance): void {
  app.addHook("preParsing", async (request, _reply, payload) => {
    const encoding = (request.headers["content-encoding"] ?? "identity").toLowerCase().trim();
    if (encoding === "identity" || encoding === "") return payload;
    if (encoding !== "gzip" && encoding !== "deflate") {
      throw new AppFailure({
        code: ErrorCode.unsupportedMediaType,
        message: `content-encoding "${encoding}" is not supported (gzip, deflate or none)`,
      });
    }
    let encodedLength = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        encodedLength += chunk.length;
        done(null, chunk);
      },
    });
    const inflate = encoding === "gzip" ? createGunzip() : createInflate();
    const decoded = new PassThrough() as PassThrough & { receivedEncodedLength?: number };
    inflate.on("error", (error) => decoded.destroy(Object.assign(error, { statusCode: 400 })));
    payload.pipe(counter).pipe(inflate).pipe(decoded);
    counter.on("end", () => {
      decoded.receivedEncodedLength = encodedLength;
    });
    return decoded as unknown as Readable;
  });

  const json = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser(["application/json", "text/plain"]);
  const parseJson = (req: FastifyRequest, body: string | Buffer, done: ParserDone) => {
    if (body === "" || body === undefined) return done(null, undefined);
    json(req, body as string, (error, value) => {
      if (error) {
        done(
          new AppFailure({
            code: ErrorCode.invalidInput,
            message: `body is not valid JSON: ${error.message}`,
            path: "body",
          }),
          undefined,
        );
      } else done(null, value);
    });
  };
  app.addContentTypeParser("application/json", { parseAs: "string" }, parseJson);
  // Browsers send tracking calls as text/plain to avoid a CORS preflight. The management API
  // takes only application/json, which a cross-site form cannot send.
  app.addContentTypeParser("text/plain", { parseAs: "string" }, (req, body, done) => {
    if (req.url.startsWith("/v1/")) return parseJson(req, body, done);
    done(unsupported(req.headers["content-type"]), undefined);
  });
  // Tracking clients are loose about content types (the RudderStack client posts its gzip body
  // as form-urlencoded): on /v1 every body is read as JSON, as Segment's own API does.
  app.addContentTypeParser("*", { parseAs: "string" }, (req, body, done) => {
    if (req.url.startsWith("/v1/")) return parseJson(req, body, done);
    // One-click unsubscribe (RFC 8058) posts a form; its body carries nothing we need.
    if (req.url.startsWith("/u/")) return done(null, undefined);
    done(unsupported(req.headers["content-type"]), undefined);
  });
}
