// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {IBalanceProcess} from "./interfaces/IBalanceProcess.sol";

/// @title BalanceProcess
/// @notice The paper's E-coin. See {IBalanceProcess}.
contract BalanceProcess is IBalanceProcess, ERC20, ERC2771Context {
    address private immutable _deployer;
    address public controller;

    constructor(address trustedForwarder) ERC20("E-coin", "ECN") ERC2771Context(trustedForwarder) {
        _deployer = msg.sender;
    }

    modifier onlyController() {
        if (msg.sender != controller) revert BalanceProcessUnauthorized(msg.sender);
        _;
    }

    /// @notice E-coin counts in hundredths, like a currency's cents.
    function decimals() public pure override returns (uint8) {
        return 2;
    }

    /// @inheritdoc IBalanceProcess
    function setController(address newController) external {
        if (msg.sender != _deployer) revert BalanceProcessUnauthorized(msg.sender);
        if (controller != address(0)) revert BalanceProcessControllerAlreadySet(controller);
        // No zero check: binding address(0) binds nothing (the deployer may call again), and only the deployer can.
        // slither-disable-next-line missing-zero-check
        controller = newController;
        emit ControllerSet(newController);
    }

    /// @inheritdoc IBalanceProcess
    function mint(address to, uint256 amount) external onlyController {
        _mint(to, amount);
    }

    /// @inheritdoc IBalanceProcess
    function controllerTransfer(address from, address to, uint256 amount) external onlyController {
        _transfer(from, to, amount);
    }

    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    // Unused here, but Context and ERC2771Context both define it, so it must be overridden.
    // slither-disable-next-line dead-code
    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }
}
