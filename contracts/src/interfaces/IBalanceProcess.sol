// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title BalanceProcess: the paper's E-coin.
/// @notice An ERC-20 token ("E-coin", symbol ECN, 2 decimals) so no EV user needs Ether to pay for a swap.
/// Only the controller (BatteryInterface) mints, which it does only on the super account's grant, and only
/// the controller moves E-coin between accounts without their signature (swap escrow, settlement, fees).
/// Holders may also transfer their own E-coin, directly or relayed through the trusted forwarder.
interface IBalanceProcess is IERC20 {
    /// @notice The controller was bound (once, at deployment).
    event ControllerSet(address indexed controller);

    /// @notice The caller is not the controller.
    error BalanceProcessUnauthorized(address caller);
    /// @notice The controller was already bound.
    error BalanceProcessControllerAlreadySet(address controller);

    /// @notice Binds the controller. Callable once, by the deployer.
    // The parameter is named as the ABI the SDK is generated from names it; it shadows nothing at run time.
    // slither-disable-next-line shadowing-local
    function setController(address controller) external;

    /// @notice Mints `amount` E-coin to `to`. Controller only.
    function mint(address to, uint256 amount) external;

    /// @notice Moves `amount` E-coin from `from` to `to`. Controller only; reverts with the ERC-20
    /// insufficient-balance error when `from` lacks it.
    function controllerTransfer(address from, address to, uint256 amount) external;

    /// @notice The controller (BatteryInterface).
    function controller() external view returns (address);
}
