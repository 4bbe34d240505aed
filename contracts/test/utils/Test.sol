// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// forge-std's Test, less the console libraries it imports for convenience: the compiler (solc-js, tools/solc) gets
// every source of a build in one JSON input, and solc-js copies that input onto a WebAssembly stack that overflows
// ("memory access out of bounds") somewhere past 1.25 MiB. safeconsole.sol alone is 427 KB of it. Vm is
// re-exported from StdAssertions so that no test imports forge-std/Vm.sol under a second path (forge passes a
// file imported both through the remapping and relatively twice, under two names).
import {TestBase} from "forge-std/Base.sol";
import {StdAssertions, Vm} from "forge-std/StdAssertions.sol";
import {StdChains} from "forge-std/StdChains.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

abstract contract Test is TestBase, StdAssertions, StdChains, StdCheats, StdInvariant, StdUtils {
    // Note: IS_TEST() must return true.
    bool public IS_TEST = true;
}
