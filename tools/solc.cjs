// forge calls this as its `solc`: the machines are offline, so the compiler is npm `solc` (solc-js).
// forge needs only `--version` and `--standard-json` (input on stdin, output on stdout).
'use strict';
const path = require('node:path');
const solc = require(path.join(__dirname, '..', 'node_modules', 'solc'));
const args = process.argv.slice(2);
const write = (text, code) => process.stdout.write(text, () => process.exit(code)); // flush before exit

if (args.includes('--version')) {
  const v = solc.version(); // e.g. 0.8.28+commit.7893614a.Emscripten.clang
  write(`solc, the solidity compiler commandline interface\nVersion: ${v.replace('.Emscripten.clang', '.Linux.g++')}\n`, 0);
} else if (args.includes('--standard-json')) {
  const chunks = [];
  process.stdin.on('data', (c) => chunks.push(c));
  process.stdin.on('end', () => {
    const input = Buffer.concat(chunks).toString('utf8');
    // Imports are resolved by forge into the input's sources; allow-paths/base-path need no callback.
    write(solc.compile(input), 0);
  });
} else {
  process.stderr.write(`tools/solc: only --version and --standard-json are supported (got: ${args.join(' ')})\n`);
  process.exit(2);
}
