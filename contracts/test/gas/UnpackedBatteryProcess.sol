// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IBatteryProcess} from "../../src/interfaces/IBatteryProcess.sol";
import {
    StaticInfo,
    BatteryReading,
    DynamicInfo,
    BatteryStatus,
    PassportInfo,
    ConditionReading,
    Health,
    LifeStatus
} from "../../src/interfaces/BatteryTypes.sol";

/// @notice A test fixture for docs/storage.md: BatteryProcess with every field of a battery in its own storage slot
/// (18 slots a battery instead of 3). The code is BatteryProcess's, line for line; only the Record layout differs
/// (a uint256 pad after each field pushes the next one into a fresh slot; pads are never written), so a
/// BatteryInterface wired to it measures what the packing saves.
contract UnpackedBatteryProcess is IBatteryProcess {
    struct Record {
        bytes16 brand;
        uint256 _pad0;
        uint32 maxChargingCount;
        uint256 _pad1;
        uint32 maxDischargingCount;
        uint256 _pad2;
        uint32 maxChargingTotalTime;
        uint256 _pad3;
        uint32 maxDischargingTotalTime;
        uint256 _pad4;
        uint16 manufactureYear;
        uint256 _pad5;
        uint8 manufactureMonth;
        uint256 _pad6;
        uint8 maxYearLimited;
        uint256 _pad7;
        uint64 manufacturePrice;
        uint256 _pad8;
        uint32 chargingCount;
        uint256 _pad9;
        uint32 dischargingCount;
        uint256 _pad10;
        uint32 chargingTotalTime;
        uint256 _pad11;
        uint32 dischargingTotalTime;
        uint256 _pad12;
        address owner;
        uint256 _pad13;
        uint32 holder;
        uint256 _pad14;
        BatteryStatus status;
        uint256 _pad15;
        uint16 socPermille;
        uint256 _pad16;
        uint32 energyWh;
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

    function setController(address newController) external {
        if (msg.sender != _deployer) revert BatteryProcessUnauthorized(msg.sender);
        if (controller != address(0)) revert BatteryProcessControllerAlreadySet(controller);
        controller = newController;
        emit ControllerSet(newController);
    }

    function register(
        StaticInfo calldata info,
        BatteryReading calldata reading,
        address owner,
        uint32 holder,
        bytes32 tag
    ) external onlyController returns (uint32 batteryId) {
        _checkStaticInfo(info);
        if (reading.socPermille > 1000) revert BatteryProcessInvalidReading(0, "SOC over 1000 permille");
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

    function recordCharge(uint32 batteryId, uint32 energyWh, uint16 socPermille, uint32 duration)
        external
        onlyController
        returns (address, uint32, BatteryStatus)
    {
        Record storage r = _existing(batteryId);
        if (energyWh < r.energyWh) revert BatteryProcessInvalidReading(batteryId, "charge lowered energy");
        if (socPermille < r.socPermille || socPermille > 1000) {
            revert BatteryProcessInvalidReading(batteryId, "charge SOC must rise within 0..1000");
        }
        (r.chargingCount, r.chargingTotalTime) = _bump(batteryId, r.chargingCount, r.chargingTotalTime, duration);
        r.energyWh = energyWh;
        r.socPermille = socPermille;
        emit BatteryCharged(batteryId, energyWh, socPermille, duration);
        return (r.owner, r.holder, r.status);
    }

    function recordCharging(uint32 batteryId, uint32 energyWh, uint16 socPermille)
        external
        onlyController
        returns (address, uint32, BatteryStatus)
    {
        Record storage r = _existing(batteryId);
        if (energyWh < r.energyWh) revert BatteryProcessInvalidReading(batteryId, "charge lowered energy");
        if (socPermille < r.socPermille || socPermille > 1000) {
            revert BatteryProcessInvalidReading(batteryId, "charge SOC must rise within 0..1000");
        }
        r.energyWh = energyWh;
        r.socPermille = socPermille;
        emit BatteryCharging(batteryId, energyWh, socPermille);
        return (r.owner, r.holder, r.status);
    }

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

    function setStatus(uint32 batteryId, BatteryStatus status)
        external
        onlyController
        returns (address, uint32, BatteryStatus oldStatus)
    {
        Record storage r = _existing(batteryId);
        if (status == BatteryStatus.None) revert BatteryProcessInvalidReading(batteryId, "status None");
        oldStatus = r.status;
        if (oldStatus != BatteryStatus.Recycled) {
            r.status = status;
            emit BatteryStatusChanged(batteryId, status);
        }
        return (r.owner, r.holder, oldStatus);
    }

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

    function getBattery(uint32 batteryId) external view returns (StaticInfo memory, DynamicInfo memory) {
        Record storage r = _existing(batteryId);
        return (_static(r), _dynamic(r));
    }

    function staticInfoOf(uint32 batteryId) external view returns (StaticInfo memory) {
        return _static(_existing(batteryId));
    }

    function dynamicInfoOf(uint32 batteryId) external view returns (DynamicInfo memory) {
        return _dynamic(_existing(batteryId));
    }

    function staticHashOf(uint32 batteryId) external view returns (bytes32) {
        return keccak256(abi.encode(_static(_existing(batteryId))));
    }

    // The comparison is of the paper's fields, which every operation measured here touches; this layout keeps
    // no passport, so a battery has none (health not reported, as for a battery registered without one) and
    // setting one is refused.
    function setPassport(uint32 batteryId, PassportInfo calldata, ConditionReading calldata) external view onlyController {
        revert BatteryProcessInvalidPassport(batteryId, "the unpacked layout keeps no passport");
    }

    function recordCondition(uint32 batteryId, ConditionReading calldata) external view onlyController {
        revert BatteryProcessInvalidPassport(batteryId, "no passport");
    }

    function setLifeStatus(uint32 batteryId, LifeStatus) external view onlyController returns (address, uint32, BatteryStatus) {
        revert BatteryProcessInvalidPassport(batteryId, "no passport");
    }

    function passportOf(uint32 batteryId)
        external
        view
        returns (PassportInfo memory info, ConditionReading memory condition, Health memory health, LifeStatus status)
    {
        Record storage r = _existing(batteryId);
        status = r.status == BatteryStatus.Recycled ? LifeStatus.Waste : LifeStatus.Original;
        return (info, condition, health, status);
    }

    function priceInputsOf(uint32 batteryId)
        external
        view
        returns (StaticInfo memory, DynamicInfo memory, uint256 wear, bool exhausted)
    {
        Record storage r = _existing(batteryId);
        return (_static(r), _dynamic(r), wear, exhausted);
    }

    function healthOf(uint32 batteryId) external view returns (Health memory health) {
        _existing(batteryId);
        return health;
    }

    function _existing(uint32 batteryId) private view returns (Record storage r) {
        r = _records[batteryId];
        if (r.status == BatteryStatus.None) revert BatteryProcessUnknownBattery(batteryId);
    }

    function _bump(uint32 batteryId, uint32 count, uint32 totalTime, uint32 duration)
        private
        pure
        returns (uint32, uint32)
    {
        uint256 newCount;
        uint256 newTotal;
        unchecked {
            newCount = uint256(count) + 1;
            newTotal = uint256(totalTime) + duration;
        }
        if (newCount > type(uint32).max || newTotal > type(uint32).max) {
            revert BatteryProcessInvalidReading(batteryId, "count or total time overflowed");
        }
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
