// forge calls this as its `solc`: the machines are offline, so the compiler is npm `solc` (solc-js).
// forge needs only `--version` and `--standard-json` (input on stdin, output on stdout).
'use strict';
const path = require('node:path');
const solc = require(path.join(__dirname, '..', 'node_modules', 'solc'));
const args = process.argv.slice(2);
const write = (text, code) => process.stdout.write(text, () => process.exit(code)); // flush before exit

const fs = require('node:fs');
const flag = (name) => {
  const out = [];
  args.forEach((a, i) => { if (a === name && args[i + 1]) out.push(args[i + 1]); });
  return out;
};
const roots = [...flag('--base-path'), ...flag('--include-path'), process.cwd()];

function readImport(importPath) {
  for (const root of roots) {
    const full = path.resolve(root, importPath);
    if (fs.existsSync(full)) return { contents: fs.readFileSync(full, 'utf8') };
  }
  return { error: `tools/solc: ${importPath} not found under ${roots.join(', ')}` };
}

if (args.includes('--version')) {
  const v = solc.version(); // e.g. 0.8.28+commit.7893614a.Emscripten.clang
  write(`solc, the solidity compiler commandline interface\nVersion: ${v.replace('.Emscripten.clang', '.Linux.g++')}\n`, 0);
} else if (args.includes('--standard-json')) {
  const chunks = [];
  process.stdin.on('data', (c) => chunks.push(c));
  process.stdin.on('end', () => {
    const input = Buffer.concat(chunks).toString('utf8');
    // forge puts most sources into the input, but leaves some relative imports to the compiler's file
    // callback, which solc-js only has if we give it one: read them from disk like native solc would.
    write(solc.compile(input, { import: readImport }), 0);
  });
} else {
  process.stderr.write(`tools/solc: only --version and --standard-json are supported (got: ${args.join(' ')})\n`);
  process.exit(2);
}
