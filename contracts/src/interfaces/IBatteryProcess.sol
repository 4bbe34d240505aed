// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {
    StaticInfo,
    BatteryReading,
    DynamicInfo,
    BatteryStatus,
    PassportInfo,
    ConditionReading,
    Health,
    LifeStatus
} from "./BatteryTypes.sol";

/// @title BatteryProcess: the paper's store of battery information.
/// @notice Keeps each battery's static info (immutable after registration) and dynamic info (energy, SOC,
/// counts and total times, owner, holder, status), gives each battery a sequential id starting at 1, and
/// emits an event on every change. Only its controller (BatteryInterface) may write.
interface IBatteryProcess {
    /// @notice A battery was registered from the static info a device read off its USB file.
    /// @param staticHash keccak256(abi.encode(StaticInfo)), what devices compare their files against.
    /// @param tag A device-chosen id of the registration request, so a device that crashed before it saw
    /// the receipt can find the id it was given.
    event BatteryRegistered(
        uint32 indexed batteryId, address indexed owner, uint32 indexed holder, bytes32 staticHash, bytes32 tag
    );
    /// @notice A battery was charged to `energyWh` / `socPermille` over `duration` seconds.
    event BatteryCharged(uint32 indexed batteryId, uint32 energyWh, uint16 socPermille, uint32 duration);
    /// @notice A station's charger reported a charge in progress: the battery holds `energyWh` / `socPermille`
    /// now. No charge is counted; the charge's {BatteryCharged} follows when it ends or is stopped.
    event BatteryCharging(uint32 indexed batteryId, uint32 energyWh, uint16 socPermille);
    /// @notice A battery was discharged to `energyWh` / `socPermille` over `duration` seconds.
    event BatteryDischarged(uint32 indexed batteryId, uint32 energyWh, uint16 socPermille, uint32 duration);
    /// @notice A battery's status changed (locked by a swap request, unlocked, recycled).
    event BatteryStatusChanged(uint32 indexed batteryId, BatteryStatus status);
    /// @notice A battery changed owner and holder (an approved swap).
    event BatteryTransferred(uint32 indexed batteryId, address indexed from, address indexed to, uint32 holder);
    /// @notice A battery's passport properties were set (once, right after its registration).
    event PassportSet(uint32 indexed batteryId, PassportInfo info);
    /// @notice A battery management system reported a battery's condition, at this block's time. Its health
    /// follows from it and the passport ({healthOf}; the SDK's batteryHealth computes the same off chain).
    event ConditionReported(uint32 indexed batteryId, ConditionReading condition);
    /// @notice A battery's passport life status changed (repurposed, reused, remanufactured).
    event LifeStatusSet(uint32 indexed batteryId, LifeStatus status);
    /// @notice The controller was bound (once, at deployment).
    event ControllerSet(address indexed controller);

    /// @notice The caller is not the controller.
    error BatteryProcessUnauthorized(address caller);
    /// @notice The controller was already bound.
    error BatteryProcessControllerAlreadySet(address controller);
    /// @notice No battery has this id.
    error BatteryProcessUnknownBattery(uint32 batteryId);
    /// @notice A reading broke a rule (energy or SOC moved the wrong way, SOC over 1000, a count overflowed).
    error BatteryProcessInvalidReading(uint32 batteryId, string reason);
    /// @notice Passport properties or a life status broke a rule (set twice, a zero property, a threshold outside
    /// 1..999 permille), or a battery without a passport was given a condition or status.
    error BatteryProcessInvalidPassport(uint32 batteryId, string reason);
    /// @notice Static info broke a rule (a zero limit, a month outside 1..12, an empty brand).
    error BatteryProcessInvalidStaticInfo(string reason);

    /// @notice Binds the controller. Callable once, by the deployer.
    // The parameter is named as the ABI the SDK is generated from names it; it shadows nothing at run time.
    // slither-disable-next-line shadowing-local
    function setController(address controller) external;

    /// @notice Registers a battery; returns its id (sequential from 1).
    function register(
        StaticInfo calldata info,
        BatteryReading calldata reading,
        address owner,
        uint32 holder,
        bytes32 tag
    ) external returns (uint32 batteryId);

    /// @notice Records a charge: energy and SOC must not fall; increments chargingCount.
    /// @dev Returns the battery's owner, holder and status so the controller can check its rules with one
    /// call; the controller reverts (undoing the write) when they do not hold.
    function recordCharge(uint32 batteryId, uint32 energyWh, uint16 socPermille, uint32 duration)
        external
        returns (address owner, uint32 holder, BatteryStatus status);

    /// @notice Records a reading of a charge in progress: energy and SOC must not fall; counts nothing.
    function recordCharging(uint32 batteryId, uint32 energyWh, uint16 socPermille)
        external
        returns (address owner, uint32 holder, BatteryStatus status);

    /// @notice Records a discharge: energy and SOC must not rise; increments dischargingCount.
    /// @dev Returns owner, holder and status as `recordCharge` does.
    function recordDischarge(uint32 batteryId, uint32 energyWh, uint16 socPermille, uint32 duration)
        external
        returns (address owner, uint32 holder, BatteryStatus status);

    /// @notice Sets the status (InService, SwapPending, Recycled); returns owner, holder and the old status.
    /// @dev A recycled battery keeps its status: the call then writes nothing and returns Recycled as the old
    /// status, for the controller to reject. Setting `None` reverts.
    function setStatus(uint32 batteryId, BatteryStatus status)
        external
        returns (address owner, uint32 holder, BatteryStatus oldStatus);

    /// @notice Moves a battery to a new owner and holder and puts it back in service (an approved swap).
    /// Reverts for a recycled battery: a recycled battery never moves again.
    function transfer(uint32 batteryId, address newOwner, uint32 newHolder) external;

    /// @notice Sets a battery's passport properties, once, never changed after (like its static info), with
    /// the condition its management system reports at registration.
    function setPassport(uint32 batteryId, PassportInfo calldata info, ConditionReading calldata condition) external;

    /// @notice Records a condition reading at this block's time. The battery must have a passport, and no
    /// lifetime counter (throughput, negative events, time at extreme temperatures) may fall.
    function recordCondition(uint32 batteryId, ConditionReading calldata condition) external;

    /// @notice Sets the passport life status to repurposed, reused or remanufactured; returns owner, holder and
    /// status for the controller's checks. Waste is what recycling makes a battery; original it never is again.
    function setLifeStatus(uint32 batteryId, LifeStatus status)
        external
        returns (address owner, uint32 holder, BatteryStatus status_);

    /// @notice A battery's passport: its properties (all zero without one), last condition, the health derived
    /// from it, and its life status (`Waste` once recycled). Reverts for an unknown id.
    function passportOf(uint32 batteryId)
        external
        view
        returns (PassportInfo memory info, ConditionReading memory condition, Health memory health, LifeStatus status);

    /// @notice A battery's health from its last condition reading (`reported` false without one).
    function healthOf(uint32 batteryId) external view returns (Health memory);

    /// @notice What the price of a battery takes, in one call: its static and dynamic info and its health's
    /// wear (a fraction of 1e18, 0 without a reading), and whether it is exhausted.
    function priceInputsOf(uint32 batteryId)
        external
        view
        returns (StaticInfo memory info, DynamicInfo memory dynamicInfo, uint256 wear, bool exhausted);

    /// @notice The controller (BatteryInterface).
    function controller() external view returns (address);

    /// @notice How many batteries were registered; ids run 1..batteryCount.
    function batteryCount() external view returns (uint32);

    /// @notice Static and dynamic info of a battery. Reverts for an unknown id.
    function getBattery(uint32 batteryId) external view returns (StaticInfo memory, DynamicInfo memory);

    /// @notice Static info of a battery. Reverts for an unknown id.
    function staticInfoOf(uint32 batteryId) external view returns (StaticInfo memory);

    /// @notice Dynamic info of a battery. Reverts for an unknown id.
    function dynamicInfoOf(uint32 batteryId) external view returns (DynamicInfo memory);

    /// @notice keccak256(abi.encode(staticInfoOf(batteryId))).
    function staticHashOf(uint32 batteryId) external view returns (bytes32);
}
