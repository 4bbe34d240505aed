// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";

/// @title EvswapForwarder
/// @notice OpenZeppelin's ERC-2771 forwarder under the EIP-712 domain name "evswap" (version "1"): stations
/// relay devices' signed requests through it and pay the gas, so devices need no Ether.
contract EvswapForwarder is ERC2771Forwarder {
    constructor() ERC2771Forwarder("evswap") {}
}
