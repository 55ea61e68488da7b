// Preloaded with `node --import` by a test: when the process exits, writes every module URL it
// loaded to `$LOADED_MODULES_DIR/<argv[2]>-<pid>.txt` (argv[2]: the operator command), so a test can
// check what a process carries (decisions 040 and 041).
import { writeFileSync } from "node:fs";
import { registerHooks } from "node:module";

const loaded = new Set();
registerHooks({
  load(url, context, nextLoad) {
    loaded.add(url);
    return nextLoad(url, context);
  },
});
process.on("exit", () => {
  const dir = process.env.LOADED_MODULES_DIR;
  if (dir) writeFileSync(`${dir}/${process.argv[2] ?? "main"}-${process.pid}.txt`, [...loaded].join("\n"));
});
