// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {BatteryProcess} from "../../src/BatteryProcess.sol";
import {IBatteryProcess} from "../../src/interfaces/IBatteryProcess.sol";
import {StaticInfo, BatteryReading, DynamicInfo, BatteryStatus} from "../../src/interfaces/BatteryTypes.sol";

/// @notice BatteryProcess on its own, driven by a test controller: the data rules, not who may do what.
contract BatteryProcessTest is Test {
    BatteryProcess internal bp;
    address internal controller = makeAddr("controller");
    address internal owner = makeAddr("owner");

    function setUp() public {
        bp = new BatteryProcess();
        bp.setController(controller);
    }

    function _info() internal pure returns (StaticInfo memory) {
        return StaticInfo({
            brand: bytes16("SUM"),
            maxChargingCount: 200,
            maxDischargingCount: 200,
            maxChargingTotalTime: 7_200_000,
            maxDischargingTotalTime: 7_200_000,
            manufactureYear: 2017,
            manufactureMonth: 11,
            maxYearLimited: 20,
            manufacturePrice: 20_000
        });
    }

    function _reading() internal pure returns (BatteryReading memory) {
        return BatteryReading({
            energyWh: 10_000,
            socPermille: 500,
            chargingCount: 3,
            dischargingCount: 4,
            chargingTotalTime: 100,
            dischargingTotalTime: 200
        });
    }

    function _register() internal returns (uint32 id) {
        vm.prank(controller);
        id = bp.register(_info(), _reading(), owner, 7, "t");
    }

    // ------------------------------------------------------------------ setController

    function test_setController_bindsOnceAndEmits() public {
        BatteryProcess fresh = new BatteryProcess();
        vm.expectEmit(true, false, false, false, address(fresh));
        emit IBatteryProcess.ControllerSet(controller);
        fresh.setController(controller);
        assertEq(fresh.controller(), controller);
    }

    function test_RevertWhen_setController_callerNotDeployer() public {
        BatteryProcess fresh = new BatteryProcess();
        vm.expectRevert(abi.encodeWithSelector(IBatteryProcess.BatteryProcessUnauthorized.selector, owner));
        vm.prank(owner);
        fresh.setController(owner);
    }

    function test_RevertWhen_setController_alreadySet() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryProcess.BatteryProcessControllerAlreadySet.selector, controller));
        bp.setController(owner);
    }

    // ------------------------------------------------------------------ register

    function test_register_storesAndEmits() public {
        vm.expectEmit(true, true, true, true, address(bp));
        emit IBatteryProcess.BatteryRegistered(1, owner, 7, keccak256(abi.encode(_info())), "t");
        uint32 id = _register();
        assertEq(id, 1);
        (StaticInfo memory s, DynamicInfo memory d) = bp.getBattery(id);
        assertEq(keccak256(abi.encode(s)), keccak256(abi.encode(_info())));
        assertEq(keccak256(abi.encode(bp.staticInfoOf(id))), keccak256(abi.encode(_info())));
        assertEq(keccak256(abi.encode(bp.dynamicInfoOf(id))), keccak256(abi.encode(d)));
        assertEq(d.owner, owner);
        assertEq(d.holder, 7);
        assertEq(uint8(d.status), uint8(BatteryStatus.InService));
        assertEq(d.energyWh, 10_000);
        assertEq(d.socPermille, 500);
        assertEq(d.chargingCount, 3);
        assertEq(d.dischargingCount, 4);
        assertEq(d.chargingTotalTime, 100);
        assertEq(d.dischargingTotalTime, 200);
    }

    function test_register_extremeValuesRoundTrip() public {
        StaticInfo memory s = StaticInfo({
            brand: bytes16(type(uint128).max),
            maxChargingCount: type(uint32).max,
            maxDischargingCount: type(uint32).max,
            maxChargingTotalTime: type(uint32).max,
            maxDischargingTotalTime: type(uint32).max,
            manufactureYear: type(uint16).max,
            manufactureMonth: 12,
            maxYearLimited: type(uint8).max,
            manufacturePrice: type(uint64).max
        });
        BatteryReading memory r = BatteryReading({
            energyWh: type(uint32).max,
            socPermille: 1000,
            chargingCount: type(uint32).max,
            dischargingCount: type(uint32).max,
            chargingTotalTime: type(uint32).max,
            dischargingTotalTime: type(uint32).max
        });
        vm.prank(controller);
        uint32 id = bp.register(s, r, address(type(uint160).max), type(uint32).max, bytes32(type(uint256).max));
        assertEq(keccak256(abi.encode(bp.staticInfoOf(id))), keccak256(abi.encode(s)));
        DynamicInfo memory d = bp.dynamicInfoOf(id);
        assertEq(d.owner, address(type(uint160).max));
        assertEq(d.holder, type(uint32).max);
        assertEq(d.energyWh, type(uint32).max);
        assertEq(d.dischargingTotalTime, type(uint32).max);
    }

    function test_RevertWhen_register_callerNotController() public {
        StaticInfo memory info = _info();
        BatteryReading memory reading = _reading();
        vm.expectRevert(abi.encodeWithSelector(IBatteryProcess.BatteryProcessUnauthorized.selector, owner));
        vm.prank(owner);
        bp.register(info, reading, owner, 7, "t");
    }

    // ------------------------------------------------------------------ recordCharge / recordDischarge

    function test_recordCharge_returnsOwnerHolderStatus() public {
        uint32 id = _register();
        vm.prank(controller);
        (address o, uint32 h, BatteryStatus st) = bp.recordCharge(id, 12_000, 600, 50);
        assertEq(o, owner);
        assertEq(h, 7);
        assertEq(uint8(st), uint8(BatteryStatus.InService));
        DynamicInfo memory d = bp.dynamicInfoOf(id);
        assertEq(d.chargingCount, 4);
        assertEq(d.chargingTotalTime, 150);
        assertEq(d.energyWh, 12_000);
    }

    function test_recordDischarge_returnsOwnerHolderStatus() public {
        uint32 id = _register();
        vm.prank(controller);
        (address o, uint32 h,) = bp.recordDischarge(id, 9_000, 450, 50);
        assertEq(o, owner);
        assertEq(h, 7);
        DynamicInfo memory d = bp.dynamicInfoOf(id);
        assertEq(d.dischargingCount, 5);
        assertEq(d.dischargingTotalTime, 250);
        assertEq(d.energyWh, 9_000);
        assertEq(d.socPermille, 450);
    }

    function test_RevertWhen_recordCharge_unknownBattery() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryProcess.BatteryProcessUnknownBattery.selector, 1));
        vm.prank(controller);
        bp.recordCharge(1, 1, 1, 1);
    }

    function test_RevertWhen_recordDischarge_unknownBattery() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryProcess.BatteryProcessUnknownBattery.selector, 0));
        vm.prank(controller);
        bp.recordDischarge(0, 0, 0, 0);
    }

    // ------------------------------------------------------------------ setStatus

    function test_setStatus_returnsOldStatusAndEmits() public {
        uint32 id = _register();
        vm.expectEmit(true, false, false, true, address(bp));
        emit IBatteryProcess.BatteryStatusChanged(id, BatteryStatus.SwapPending);
        vm.prank(controller);
        (address o, uint32 h, BatteryStatus old) = bp.setStatus(id, BatteryStatus.SwapPending);
        assertEq(o, owner);
        assertEq(h, 7);
        assertEq(uint8(old), uint8(BatteryStatus.InService));
        assertEq(uint8(bp.dynamicInfoOf(id).status), uint8(BatteryStatus.SwapPending));
    }

    function test_setStatus_recycledBatteryKeepsItsStatus() public {
        uint32 id = _register();
        vm.startPrank(controller);
        bp.setStatus(id, BatteryStatus.Recycled);
        vm.recordLogs();
        (,, BatteryStatus old) = bp.setStatus(id, BatteryStatus.InService);
        vm.stopPrank();
        assertEq(uint8(old), uint8(BatteryStatus.Recycled));
        assertEq(uint8(bp.dynamicInfoOf(id).status), uint8(BatteryStatus.Recycled));
        assertEq(vm.getRecordedLogs().length, 0);
    }

    function test_RevertWhen_setStatus_none() public {
        uint32 id = _register();
        vm.expectRevert(
            abi.encodeWithSelector(IBatteryProcess.BatteryProcessInvalidReading.selector, id, "status None")
        );
        vm.prank(controller);
        bp.setStatus(id, BatteryStatus.None);
    }

    // ------------------------------------------------------------------ transfer

    function test_transfer_movesAndPutsBackInService() public {
        uint32 id = _register();
        address to = makeAddr("to");
        vm.startPrank(controller);
        bp.setStatus(id, BatteryStatus.SwapPending);
        vm.expectEmit(true, true, true, true, address(bp));
        emit IBatteryProcess.BatteryTransferred(id, owner, to, 9);
        bp.transfer(id, to, 9);
        vm.stopPrank();
        DynamicInfo memory d = bp.dynamicInfoOf(id);
        assertEq(d.owner, to);
        assertEq(d.holder, 9);
        assertEq(uint8(d.status), uint8(BatteryStatus.InService));
        assertEq(d.energyWh, 10_000);
    }

    function test_RevertWhen_transfer_recycled() public {
        uint32 id = _register();
        vm.startPrank(controller);
        bp.setStatus(id, BatteryStatus.Recycled);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBatteryProcess.BatteryProcessInvalidReading.selector, id, "a recycled battery never moves"
            )
        );
        bp.transfer(id, owner, 9);
        vm.stopPrank();
    }

    function test_RevertWhen_transfer_unknownBattery() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryProcess.BatteryProcessUnknownBattery.selector, 3));
        vm.prank(controller);
        bp.transfer(3, owner, 9);
    }

    // ------------------------------------------------------------------ views

    function test_RevertWhen_views_unknownBattery() public {
        bytes memory err = abi.encodeWithSelector(IBatteryProcess.BatteryProcessUnknownBattery.selector, 1);
        vm.expectRevert(err);
        bp.getBattery(1);
        vm.expectRevert(err);
        bp.staticInfoOf(1);
        vm.expectRevert(err);
        bp.dynamicInfoOf(1);
        vm.expectRevert(err);
        bp.staticHashOf(1);
    }

    function test_staticHashOf_survivesEveryWrite() public {
        uint32 id = _register();
        bytes32 h = bp.staticHashOf(id);
        vm.startPrank(controller);
        bp.recordCharge(id, 20_000, 1000, 3600);
        bp.recordDischarge(id, 0, 0, 3600);
        bp.setStatus(id, BatteryStatus.SwapPending);
        bp.transfer(id, makeAddr("to"), 1);
        bp.setStatus(id, BatteryStatus.Recycled);
        vm.stopPrank();
        assertEq(bp.staticHashOf(id), h);
        assertEq(h, keccak256(abi.encode(_info())));
    }
}
