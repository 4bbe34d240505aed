// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {
    StaticInfo,
    BatteryReading,
    DynamicInfo,
    Role,
    Operation,
    SwapRequest,
    PassportInfo,
    ConditionReading,
    LifeStatus,
    HoldTerms,
    BatteryHold,
    ForfeitTo
} from "./BatteryTypes.sol";

/// @title BatteryInterface: the paper's API for the EV owner, the station operator and the super account.
/// @notice Every call is made by an account directly or relayed through the trusted ERC-2771 forwarder, so a
/// device that holds no Ether acts as itself. An account the super account has not registered, or has
/// suspended, can do nothing.
/// Units: energy in Wh, SOC in tenths of a percent, times in seconds, E-coin in base units (2 decimals).
interface IBatteryInterface {
    /// @notice The super account registered `account` as `role` for `unit` (EV id or STATION_FLAG | station id).
    event AccountRegistered(address indexed account, Role role, uint32 indexed unit);
    /// @notice The super account granted (minted) E-coin.
    event ECoinGranted(address indexed to, uint256 amount);
    /// @notice The super account set the fee of an operation.
    event FeeSet(Operation indexed operation, uint256 fee);
    /// @notice The super account set the value of one kWh held in a battery, used by the price formula.
    event EnergyPriceSet(uint256 pricePerKWh);
    /// @notice The super account set where fees go.
    event TreasurySet(address indexed treasury);
    /// @notice The super account paused or resumed all user operations.
    event PausedSet(bool paused);
    /// @notice The super account suspended `account` (true) or lifted its suspension (false).
    event AccountSuspended(address indexed account, bool suspended);
    /// @notice An EV owner asked to swap one of its batteries for one of a station's, at a fixed price.
    event SwapRequested(
        uint32 indexed swapId,
        address indexed evOwner,
        uint32 indexed stationUnit,
        uint32 evBatteryId,
        uint32 stationBatteryId,
        int256 difference,
        uint256 fee
    );
    /// @notice The station approved: ownership of both batteries moved and E-coin settled.
    event SwapApproved(uint32 indexed swapId, address indexed operator);
    /// @notice The station denied: nothing moved, the escrow went back.
    event SwapDenied(uint32 indexed swapId, address indexed operator);
    /// @notice The EV owner cancelled: nothing moved, the escrow went back.
    event SwapCancelled(uint32 indexed swapId, address indexed evOwner);

    /// @notice The super account set the terms of battery holds.
    event HoldTermsSet(uint32 duration, uint256 fee, ForfeitTo forfeitTo);
    /// @notice An EV owner holds a station battery until `until`; `fee` E-coin sits in escrow meanwhile.
    event BatteryHeld(
        uint32 indexed batteryId, address indexed evOwner, uint32 indexed stationUnit, uint64 until, uint256 fee
    );
    /// @notice A hold ended. `used`: its EV's swap request took the battery and the fee went back to the EV
    /// owner; otherwise it expired or its EV released it, and the fee went to `feeTo`.
    event BatteryHoldEnded(
        uint32 indexed batteryId, address indexed evOwner, uint32 indexed stationUnit, bool used, address feeTo, uint256 fee
    );

    /// @notice `account` lacks `needed` (an unregistered account lacks every role).
    error BatteryInterfaceUnauthorizedAccount(address account, Role needed);
    /// @notice `account` is not the super account.
    error BatteryInterfaceNotSuperAccount(address account);
    /// @notice The account or the unit is registered already.
    error BatteryInterfaceAlreadyRegistered(address account, uint32 unit);
    /// @notice A unit id of the wrong kind (an EV id with the station flag, a zero id, ...).
    error BatteryInterfaceInvalidUnit(uint32 unit);
    /// @notice The battery is not held by the caller's unit or not owned by the caller.
    error BatteryInterfaceNotYourBattery(address account, uint32 batteryId);
    /// @notice The battery is not in service (recycled, or locked by a pending swap).
    error BatteryInterfaceBatteryNotInService(uint32 batteryId);
    /// @notice The battery's state of health is under its exhaustion threshold: it is not offered for a swap.
    error BatteryInterfaceBatteryExhausted(uint32 batteryId);
    /// @notice The swap would cost the EV owner more than it agreed to pay.
    error BatteryInterfaceQuoteExceeded(uint256 cost, uint256 maxCost);
    /// @notice No pending swap has this id.
    error BatteryInterfaceSwapNotPending(uint32 swapId);
    /// @notice The caller may not decide or cancel this swap.
    error BatteryInterfaceNotSwapParty(address account, uint32 swapId);
    /// @notice Operations are paused by the super account.
    error BatteryInterfacePaused();
    /// @notice The super account suspended `account`: it can do nothing, and no swap of its can be approved.
    error BatteryInterfaceAccountSuspended(address account);
    /// @notice The battery is held for another EV (unit `evUnit`) until `until` (unix seconds).
    error BatteryInterfaceBatteryHeld(uint32 batteryId, uint32 evUnit, uint64 until);
    /// @notice The EV (unit `evUnit`) already holds `batteryId`: one hold per EV at a time.
    error BatteryInterfaceAlreadyHolding(uint32 evUnit, uint32 batteryId);
    /// @notice A hold shorter than a minute (seconds given).
    error BatteryInterfaceInvalidHoldDuration(uint32 duration);
    /// @notice `batteryId` has no hold to release.
    error BatteryInterfaceNoHold(uint32 batteryId);
    /// @notice The hold on `batteryId` runs until `until`: before then only its EV may release it.
    error BatteryInterfaceHoldRunning(uint32 batteryId, uint64 until);
    /// @notice Swap `swapId` is not the one the caller decided on. The arguments are what the chain holds
    /// under that id: its EV battery, its station battery and its difference (a fork may have reordered
    /// requests, so that the id now names another one).
    error BatteryInterfaceSwapTermsMismatch(
        uint32 swapId, uint32 evBatteryId, uint32 stationBatteryId, int256 difference
    );

    // ---------------------------------------------------------------- super account

    /// @notice Registers `account` as the owner of EV `evId` (1..2^31-1). Super account only.
    function registerEVOwner(address account, uint32 evId) external;

    /// @notice Registers `account` as the operator of station `stationId` (1..2^31-1). Super account only.
    function registerStationOperator(address account, uint32 stationId) external;

    /// @notice Mints `amount` E-coin to a registered account. Super account only.
    function grantECoin(address to, uint256 amount) external;

    /// @notice Sets the E-coin fee of `operation`, paid by the caller of that operation to the treasury.
    function setFee(Operation operation, uint256 fee) external;

    /// @notice Sets the value of one kWh held in a battery, in E-coin base units.
    function setEnergyPrice(uint256 pricePerKWh) external;

    /// @notice Sets where fees go.
    // The parameter is named as the ABI the SDK is generated from names it; it shadows nothing at run time.
    // slither-disable-next-line shadowing-local
    function setTreasury(address treasury) external;

    /// @notice Pauses (true) or resumes (false) every EV owner and station operator operation.
    // The parameter is named as the ABI the SDK is generated from names it; it shadows nothing at run time.
    // slither-disable-next-line shadowing-local
    function setPaused(bool paused) external;

    /// @notice Suspends (true) or restores (false) one registered account, a stolen device's key for example,
    /// without pausing the others. A suspended account's every operation reverts with
    /// {BatteryInterfaceAccountSuspended}, directly or relayed, and so does the approval of a swap it asked
    /// for; its batteries and E-coin stay as they are (E-coin transfers of its own are refused too, see
    /// {IBalanceProcess}). Super account only.
    function setSuspended(address account, bool suspended) external;
    // ---------------------------------------------------------------- devices (EV owner or station)

    /// @notice Registers a battery a device found on its USB slots; the caller owns it and its unit holds it.
    /// @return batteryId The new battery's id, to be written back into the battery's file.
    function registerBattery(StaticInfo calldata info, BatteryReading calldata reading, bytes32 tag)
        external
        returns (uint32 batteryId);

    /// @notice Registers a battery as {registerBattery} does, with its passport's static technical properties
    /// (immutable from then on, like its static info) and the condition its management system reports now.
    function registerBatteryWithPassport(
        StaticInfo calldata info,
        BatteryReading calldata reading,
        PassportInfo calldata passport,
        ConditionReading calldata condition,
        bytes32 tag
    ) external returns (uint32 batteryId);

    /// @notice Discharges a battery the caller owns and holds (EV owner or station operator).
    function discharge(uint32 batteryId, uint32 energyWh, uint16 socPermille, uint32 duration) external;

    /// @notice {discharge} with the condition its management system reports; the battery needs a passport.
    function dischargeWithCondition(
        uint32 batteryId,
        uint32 energyWh,
        uint16 socPermille,
        uint32 duration,
        ConditionReading calldata condition
    ) external;

    // ---------------------------------------------------------------- station operator

    /// @notice Charges a battery the station owns and holds.
    function charge(uint32 batteryId, uint32 energyWh, uint16 socPermille, uint32 duration) external;

    /// @notice {charge} with the condition its management system reports; the battery needs a passport.
    function chargeWithCondition(
        uint32 batteryId,
        uint32 energyWh,
        uint16 socPermille,
        uint32 duration,
        ConditionReading calldata condition
    ) external;

    /// @notice Gives a battery the station owns and holds the passport life status repurposed, reused or
    /// remanufactured. Recycling makes it waste.
    function setLifeStatus(uint32 batteryId, LifeStatus status) external;

    /// @notice Takes a battery the station owns and holds out of service for good.
    function recycle(uint32 batteryId) external;

    /// @notice Approves a pending swap addressed to the caller's station: both batteries change owner and
    /// holder, and E-coin settles (difference to or from the station, fee to the treasury).
    /// @dev Ids count requests in chain order, so a fork that reorders requests can move an id to another
    /// request. The caller therefore names what it approves, as it saw it (from {getSwap} or the
    /// `SwapRequested` event); anything else reverts with {BatteryInterfaceSwapTermsMismatch}.
    /// @param evBatteryId The EV's battery the station receives.
    /// @param stationBatteryId The station's battery the EV receives.
    /// @param difference The price difference fixed at request time (paid to the station when > 0).
    function approveSwap(uint32 swapId, uint32 evBatteryId, uint32 stationBatteryId, int256 difference) external;

    /// @notice Denies a pending swap addressed to the caller's station; the escrow goes back. Names the swap's
    /// terms as {approveSwap} does, so a fork cannot make it deny another request.
    function denySwap(uint32 swapId, uint32 evBatteryId, uint32 stationBatteryId, int256 difference) external;

    /// @notice Sets how long a battery hold lasts (seconds, at least 60), its fee (E-coin base units) and where
    /// the fee of an unused hold goes. Holds taken before keep the terms they were taken at. Super account only.
    function setHoldTerms(uint32 duration, uint256 fee, ForfeitTo forfeitTo) external;

    // ---------------------------------------------------------------- EV owner

    /// @notice Holds one in-service station battery for the caller's EV for the hold duration, escrowing the
    /// hold fee: nobody else may request it meanwhile. One hold per EV; a hold the EV had that expired ends
    /// first (its fee forfeited). The caller's {requestSwap} for the battery uses the hold and gives the fee
    /// back.
    function holdBattery(uint32 stationBatteryId) external;

    /// @notice Ends the hold on `batteryId`: its EV may at any time, anyone once it expired. The fee goes
    /// where the hold terms say ({ForfeitTo}), and the battery is free again.
    function releaseHold(uint32 batteryId) external;

    /// @notice Asks to swap `evBatteryId` (the caller's) for `stationBatteryId` (held by a station) at the
    /// current prices. Escrows max(difference, 0) + fee from the caller and locks both batteries.
    /// @param maxCost The most E-coin the caller agrees to pay (difference + fee), from a quote.
    function requestSwap(uint32 evBatteryId, uint32 stationBatteryId, uint256 maxCost) external returns (uint32 swapId);

    /// @notice Cancels the caller's pending swap; the escrow goes back.
    function cancelSwap(uint32 swapId) external;

    // ---------------------------------------------------------------- views

    /// @notice The role and unit of an account.
    function accountOf(address account) external view returns (Role role, uint32 unit);

    /// @notice Whether the super account suspended `account`.
    function isSuspended(address account) external view returns (bool);

    /// @notice The account registered for a unit, or address(0).
    function accountOfUnit(uint32 unit) external view returns (address);

    /// @notice The price of a battery now, by the formula in docs/price.md.
    function priceOf(uint32 batteryId) external view returns (uint256);

    /// @notice What a swap would cost now: difference = price(station battery) - price(EV battery), the
    /// fee, and the E-coin the EV owner pays on request (max(difference, 0) + fee).
    function quoteSwap(uint32 evBatteryId, uint32 stationBatteryId)
        external
        view
        returns (int256 difference, uint256 fee, uint256 cost);

    /// @notice A swap request.
    function getSwap(uint32 swapId) external view returns (SwapRequest memory);

    /// @notice How many swaps were requested; ids run 1..swapCount.
    function swapCount() external view returns (uint32);

    /// @notice The hold on a battery (`until == 0`: none). A hold past `until` no longer stops anyone.
    function holdOf(uint32 batteryId) external view returns (BatteryHold memory);

    /// @notice The battery the EV of `evUnit` holds (0: none), expired or not.
    function heldBy(uint32 evUnit) external view returns (uint32 batteryId);

    /// @notice The terms new holds are taken at.
    function holdTerms() external view returns (HoldTerms memory);

    /// @notice The fee of an operation.
    function feeOf(Operation operation) external view returns (uint256);

    /// @notice The value of one kWh held in a battery.
    function energyPrice() external view returns (uint256);

    /// @notice Where fees go.
    function treasury() external view returns (address);

    /// @notice Whether user operations are paused.
    function paused() external view returns (bool);

    /// @notice The BatteryProcess contract.
    function batteryProcess() external view returns (address);

    /// @notice The BalanceProcess (E-coin) contract.
    function balanceProcess() external view returns (address);
}
