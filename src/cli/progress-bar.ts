import { SingleBar, Presets } from "cli-progress";

/** A progress bar on a terminal, a line every few seconds otherwise (CI logs). */
export function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  const bar = tty
    ? new SingleBar(
        { format: `${label} [{bar}] {percentage}% {value}/{total} {step}`, hideCursor: true },
        Presets.shades_classic,
      )
    : undefined;
  let started = false;
  let lastLine = 0;
  return {
    update: (done: number, total: number, step = "") => {
      if (bar) {
        if (!started) {
          bar.start(total, done, { step });
          started = true;
        } else {
          bar.setTotal(total);
          bar.update(done, { step });
        }
      } else if (Date.now() - lastLine > 3000 || done === total) {
        lastLine = Date.now();
        process.stderr.write(`${label}: ${done}/${total} ${step}\n`);
      }
    },
    stop: () => bar?.stop(),
  };
}
