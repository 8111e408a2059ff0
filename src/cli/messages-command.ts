import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { z } from "zod";
import {
  MessageChannel,
  MessageLayout,
  MessageTemplate,
} from "../core/messaging/message-settings.js";
import { unknownResolutions } from "../storage/sql/unknown-outcomes.js";
import { withStore } from "./cli-context.js";

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join(".") || "(top)"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

const Status = z.enum(["pending", "sending", "sent", "failed", "unknown", "suppressed"]);

/** Templates and layouts as files in a repository, and the outbox on the command line. */
export function registerMessagesCommand(program: Command): void {
  const messages = program
    .command("messages")
    .description("message templates, layouts and the outbox");
  messages
    .command("push")
    .description("save templates or layouts from JSON files (one object or an array per file)")
    .argument("<files...>", "template or layout files (a layout has `mjml`)")
    .action(async (files: string[], _opts: unknown, cmd: Command) => {
      await withStore(cmd, async (store) => {
        for (const file of files) {
          const value = readJson(file);
          for (const item of Array.isArray(value) ? value : [value]) {
            if (item && typeof item === "object" && "mjml" in item) {
              const layout = parsed(MessageLayout, item, file);
              await store.messages.saveLayout(layout, "cli");
              console.log(`layout ${layout.id} (${layout.brandId}) saved`);
            } else {
              const template = parsed(MessageTemplate, item, file);
              await store.messages.saveTemplate(template, "cli");
              console.log(
                `template ${template.id} (${template.brandId}, ${template.channel}) saved`,
              );
            }
          }
        }
      });
    });
  messages
    .command("templates")
    .description("list the templates")
    .action(async (_opts: unknown, cmd: Command) => {
      await withStore(cmd, async (store) => {
        for (const t of await store.messages.templates())
          console.log(
            `${t.id.padEnd(28)} ${t.brandId.padEnd(12)} ${t.channel.padEnd(8)} ${Object.keys(t.content).join("+").padEnd(6)} "${t.name}"`,
          );
      });
    });
  messages
    .command("outbox")
    .description("the newest messages with their status (no content: see the web app or the API)")
    .option("--status <status>", "pending, sending, sent, failed, unknown or suppressed")
    .option("--channel <channel>", "email, sms, push or webhook")
    .option("--journey <id>", "only this journey")
    .option("--limit <n>", "how many", "20")
    .action(
      async (
        opts: { status?: string; channel?: string; journey?: string; limit: string },
        cmd: Command,
      ) => {
        const status =
          opts.status === undefined ? undefined : parsed(Status, opts.status, "--status");
        const channel =
          opts.channel === undefined
            ? undefined
            : parsed(MessageChannel, opts.channel, "--channel");
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200)
          throw new Error("--limit must be a whole number from 1 to 200");
        await withStore(cmd, async (store) => {
          const list = await store.messages.list(
            { status, channel, journeyId: opts.journey },
            limit,
          );
          if (list.length === 0) console.log("no messages");
          for (const m of list) {
            const why = m.reason ?? m.lastError ?? "";
            console.log(
              `${new Date(m.createdAt).toISOString()}  ${m.status.padEnd(10)} ${m.channel.padEnd(7)} ${m.brandId.padEnd(10)} ${`${m.journeyId}/${m.stepId}`.padEnd(28)} ${m.subject ?? ""}${why ? `  (${why})` : ""}${m.test ? "  [test]" : ""}  ${m.ledgerKey}`,
            );
          }
        });
      },
    );
  messages
    .command("resolve")
    .description(
      "decide on a message held as unknown after a crash: resend it, or record that it arrived or did not",
    )
    .argument("[key]", "the message's ledger key (last column of `messages outbox`)")
    .requiredOption("--action <action>", "resend, mark_sent or mark_failed")
    .option("--all-unknown", "decide on every message held as unknown (with --journey: of one)")
    .option("--journey <id>", "with --all-unknown: only this journey's messages")
    .action(
      async (
        key: string | undefined,
        opts: { action: string; allUnknown?: boolean; journey?: string },
        cmd: Command,
      ) => {
        const action = parsed(z.enum(unknownResolutions), opts.action, "--action");
        if (Boolean(opts.allUnknown) === Boolean(key))
          throw new Error("give either a message key or --all-unknown (not both)");
        if (opts.journey && !opts.allUnknown) throw new Error("--journey goes with --all-unknown");
        if (!key) {
          await withStore(cmd, async (store) => {
            const n = await store.messages.resolveAllUnknown(
              opts.journey ? { journeyId: opts.journey } : {},
              action,
              "cli",
            );
            console.log(`${n} message${n === 1 ? "" : "s"} held as unknown: ${action}`);
          });
          return;
        }
        await withStore(cmd, async (store) => {
          const result = await store.messages.resolveUnknown(key, action, "cli");
          if (result === "not_found") throw new Error(`no message "${key}"`);
          if (result === "not_unknown") {
            const status = (await store.messages.message(key))?.status ?? "gone";
            throw new Error(`message "${key}" is ${status}, not unknown: nothing changed`);
          }
          console.log(`${key}: ${result.status} (${result.reason ?? ""})`);
        });
      },
    );
}
