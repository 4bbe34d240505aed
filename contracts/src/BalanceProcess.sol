// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IBalanceProcess} from "./interfaces/IBalanceProcess.sol";

/// @title BalanceProcess
/// @notice The paper's E-coin. See {IBalanceProcess}.
contract BalanceProcess is IBalanceProcess, ERC20, ERC2771Context {
    address private immutable _deployer;
    address public controller;
    /// @inheritdoc IBalanceProcess
    mapping(address account => bool) public isSuspended;

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
    function setSuspended(address account, bool suspended) external onlyController {
        isSuspended[account] = suspended;
    }

    /// @inheritdoc IBalanceProcess
    function controllerTransfer(address from, address to, uint256 amount) external onlyController {
        _transfer(from, to, amount);
    }

    /// @notice ERC-20 transfer, refused while the sender is suspended.
    function transfer(address to, uint256 value) public override(ERC20, IERC20) returns (bool) {
        _requireNotSuspended(_msgSender());
        return super.transfer(to, value);
    }

    /// @notice ERC-20 transferFrom, refused while the spender or the holder is suspended.
    function transferFrom(address from, address to, uint256 value) public override(ERC20, IERC20) returns (bool) {
        _requireNotSuspended(_msgSender());
        _requireNotSuspended(from);
        return super.transferFrom(from, to, value);
    }

    /// @notice ERC-20 approve, refused while the holder is suspended.
    function approve(address spender, uint256 value) public override(ERC20, IERC20) returns (bool) {
        _requireNotSuspended(_msgSender());
        return super.approve(spender, value);
    }

    /// @dev The controller's own moves (escrow, settlement, fees) do not pass here: BatteryInterface refuses
    /// suspended callers itself, from the flag in its own account record.
    function _requireNotSuspended(address account) private view {
        if (isSuspended[account]) revert BalanceProcessAccountSuspended(account);
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
