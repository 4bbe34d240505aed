// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IBatteryProcess} from "./interfaces/IBatteryProcess.sol";
import {
    StaticInfo,
    BatteryReading,
    DynamicInfo,
    BatteryStatus,
    PassportInfo,
    ConditionReading,
    Health,
    LifeStatus
} from "./interfaces/BatteryTypes.sol";
import {BatteryHealth} from "./BatteryHealth.sol";

/// @title BatteryProcess
/// @notice The paper's battery store. See {IBatteryProcess}. Writes come only from the controller
/// (BatteryInterface), which holds the rules of who may do what; this contract holds the rules of what a
/// battery's data may become (static info never changes, charge never lowers energy, ...).
contract BatteryProcess is IBatteryProcess {
    /// @dev Three slots a battery (docs/storage.md): static info in slot 0 and the first 96 bits of slot 1,
    /// the counters that a charge or discharge bumps in the rest of slot 1, and what changes hands or
    /// charge level in slot 2. A charge or discharge writes slots 1 and 2 only. A battery registered with a
    /// passport has two more: its static technical properties and life status in slot 3, its last condition
    /// reading in slot 4, which only a reading that carries a condition writes.
    struct Record {
        // slot 0
        bytes16 brand;
        uint32 maxChargingCount;
        uint32 maxDischargingCount;
        uint32 maxChargingTotalTime;
        uint32 maxDischargingTotalTime;
        // slot 1
        uint16 manufactureYear;
        uint8 manufactureMonth;
        uint8 maxYearLimited;
        uint64 manufacturePrice;
        uint32 chargingCount;
        uint32 dischargingCount;
        uint32 chargingTotalTime;
        uint32 dischargingTotalTime;
        // slot 2
        address owner;
        uint32 holder;
        BatteryStatus status;
        uint16 socPermille;
        uint32 energyWh;
        // slot 3: PassportInfo's fields, flat so the life status shares their slot (a nested struct would
        // start a slot of its own, and so would the field after it)
        uint32 certifiedUsableEnergyWh;
        uint32 ratedCapacityMAh;
        uint32 expectedLifetimeCycles;
        uint16 exhaustionThresholdPermille;
        uint16 nominalVoltageDecivolts;
        bytes8 chemistry;
        LifeStatus lifeStatus;
        // Never written: it fills slot 3 so that the condition starts slot 4, which a reading writes whole.
        uint56 slot3Padding;
        // slot 4: ConditionReading's fields and the block time of the reading, flat for the same reason
        uint32 remainingEnergyWh;
        uint32 remainingCapacityMAh;
        uint48 energyThroughputWh;
        uint16 deepDischargeEvents;
        uint16 overchargeEvents;
        uint16 overTemperatureEvents;
        uint32 extremeTemperatureSeconds;
        uint8 reported;
        uint40 conditionAt;
    }

    address private immutable _deployer;
    address public controller;
    uint32 public batteryCount;
    mapping(uint32 batteryId => Record) private _records;

    constructor() {
        _deployer = msg.sender;
    }

    modifier onlyController() {
        if (msg.sender != controller) revert BatteryProcessUnauthorized(msg.sender);
        _;
    }

    /// @inheritdoc IBatteryProcess
    function setController(address newController) external {
        if (msg.sender != _deployer) revert BatteryProcessUnauthorized(msg.sender);
        if (controller != address(0)) revert BatteryProcessControllerAlreadySet(controller);
        // No zero check: binding address(0) binds nothing (the deployer may call again), and only the deployer can.
        // slither-disable-next-line missing-zero-check
        controller = newController;
        emit ControllerSet(newController);
    }

    /// @inheritdoc IBatteryProcess
    function register(
        StaticInfo calldata info,
        BatteryReading calldata reading,
        address owner,
        uint32 holder,
        bytes32 tag
    ) external onlyController returns (uint32 batteryId) {
        _checkStaticInfo(info);
        if (reading.socPermille > 1000) revert BatteryProcessInvalidReading(0, "SOC over 1000 permille");
        // Cannot overflow in practice (4 billion batteries), and a checked add would only revert anyway.
        batteryId = ++batteryCount;
        Record storage r = _records[batteryId];
        r.brand = info.brand;
        r.maxChargingCount = info.maxChargingCount;
        r.maxDischargingCount = info.maxDischargingCount;
        r.maxChargingTotalTime = info.maxChargingTotalTime;
        r.maxDischargingTotalTime = info.maxDischargingTotalTime;
        r.manufactureYear = info.manufactureYear;
        r.manufactureMonth = info.manufactureMonth;
        r.maxYearLimited = info.maxYearLimited;
        r.manufacturePrice = info.manufacturePrice;
        r.chargingCount = reading.chargingCount;
        r.dischargingCount = reading.dischargingCount;
        r.chargingTotalTime = reading.chargingTotalTime;
        r.dischargingTotalTime = reading.dischargingTotalTime;
        r.owner = owner;
        r.holder = holder;
        r.status = BatteryStatus.InService;
        r.socPermille = reading.socPermille;
        r.energyWh = reading.energyWh;
        emit BatteryRegistered(batteryId, owner, holder, keccak256(abi.encode(info)), tag);
    }

    /// @inheritdoc IBatteryProcess
    function recordCharge(uint32 batteryId, uint32 energyWh, uint16 socPermille, uint32 duration)
        external
        onlyController
        returns (address, uint32, BatteryStatus)
    {
        Record storage r = _raised(batteryId, energyWh, socPermille);
        (r.chargingCount, r.chargingTotalTime) = _bump(batteryId, r.chargingCount, r.chargingTotalTime, duration);
        emit BatteryCharged(batteryId, energyWh, socPermille, duration);
        return (r.owner, r.holder, r.status);
    }

    /// @inheritdoc IBatteryProcess
    function recordCharging(uint32 batteryId, uint32 energyWh, uint16 socPermille)
        external
        onlyController
        returns (address, uint32, BatteryStatus)
    {
        Record storage r = _raised(batteryId, energyWh, socPermille);
        emit BatteryCharging(batteryId, energyWh, socPermille);
        return (r.owner, r.holder, r.status);
    }

    /// @dev A charge's reading written over the record's: energy and SOC may only rise, SOC within 0..1000.
    function _raised(uint32 batteryId, uint32 energyWh, uint16 socPermille) private returns (Record storage r) {
        r = _existing(batteryId);
        if (energyWh < r.energyWh) revert BatteryProcessInvalidReading(batteryId, "charge lowered energy");
        if (socPermille < r.socPermille || socPermille > 1000) {
            revert BatteryProcessInvalidReading(batteryId, "charge SOC must rise within 0..1000");
        }
        r.energyWh = energyWh;
        r.socPermille = socPermille;
    }

    /// @inheritdoc IBatteryProcess
    function recordDischarge(uint32 batteryId, uint32 energyWh, uint16 socPermille, uint32 duration)
        external
        onlyController
        returns (address, uint32, BatteryStatus)
    {
        Record storage r = _existing(batteryId);
        if (energyWh > r.energyWh) revert BatteryProcessInvalidReading(batteryId, "discharge raised energy");
        if (socPermille > r.socPermille) revert BatteryProcessInvalidReading(batteryId, "discharge raised SOC");
        (r.dischargingCount, r.dischargingTotalTime) =
            _bump(batteryId, r.dischargingCount, r.dischargingTotalTime, duration);
        r.energyWh = energyWh;
        r.socPermille = socPermille;
        emit BatteryDischarged(batteryId, energyWh, socPermille, duration);
        return (r.owner, r.holder, r.status);
    }

    /// @inheritdoc IBatteryProcess
    function setStatus(uint32 batteryId, BatteryStatus status)
        external
        onlyController
        returns (address, uint32, BatteryStatus oldStatus)
    {
        Record storage r = _existing(batteryId);
        if (status == BatteryStatus.None) revert BatteryProcessInvalidReading(batteryId, "status None");
        oldStatus = r.status;
        // A recycled battery never changes status: the call changes nothing and returns Recycled as the old
        // status, which the controller rejects with its own, more telling error (not in service).
        if (oldStatus != BatteryStatus.Recycled) {
            r.status = status;
            emit BatteryStatusChanged(batteryId, status);
        }
        return (r.owner, r.holder, oldStatus);
    }

    /// @inheritdoc IBatteryProcess
    function transfer(uint32 batteryId, address newOwner, uint32 newHolder) external onlyController {
        Record storage r = _existing(batteryId);
        if (r.status == BatteryStatus.Recycled) {
            revert BatteryProcessInvalidReading(batteryId, "a recycled battery never moves");
        }
        address from = r.owner;
        r.owner = newOwner;
        r.holder = newHolder;
        r.status = BatteryStatus.InService;
        emit BatteryTransferred(batteryId, from, newOwner, newHolder);
    }

    /// @inheritdoc IBatteryProcess
    function setPassport(uint32 batteryId, PassportInfo calldata info, ConditionReading calldata condition)
        external
        onlyController
    {
        Record storage r = _existing(batteryId);
        if (r.certifiedUsableEnergyWh != 0) revert BatteryProcessInvalidPassport(batteryId, "already set");
        if (info.certifiedUsableEnergyWh == 0) revert BatteryProcessInvalidPassport(batteryId, "certified energy is zero");
        if (info.ratedCapacityMAh == 0) revert BatteryProcessInvalidPassport(batteryId, "rated capacity is zero");
        if (info.expectedLifetimeCycles == 0) revert BatteryProcessInvalidPassport(batteryId, "expected cycles is zero");
        if (info.exhaustionThresholdPermille == 0 || info.exhaustionThresholdPermille >= 1000) {
            revert BatteryProcessInvalidPassport(batteryId, "exhaustion threshold outside 1..999 permille");
        }
        if (info.nominalVoltageDecivolts == 0) revert BatteryProcessInvalidPassport(batteryId, "nominal voltage is zero");
        if (info.chemistry == bytes8(0)) revert BatteryProcessInvalidPassport(batteryId, "chemistry is empty");
        r.certifiedUsableEnergyWh = info.certifiedUsableEnergyWh;
        r.ratedCapacityMAh = info.ratedCapacityMAh;
        r.expectedLifetimeCycles = info.expectedLifetimeCycles;
        r.exhaustionThresholdPermille = info.exhaustionThresholdPermille;
        r.nominalVoltageDecivolts = info.nominalVoltageDecivolts;
        r.chemistry = info.chemistry;
        emit PassportSet(batteryId, info);
        _writeCondition(r, batteryId, condition);
    }

    /// @inheritdoc IBatteryProcess
    function recordCondition(uint32 batteryId, ConditionReading calldata c) external onlyController {
        Record storage r = _existing(batteryId);
        // Only setPassport writes a first condition, so a battery with a condition has a passport, and the
        // passport's slot, which a reading does not need, stays cold.
        if (r.conditionAt == 0) revert BatteryProcessInvalidPassport(batteryId, "no passport");
        ConditionReading memory old = _condition(r);
        // A counter is compared only when both readings reported it.
        uint8 both = c.reported & old.reported;
        if (
            (both & BatteryHealth.THROUGHPUT != 0 && c.energyThroughputWh < old.energyThroughputWh)
                || (both & BatteryHealth.DEEP_DISCHARGES != 0 && c.deepDischargeEvents < old.deepDischargeEvents)
                || (both & BatteryHealth.OVERCHARGES != 0 && c.overchargeEvents < old.overchargeEvents)
                || (both & BatteryHealth.OVER_TEMPERATURES != 0 && c.overTemperatureEvents < old.overTemperatureEvents)
                || (both & BatteryHealth.EXTREME_TEMPERATURE_TIME != 0 && c.extremeTemperatureSeconds < old.extremeTemperatureSeconds)
        ) revert BatteryProcessInvalidReading(batteryId, "a lifetime counter fell");
        _writeCondition(r, batteryId, c);
    }

    function _writeCondition(Record storage r, uint32 batteryId, ConditionReading calldata c) private {
        // The whole of slot 4 in one write: field by field, the compiler reads and writes the slot once per
        // field (3,500 gas more a reading, over the 45,000 target). The shifts are the Record layout's offsets
        // (the storage layout the SDK is generated from, and test_condition_packedWrite_readsBackFieldByField).
        uint256 word = uint256(c.remainingEnergyWh) | uint256(c.remainingCapacityMAh) << 32
            | uint256(c.energyThroughputWh) << 64 | uint256(c.deepDischargeEvents) << 112
            | uint256(c.overchargeEvents) << 128 | uint256(c.overTemperatureEvents) << 144
            | uint256(c.extremeTemperatureSeconds) << 160 | uint256(c.reported) << 192 | block.timestamp << 200;
        // The one assembly in the contracts, for the reason above; the layout it writes is tested field by field.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            sstore(add(r.slot, 4), word)
        }
        emit ConditionReported(batteryId, c);
    }

    /// @inheritdoc IBatteryProcess
    function setLifeStatus(uint32 batteryId, LifeStatus status)
        external
        onlyController
        returns (address, uint32, BatteryStatus)
    {
        Record storage r = _existing(batteryId);
        if (r.certifiedUsableEnergyWh == 0) revert BatteryProcessInvalidPassport(batteryId, "no passport");
        if (status == LifeStatus.Original || status == LifeStatus.Waste) {
            revert BatteryProcessInvalidPassport(batteryId, "a battery becomes original never again, and waste by recycling");
        }
        r.lifeStatus = status;
        emit LifeStatusSet(batteryId, status);
        return (r.owner, r.holder, r.status);
    }

    /// @inheritdoc IBatteryProcess
    function passportOf(uint32 batteryId)
        external
        view
        returns (PassportInfo memory, ConditionReading memory, Health memory, LifeStatus)
    {
        Record storage r = _existing(batteryId);
        PassportInfo memory p = _passport(r);
        ConditionReading memory c = _condition(r);
        return (p, c, BatteryHealth.compute(p, c, r.conditionAt), r.status == BatteryStatus.Recycled ? LifeStatus.Waste : r.lifeStatus);
    }

    /// @inheritdoc IBatteryProcess
    function healthOf(uint32 batteryId) external view returns (Health memory) {
        return _health(_existing(batteryId));
    }

    /// @inheritdoc IBatteryProcess
    function priceInputsOf(uint32 batteryId)
        external
        view
        returns (StaticInfo memory, DynamicInfo memory, uint256 wear, bool exhausted)
    {
        Record storage r = _existing(batteryId);
        Health memory h = _health(r);
        return (_static(r), _dynamic(r), h.wear, h.exhausted);
    }

    /// @dev A battery without a passport has no health to read: its condition slot is left cold.
    function _health(Record storage r) private view returns (Health memory h) {
        PassportInfo memory p = _passport(r);
        if (p.certifiedUsableEnergyWh == 0) return h;
        return BatteryHealth.compute(p, _condition(r), r.conditionAt);
    }

    function _passport(Record storage r) private view returns (PassportInfo memory) {
        return PassportInfo({
            certifiedUsableEnergyWh: r.certifiedUsableEnergyWh,
            ratedCapacityMAh: r.ratedCapacityMAh,
            expectedLifetimeCycles: r.expectedLifetimeCycles,
            exhaustionThresholdPermille: r.exhaustionThresholdPermille,
            nominalVoltageDecivolts: r.nominalVoltageDecivolts,
            chemistry: r.chemistry
        });
    }

    function _condition(Record storage r) private view returns (ConditionReading memory) {
        return ConditionReading({
            remainingEnergyWh: r.remainingEnergyWh,
            remainingCapacityMAh: r.remainingCapacityMAh,
            energyThroughputWh: r.energyThroughputWh,
            deepDischargeEvents: r.deepDischargeEvents,
            overchargeEvents: r.overchargeEvents,
            overTemperatureEvents: r.overTemperatureEvents,
            extremeTemperatureSeconds: r.extremeTemperatureSeconds,
            reported: r.reported
        });
    }

    /// @inheritdoc IBatteryProcess
    function getBattery(uint32 batteryId) external view returns (StaticInfo memory, DynamicInfo memory) {
        Record storage r = _existing(batteryId);
        return (_static(r), _dynamic(r));
    }

    /// @inheritdoc IBatteryProcess
    function staticInfoOf(uint32 batteryId) external view returns (StaticInfo memory) {
        return _static(_existing(batteryId));
    }

    /// @inheritdoc IBatteryProcess
    function dynamicInfoOf(uint32 batteryId) external view returns (DynamicInfo memory) {
        return _dynamic(_existing(batteryId));
    }

    /// @inheritdoc IBatteryProcess
    function staticHashOf(uint32 batteryId) external view returns (bytes32) {
        return keccak256(abi.encode(_static(_existing(batteryId))));
    }

    function _existing(uint32 batteryId) private view returns (Record storage r) {
        r = _records[batteryId];
        if (r.status == BatteryStatus.None) revert BatteryProcessUnknownBattery(batteryId);
    }

    /// @dev One more use: count + 1 and total time + duration, reverting with the reading error (not a bare
    /// arithmetic panic) when either leaves uint32.
    function _bump(uint32 batteryId, uint32 count, uint32 totalTime, uint32 duration)
        private
        pure
        returns (uint32, uint32)
    {
        // Safe: both sums of two uint32 values fit a uint256.
        uint256 newCount;
        uint256 newTotal;
        unchecked {
            newCount = uint256(count) + 1;
            newTotal = uint256(totalTime) + duration;
        }
        if (newCount > type(uint32).max || newTotal > type(uint32).max) {
            revert BatteryProcessInvalidReading(batteryId, "count or total time overflowed");
        }
        // Both checked against type(uint32).max just above.
        // forge-lint: disable-next-line(unsafe-typecast)
        return (uint32(newCount), uint32(newTotal));
    }

    function _checkStaticInfo(StaticInfo calldata info) private pure {
        if (info.brand == bytes16(0)) revert BatteryProcessInvalidStaticInfo("brand is empty");
        if (info.maxChargingCount == 0 || info.maxDischargingCount == 0) {
            revert BatteryProcessInvalidStaticInfo("a count limit is zero");
        }
        if (info.maxChargingTotalTime == 0 || info.maxDischargingTotalTime == 0) {
            revert BatteryProcessInvalidStaticInfo("a time limit is zero");
        }
        if (info.maxYearLimited == 0) revert BatteryProcessInvalidStaticInfo("maxYearLimited is zero");
        if (info.manufactureMonth == 0 || info.manufactureMonth > 12) {
            revert BatteryProcessInvalidStaticInfo("manufactureMonth outside 1..12");
        }
        if (info.manufactureYear < 1970) revert BatteryProcessInvalidStaticInfo("manufactureYear before 1970");
    }

    function _static(Record storage r) private view returns (StaticInfo memory) {
        return StaticInfo({
            brand: r.brand,
            maxChargingCount: r.maxChargingCount,
            maxDischargingCount: r.maxDischargingCount,
            maxChargingTotalTime: r.maxChargingTotalTime,
            maxDischargingTotalTime: r.maxDischargingTotalTime,
            manufactureYear: r.manufactureYear,
            manufactureMonth: r.manufactureMonth,
            maxYearLimited: r.maxYearLimited,
            manufacturePrice: r.manufacturePrice
        });
    }

    function _dynamic(Record storage r) private view returns (DynamicInfo memory) {
        return DynamicInfo({
            owner: r.owner,
            holder: r.holder,
            status: r.status,
            socPermille: r.socPermille,
            energyWh: r.energyWh,
            chargingCount: r.chargingCount,
            dischargingCount: r.dischargingCount,
            chargingTotalTime: r.chargingTotalTime,
            dischargingTotalTime: r.dischargingTotalTime
        });
    }
}
