// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Base} from "../utils/Base.t.sol";
import {IBatteryInterface} from "../../src/interfaces/IBatteryInterface.sol";
import {IBatteryProcess} from "../../src/interfaces/IBatteryProcess.sol";
import {
    StaticInfo,
    BatteryReading,
    DynamicInfo,
    BatteryStatus,
    Role,
    Operation
} from "../../src/interfaces/BatteryTypes.sol";

/// @notice registerBattery, charge, discharge, recycle: what devices (EVs and stations) call.
contract DevicesTest is Base {
    address internal operator2;

    function setUp() public override {
        super.setUp();
        (operator2,) = _newStation("operator2", 2);
    }

    function _setFee(Operation op, uint256 fee) internal {
        vm.prank(superAccount);
        iface.setFee(op, fee);
    }

    function _notYours(address who, uint32 id) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotYourBattery.selector, who, id);
    }

    function _notInService(uint32 id) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceBatteryNotInService.selector, id);
    }

    function _unauthorized(address who, Role role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceUnauthorizedAccount.selector, who, role);
    }

    function _invalidReading(uint32 id, string memory reason) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IBatteryProcess.BatteryProcessInvalidReading.selector, id, reason);
    }

    function _invalidStatic(string memory reason) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IBatteryProcess.BatteryProcessInvalidStaticInfo.selector, reason);
    }

    // ------------------------------------------------------------------ registerBattery

    function test_registerBattery_storesStaticAndDynamicInfo() public {
        StaticInfo memory info = _staticInfo();
        BatteryReading memory reading = _reading(12_345, 617);
        uint32 id = _registerBattery(evOwner, info, reading);
        assertEq(id, 1);
        assertEq(bp.batteryCount(), 1);
        (StaticInfo memory s, DynamicInfo memory d) = bp.getBattery(id);
        assertEq(keccak256(abi.encode(s)), keccak256(abi.encode(info)));
        assertEq(bp.staticHashOf(id), keccak256(abi.encode(info)));
        assertEq(d.owner, evOwner);
        assertEq(d.holder, EV_UNIT);
        assertEq(uint8(d.status), uint8(BatteryStatus.InService));
        assertEq(d.energyWh, 12_345);
        assertEq(d.socPermille, 617);
        assertEq(d.chargingCount, reading.chargingCount);
        assertEq(d.dischargingCount, reading.dischargingCount);
        assertEq(d.chargingTotalTime, reading.chargingTotalTime);
        assertEq(d.dischargingTotalTime, reading.dischargingTotalTime);
    }

    function test_registerBattery_stationUnitHoldsStationBattery() public {
        uint32 id = _registerBattery(operator);
        assertEq(_dyn(id).owner, operator);
        assertEq(_dyn(id).holder, STATION_UNIT);
    }

    function test_registerBattery_emitsBatteryRegistered() public {
        StaticInfo memory info = _staticInfo();
        vm.expectEmit(true, true, true, true, address(bp));
        emit IBatteryProcess.BatteryRegistered(1, operator, STATION_UNIT, keccak256(abi.encode(info)), "tag-1");
        vm.prank(operator);
        iface.registerBattery(info, _reading(), "tag-1");
    }

    function test_registerBattery_returnsSequentialIds() public {
        assertEq(_registerBattery(evOwner), 1);
        assertEq(_registerBattery(operator), 2);
        assertEq(_registerBattery(evOwner), 3);
        assertEq(bp.batteryCount(), 3);
    }

    function test_registerBattery_chargesFee() public {
        _setFee(Operation.RegisterBattery, 25);
        vm.expectEmit(true, true, false, true, address(bal));
        emit IERC20.Transfer(evOwner, superAccount, 25);
        _registerBattery(evOwner);
        assertEq(bal.balanceOf(evOwner), GRANT - 25);
        assertEq(bal.balanceOf(superAccount), 25);
    }

    function test_RevertWhen_registerBattery_callerUnregistered() public {
        vm.expectRevert(_unauthorized(stranger, Role.EVOwner));
        vm.prank(stranger);
        iface.registerBattery(_staticInfo(), _reading(), 0);
    }

    function test_RevertWhen_registerBattery_paused() public {
        vm.prank(superAccount);
        iface.setPaused(true);
        vm.expectRevert(IBatteryInterface.BatteryInterfacePaused.selector);
        vm.prank(evOwner);
        iface.registerBattery(_staticInfo(), _reading(), 0);
    }

    function test_RevertWhen_registerBattery_feeUnaffordable() public {
        _setFee(Operation.RegisterBattery, GRANT + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, evOwner, GRANT, GRANT + 1)
        );
        vm.prank(evOwner);
        iface.registerBattery(_staticInfo(), _reading(), 0);
    }

    function test_RevertWhen_registerBattery_brandEmpty() public {
        _expectStaticRevert(_staticInfo(bytes16(0)), "brand is empty");
    }

    function test_RevertWhen_registerBattery_countLimitZero() public {
        StaticInfo memory s = _staticInfo();
        s.maxChargingCount = 0;
        _expectStaticRevert(s, "a count limit is zero");
        s = _staticInfo();
        s.maxDischargingCount = 0;
        _expectStaticRevert(s, "a count limit is zero");
    }

    function test_RevertWhen_registerBattery_timeLimitZero() public {
        StaticInfo memory s = _staticInfo();
        s.maxChargingTotalTime = 0;
        _expectStaticRevert(s, "a time limit is zero");
        s = _staticInfo();
        s.maxDischargingTotalTime = 0;
        _expectStaticRevert(s, "a time limit is zero");
    }

    function test_RevertWhen_registerBattery_yearLimitZero() public {
        StaticInfo memory s = _staticInfo();
        s.maxYearLimited = 0;
        _expectStaticRevert(s, "maxYearLimited is zero");
    }

    function test_RevertWhen_registerBattery_monthOutsideRange() public {
        StaticInfo memory s = _staticInfo();
        s.manufactureMonth = 0;
        _expectStaticRevert(s, "manufactureMonth outside 1..12");
        s.manufactureMonth = 13;
        _expectStaticRevert(s, "manufactureMonth outside 1..12");
    }

    function test_RevertWhen_registerBattery_yearBefore1970() public {
        StaticInfo memory s = _staticInfo();
        s.manufactureYear = 1969;
        _expectStaticRevert(s, "manufactureYear before 1970");
    }

    function test_RevertWhen_registerBattery_socOver1000() public {
        vm.expectRevert(_invalidReading(0, "SOC over 1000 permille"));
        vm.prank(evOwner);
        iface.registerBattery(_staticInfo(), _reading(20_000, 1001), 0);
    }

    function _expectStaticRevert(StaticInfo memory s, string memory reason) internal {
        vm.expectRevert(_invalidStatic(reason));
        vm.prank(evOwner);
        iface.registerBattery(s, _reading(), 0);
    }

    // ------------------------------------------------------------------ charge

    function test_charge_raisesEnergyAndCounts() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        vm.prank(operator);
        iface.charge(id, 20_000, 1000, 1 hours);
        DynamicInfo memory d = _dyn(id);
        assertEq(d.energyWh, 20_000);
        assertEq(d.socPermille, 1000);
        assertEq(d.chargingCount, 2);
        assertEq(d.chargingTotalTime, 2 hours + 1 hours);
        assertEq(d.dischargingCount, 1);
        assertEq(d.dischargingTotalTime, 2 hours);
        assertEq(uint8(d.status), uint8(BatteryStatus.InService));
    }

    function test_charge_acceptsUnchangedLevel() public {
        uint32 id = _registerBattery(operator);
        vm.prank(operator);
        iface.charge(id, 20_000, 1000, 0);
        assertEq(_dyn(id).chargingCount, 2);
    }

    function test_charge_emitsBatteryCharged() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        vm.expectEmit(true, false, false, true, address(bp));
        emit IBatteryProcess.BatteryCharged(id, 15_000, 750, 1800);
        vm.prank(operator);
        iface.charge(id, 15_000, 750, 1800);
    }

    function test_reportCharging_raisesEnergyWithoutCounting() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        _setFee(Operation.Charge, 30);
        vm.prank(operator);
        iface.reportCharging(id, 12_000, 600);
        DynamicInfo memory d = _dyn(id);
        assertEq(d.energyWh, 12_000);
        assertEq(d.socPermille, 600);
        assertEq(d.chargingCount, 1, "a reading in progress counts no charge");
        assertEq(d.chargingTotalTime, 2 hours);
        assertEq(bal.balanceOf(operator), GRANT, "a reading in progress takes no fee");
    }

    function test_reportCharging_emitsBatteryCharging() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        vm.expectEmit(true, false, false, true, address(bp));
        emit IBatteryProcess.BatteryCharging(id, 9_000, 450);
        vm.prank(operator);
        iface.reportCharging(id, 9_000, 450);
    }

    function test_reportCharging_thenChargeCountsOnce() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        vm.startPrank(operator);
        iface.reportCharging(id, 9_000, 450);
        iface.reportCharging(id, 14_000, 700);
        iface.charge(id, 18_000, 900, 40 minutes);
        vm.stopPrank();
        DynamicInfo memory d = _dyn(id);
        assertEq(d.energyWh, 18_000);
        assertEq(d.chargingCount, 2);
        assertEq(d.chargingTotalTime, 2 hours + 40 minutes);
    }

    function test_RevertWhen_reportCharging_lowersEnergy() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        vm.expectRevert(_invalidReading(id, "charge lowered energy"));
        vm.prank(operator);
        iface.reportCharging(id, 4_000, 250);
    }

    function test_RevertWhen_reportCharging_callerEVOwner() public {
        uint32 id = _registerBattery(evOwner, _staticInfo(), _reading(5_000, 250));
        vm.expectRevert(_unauthorized(evOwner, Role.StationOperator));
        vm.prank(evOwner);
        iface.reportCharging(id, 6_000, 300);
    }

    function test_RevertWhen_reportCharging_batteryOfAnotherStation() public {
        uint32 id = _registerBattery(operator2, _staticInfo(), _reading(5_000, 250));
        vm.expectRevert(_notYours(operator, id));
        vm.prank(operator);
        iface.reportCharging(id, 6_000, 300);
    }

    function test_charge_chargesFee() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        _setFee(Operation.Charge, 30);
        vm.prank(operator);
        iface.charge(id, 15_000, 750, 1800);
        assertEq(bal.balanceOf(operator), GRANT - 30);
        assertEq(bal.balanceOf(superAccount), 30);
    }

    function test_RevertWhen_charge_callerEVOwner() public {
        uint32 id = _registerBattery(evOwner, _staticInfo(), _reading(5_000, 250));
        vm.expectRevert(_unauthorized(evOwner, Role.StationOperator));
        vm.prank(evOwner);
        iface.charge(id, 6_000, 300, 60);
    }

    function test_RevertWhen_charge_callerUnregistered() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        vm.expectRevert(_unauthorized(stranger, Role.StationOperator));
        vm.prank(stranger);
        iface.charge(id, 6_000, 300, 60);
    }

    function test_RevertWhen_charge_batteryOfAnotherStation() public {
        uint32 id = _registerBattery(operator2, _staticInfo(), _reading(5_000, 250));
        vm.expectRevert(_notYours(operator, id));
        vm.prank(operator);
        iface.charge(id, 6_000, 300, 60);
    }

    function test_RevertWhen_charge_batteryInAnEV() public {
        uint32 id = _registerBattery(evOwner, _staticInfo(), _reading(5_000, 250));
        vm.expectRevert(_notYours(operator, id));
        vm.prank(operator);
        iface.charge(id, 6_000, 300, 60);
    }

    function test_RevertWhen_charge_batteryLockedBySwap() public {
        (, uint32 stationBattery,) = _requestSwap();
        vm.expectRevert(_notInService(stationBattery));
        vm.prank(operator);
        iface.charge(stationBattery, 20_000, 1000, 60);
    }

    function test_RevertWhen_charge_batteryRecycled() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        vm.prank(operator);
        iface.recycle(id);
        vm.expectRevert(_notInService(id));
        vm.prank(operator);
        iface.charge(id, 6_000, 300, 60);
    }

    function test_RevertWhen_charge_energyFalls() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        vm.expectRevert(_invalidReading(id, "charge lowered energy"));
        vm.prank(operator);
        iface.charge(id, 4_999, 300, 60);
    }

    function test_RevertWhen_charge_socFalls() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        vm.expectRevert(_invalidReading(id, "charge SOC must rise within 0..1000"));
        vm.prank(operator);
        iface.charge(id, 6_000, 249, 60);
    }

    function test_RevertWhen_charge_socOver1000() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        vm.expectRevert(_invalidReading(id, "charge SOC must rise within 0..1000"));
        vm.prank(operator);
        iface.charge(id, 6_000, 1001, 60);
    }

    function test_RevertWhen_charge_countOverflows() public {
        BatteryReading memory r = _reading(5_000, 250);
        r.chargingCount = type(uint32).max;
        uint32 id = _registerBattery(operator, _staticInfo(), r);
        vm.expectRevert(_invalidReading(id, "count or total time overflowed"));
        vm.prank(operator);
        iface.charge(id, 6_000, 300, 60);
    }

    function test_RevertWhen_charge_totalTimeOverflows() public {
        BatteryReading memory r = _reading(5_000, 250);
        r.chargingTotalTime = type(uint32).max - 59;
        uint32 id = _registerBattery(operator, _staticInfo(), r);
        vm.expectRevert(_invalidReading(id, "count or total time overflowed"));
        vm.prank(operator);
        iface.charge(id, 6_000, 300, 60);
    }

    function test_RevertWhen_charge_unknownBattery() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryProcess.BatteryProcessUnknownBattery.selector, 99));
        vm.prank(operator);
        iface.charge(99, 6_000, 300, 60);
    }

    function test_RevertWhen_charge_paused() public {
        uint32 id = _registerBattery(operator, _staticInfo(), _reading(5_000, 250));
        vm.prank(superAccount);
        iface.setPaused(true);
        vm.expectRevert(IBatteryInterface.BatteryInterfacePaused.selector);
        vm.prank(operator);
        iface.charge(id, 6_000, 300, 60);
    }

    // ------------------------------------------------------------------ discharge

    function test_discharge_lowersEnergyAndCountsForEV() public {
        uint32 id = _registerBattery(evOwner);
        vm.prank(evOwner);
        iface.discharge(id, 8_000, 400, 3 hours);
        DynamicInfo memory d = _dyn(id);
        assertEq(d.energyWh, 8_000);
        assertEq(d.socPermille, 400);
        assertEq(d.dischargingCount, 2);
        assertEq(d.dischargingTotalTime, 2 hours + 3 hours);
        assertEq(d.chargingCount, 1);
    }

    function test_discharge_byStation() public {
        uint32 id = _registerBattery(operator);
        vm.prank(operator);
        iface.discharge(id, 19_000, 950, 60);
        assertEq(_dyn(id).energyWh, 19_000);
    }

    function test_discharge_emitsBatteryDischarged() public {
        uint32 id = _registerBattery(evOwner);
        vm.expectEmit(true, false, false, true, address(bp));
        emit IBatteryProcess.BatteryDischarged(id, 0, 0, 7200);
        vm.prank(evOwner);
        iface.discharge(id, 0, 0, 7200);
    }

    function test_discharge_chargesFee() public {
        uint32 id = _registerBattery(evOwner);
        _setFee(Operation.Discharge, 3);
        vm.prank(evOwner);
        iface.discharge(id, 8_000, 400, 60);
        assertEq(bal.balanceOf(evOwner), GRANT - 3);
    }

    function test_RevertWhen_discharge_callerUnregistered() public {
        uint32 id = _registerBattery(evOwner);
        vm.expectRevert(_unauthorized(stranger, Role.EVOwner));
        vm.prank(stranger);
        iface.discharge(id, 8_000, 400, 60);
    }

    function test_RevertWhen_discharge_batteryOfAnotherAccount() public {
        uint32 id = _registerBattery(operator);
        vm.expectRevert(_notYours(evOwner, id));
        vm.prank(evOwner);
        iface.discharge(id, 8_000, 400, 60);
    }

    function test_RevertWhen_discharge_batteryLockedBySwap() public {
        (uint32 evBattery,,) = _requestSwap();
        vm.expectRevert(_notInService(evBattery));
        vm.prank(evOwner);
        iface.discharge(evBattery, 1_000, 50, 60);
    }

    function test_RevertWhen_discharge_energyRises() public {
        uint32 id = _registerBattery(evOwner, _staticInfo(), _reading(5_000, 250));
        vm.expectRevert(_invalidReading(id, "discharge raised energy"));
        vm.prank(evOwner);
        iface.discharge(id, 5_001, 200, 60);
    }

    function test_RevertWhen_discharge_socRises() public {
        uint32 id = _registerBattery(evOwner, _staticInfo(), _reading(5_000, 250));
        vm.expectRevert(_invalidReading(id, "discharge raised SOC"));
        vm.prank(evOwner);
        iface.discharge(id, 4_000, 251, 60);
    }

    function test_RevertWhen_discharge_countOverflows() public {
        BatteryReading memory r = _reading();
        r.dischargingCount = type(uint32).max;
        uint32 id = _registerBattery(evOwner, _staticInfo(), r);
        vm.expectRevert(_invalidReading(id, "count or total time overflowed"));
        vm.prank(evOwner);
        iface.discharge(id, 4_000, 200, 60);
    }

    function test_RevertWhen_discharge_paused() public {
        uint32 id = _registerBattery(evOwner);
        vm.prank(superAccount);
        iface.setPaused(true);
        vm.expectRevert(IBatteryInterface.BatteryInterfacePaused.selector);
        vm.prank(evOwner);
        iface.discharge(id, 4_000, 200, 60);
    }

    // ------------------------------------------------------------------ recycle

    function test_recycle_takesBatteryOutOfService() public {
        uint32 id = _registerBattery(operator);
        vm.expectEmit(true, false, false, true, address(bp));
        emit IBatteryProcess.BatteryStatusChanged(id, BatteryStatus.Recycled);
        vm.prank(operator);
        iface.recycle(id);
        DynamicInfo memory d = _dyn(id);
        assertEq(uint8(d.status), uint8(BatteryStatus.Recycled));
        assertEq(d.owner, operator);
        assertEq(d.holder, STATION_UNIT);
    }

    function test_recycle_chargesFee() public {
        uint32 id = _registerBattery(operator);
        _setFee(Operation.Recycle, 50);
        vm.prank(operator);
        iface.recycle(id);
        assertEq(bal.balanceOf(superAccount), 50);
    }

    function test_RevertWhen_recycle_callerEVOwner() public {
        uint32 id = _registerBattery(evOwner);
        vm.expectRevert(_unauthorized(evOwner, Role.StationOperator));
        vm.prank(evOwner);
        iface.recycle(id);
    }

    function test_RevertWhen_recycle_batteryOfAnotherStation() public {
        uint32 id = _registerBattery(operator2);
        vm.expectRevert(_notYours(operator, id));
        vm.prank(operator);
        iface.recycle(id);
    }

    function test_RevertWhen_recycle_alreadyRecycled() public {
        uint32 id = _registerBattery(operator);
        vm.prank(operator);
        iface.recycle(id);
        vm.expectRevert(_notInService(id));
        vm.prank(operator);
        iface.recycle(id);
    }

    function test_RevertWhen_recycle_batteryLockedBySwap() public {
        (, uint32 stationBattery,) = _requestSwap();
        vm.expectRevert(_notInService(stationBattery));
        vm.prank(operator);
        iface.recycle(stationBattery);
    }

    function test_RevertWhen_recycle_unknownBattery() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryProcess.BatteryProcessUnknownBattery.selector, 7));
        vm.prank(operator);
        iface.recycle(7);
    }
}
