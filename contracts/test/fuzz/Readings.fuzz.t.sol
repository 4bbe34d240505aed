// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Base} from "../utils/Base.t.sol";
import {IBatteryProcess} from "../../src/interfaces/IBatteryProcess.sol";
import {DynamicInfo} from "../../src/interfaces/BatteryTypes.sol";

/// @notice The monotonic rules of readings: a charge never lowers energy or SOC (and keeps SOC within 0..1000),
/// a discharge never raises them; a reading that keeps the rules is recorded exactly.
contract ReadingsFuzzTest is Base {
    function _start(address who, uint32 energyWh, uint16 soc) internal returns (uint32 id, uint16 boundedSoc) {
        boundedSoc = uint16(bound(soc, 0, 1000));
        id = _registerBattery(who, _staticInfo(), _reading(energyWh, boundedSoc));
    }

    function _invalid(uint32 id, string memory reason) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IBatteryProcess.BatteryProcessInvalidReading.selector, id, reason);
    }

    // ------------------------------------------------------------------ charge

    function testFuzz_charge_recordsRisingReading(uint32 e0, uint16 s0, uint32 e1, uint16 s1, uint32 duration) public {
        (uint32 id, uint16 soc0) = _start(operator, e0, s0);
        e1 = uint32(bound(e1, e0, type(uint32).max));
        s1 = uint16(bound(s1, soc0, 1000));
        duration = uint32(bound(duration, 0, type(uint32).max - 2 hours));
        vm.prank(operator);
        iface.charge(id, e1, s1, duration);
        DynamicInfo memory d = _dyn(id);
        assertEq(d.energyWh, e1);
        assertEq(d.socPermille, s1);
        assertEq(d.chargingCount, 2);
        assertEq(d.chargingTotalTime, 2 hours + duration);
    }

    function testFuzz_RevertWhen_charge_lowersEnergy(uint32 e0, uint16 s0, uint32 e1, uint16 s1) public {
        e0 = uint32(bound(e0, 1, type(uint32).max));
        (uint32 id, uint16 soc0) = _start(operator, e0, s0);
        e1 = uint32(bound(e1, 0, e0 - 1));
        s1 = uint16(bound(s1, soc0, 1000));
        vm.expectRevert(_invalid(id, "charge lowered energy"));
        vm.prank(operator);
        iface.charge(id, e1, s1, 60);
    }

    function testFuzz_RevertWhen_charge_lowersSoc(uint32 e0, uint16 s0, uint32 e1, uint16 s1) public {
        s0 = uint16(bound(s0, 1, 1000));
        (uint32 id,) = _start(operator, e0, s0);
        e1 = uint32(bound(e1, e0, type(uint32).max));
        s1 = uint16(bound(s1, 0, s0 - 1));
        vm.expectRevert(_invalid(id, "charge SOC must rise within 0..1000"));
        vm.prank(operator);
        iface.charge(id, e1, s1, 60);
    }

    function testFuzz_RevertWhen_charge_socOver1000(uint32 e0, uint16 s0, uint32 e1, uint16 s1) public {
        (uint32 id,) = _start(operator, e0, s0);
        e1 = uint32(bound(e1, e0, type(uint32).max));
        s1 = uint16(bound(s1, 1001, type(uint16).max));
        vm.expectRevert(_invalid(id, "charge SOC must rise within 0..1000"));
        vm.prank(operator);
        iface.charge(id, e1, s1, 60);
    }

    // ------------------------------------------------------------------ discharge

    function testFuzz_discharge_recordsFallingReading(uint32 e0, uint16 s0, uint32 e1, uint16 s1, uint32 duration)
        public
    {
        (uint32 id, uint16 soc0) = _start(evOwner, e0, s0);
        e1 = uint32(bound(e1, 0, e0));
        s1 = uint16(bound(s1, 0, soc0));
        duration = uint32(bound(duration, 0, type(uint32).max - 2 hours));
        vm.prank(evOwner);
        iface.discharge(id, e1, s1, duration);
        DynamicInfo memory d = _dyn(id);
        assertEq(d.energyWh, e1);
        assertEq(d.socPermille, s1);
        assertEq(d.dischargingCount, 2);
        assertEq(d.dischargingTotalTime, 2 hours + duration);
    }

    function testFuzz_RevertWhen_discharge_raisesEnergy(uint32 e0, uint16 s0, uint32 e1, uint16 s1) public {
        e0 = uint32(bound(e0, 0, type(uint32).max - 1));
        (uint32 id, uint16 soc0) = _start(evOwner, e0, s0);
        e1 = uint32(bound(e1, e0 + 1, type(uint32).max));
        s1 = uint16(bound(s1, 0, soc0));
        vm.expectRevert(_invalid(id, "discharge raised energy"));
        vm.prank(evOwner);
        iface.discharge(id, e1, s1, 60);
    }

    function testFuzz_RevertWhen_discharge_raisesSoc(uint32 e0, uint16 s0, uint32 e1, uint16 s1) public {
        s0 = uint16(bound(s0, 0, 999));
        (uint32 id,) = _start(evOwner, e0, s0);
        e1 = uint32(bound(e1, 0, e0));
        s1 = uint16(bound(s1, s0 + 1, type(uint16).max));
        vm.expectRevert(_invalid(id, "discharge raised SOC"));
        vm.prank(evOwner);
        iface.discharge(id, e1, s1, 60);
    }

    /// @notice A refused reading leaves the battery as it was.
    function testFuzz_RevertWhen_readingRefused_batteryUnchanged(uint32 e0, uint16 s0, uint32 e1) public {
        e0 = uint32(bound(e0, 1, type(uint32).max));
        (uint32 id, uint16 soc0) = _start(operator, e0, s0);
        bytes32 before = keccak256(abi.encode(_dyn(id)));
        e1 = uint32(bound(e1, 0, e0 - 1));
        vm.prank(operator);
        (bool ok,) = address(iface).call(abi.encodeCall(iface.charge, (id, e1, soc0, 60)));
        assertFalse(ok);
        assertEq(keccak256(abi.encode(_dyn(id))), before);
    }
}
