import type { Command } from "commander";
import { hashPassword } from "../core/access/password.js";
import { Role } from "../core/access/user.js";
import { withStore } from "./cli-context.js";

export function registerUsersCommand(program: Command): void {
  const users = program.command("users").description("manage users of the web app and API");
  users
    .command("create")
    .description("create a user; the password comes from --password or CXLOOP_PASSWORD")
    .requiredOption("--email <email>", "login email")
    .option("--name <name>", "display name")
    .option("--role <role>", "admin, analyst or agent", "analyst")
    .option("--password <password>", "password (at least 8 characters)")
    .action(
      async (
        opts: { email: string; name?: string; role: string; password?: string },
        cmd: Command,
      ) =>
        withStore(cmd, async (store) => {
          const role = Role.safeParse(opts.role);
          if (!role.success) throw new Error("--role must be admin, analyst or agent");
          const password = opts.password ?? process.env.CXLOOP_PASSWORD;
          if (!password || password.length < 8) {
            throw new Error(
              "a password of at least 8 characters is required (--password or CXLOOP_PASSWORD)",
            );
          }
          if (!/^[^\s@]+@[^\s@]+$/.test(opts.email))
            throw new Error("--email is not an email address");
          const user = await store.users.create({
            email: opts.email,
            name: opts.name ?? opts.email,
            role: role.data,
            passwordHash: await hashPassword(password),
          });
          console.log(`user ${user.email} created with role ${user.role}`);
        }),
    );
  users.command("list").action(async (_o: unknown, cmd: Command) =>
    withStore(cmd, async (store) => {
      for (const u of await store.users.list()) console.log(`${u.email}\t${u.role}\t${u.name}`);
    }),
  );
}
