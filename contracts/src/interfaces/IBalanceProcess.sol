// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title BalanceProcess: the paper's E-coin.
/// @notice An ERC-20 token ("E-coin", symbol ECN, 2 decimals) so no EV user needs Ether to pay for a swap.
/// Only the controller (BatteryInterface) mints, which it does only on the super account's grant, and only
/// the controller moves E-coin between accounts without their signature (swap escrow, settlement, fees).
/// Holders may also transfer their own E-coin, directly or relayed through the trusted forwarder, unless the
/// super account suspended them (BatteryInterface.setSuspended, which sets {isSuspended} here): then their
/// transfers, approvals and the spending of their allowances revert with {BalanceProcessAccountSuspended},
/// so a stolen key cannot move their E-coin.
interface IBalanceProcess is IERC20 {
    /// @notice The controller was bound (once, at deployment).
    event ControllerSet(address indexed controller);

    /// @notice The caller is not the controller.
    error BalanceProcessUnauthorized(address caller);
    /// @notice The controller was already bound.
    error BalanceProcessControllerAlreadySet(address controller);
    /// @notice The super account suspended `account` (BatteryInterface.setSuspended): its E-coin cannot move
    /// by its own hand or through an allowance it gave.
    error BalanceProcessAccountSuspended(address account);

    /// @notice Binds the controller. Callable once, by the deployer.
    // The parameter is named as the ABI the SDK is generated from names it; it shadows nothing at run time.
    // slither-disable-next-line shadowing-local
    function setController(address controller) external;

    /// @notice Mints `amount` E-coin to `to`. Controller only.
    function mint(address to, uint256 amount) external;

    /// @notice Suspends (true) or restores (false) `account`'s own E-coin transfers and approvals. Controller
    /// only: BatteryInterface calls it from its super account's `setSuspended`.
    function setSuspended(address account, bool suspended) external;

    /// @notice Whether `account`'s own transfers and approvals are refused.
    function isSuspended(address account) external view returns (bool);

    /// @notice Moves `amount` E-coin from `from` to `to`. Controller only; reverts with the ERC-20
    /// insufficient-balance error when `from` lacks it.
    function controllerTransfer(address from, address to, uint256 amount) external;

    /// @notice The controller (BatteryInterface).
    function controller() external view returns (address);
}
