// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Base} from "../utils/Base.t.sol";
import {IBatteryInterface} from "../../src/interfaces/IBatteryInterface.sol";
import {IBatteryProcess} from "../../src/interfaces/IBatteryProcess.sol";
import {
    PassportInfo,
    ConditionReading,
    Health,
    LifeStatus,
    BatteryStatus
} from "../../src/interfaces/BatteryTypes.sol";

/// @notice Issue 16: a battery registered with its passport, its condition readings, the health derived on
/// chain, the price that takes it in, the exhausted battery that is not offered, and the life status.
contract PassportTest is Base {
    function _registerWithPassport(address who, ConditionReading memory c) internal returns (uint32 id) {
        bytes32 tag = keccak256(abi.encode(who, bp.batteryCount()));
        vm.prank(who);
        id = iface.registerBatteryWithPassport(_staticInfo(), _reading(), _passport(), c, tag);
    }

    function test_registerWithPassport_storesItAndTheFirstHealth() public {
        uint32 id = _registerWithPassport(operator, _condition(57_000, 600_000));
        (PassportInfo memory p, ConditionReading memory c, Health memory h, LifeStatus status) = bp.passportOf(id);
        assertEq(p.certifiedUsableEnergyWh, 60_000);
        assertEq(p.chemistry, bytes8("NMC811"));
        assertEq(c.remainingEnergyWh, 57_000);
        assertTrue(h.reported);
        assertEq(h.stateOfCertifiedEnergyPermille, 950, "57 of 60 kWh: 95 %");
        assertEq(h.fullCyclesMilli, 10_000, "600 kWh through a 60 kWh pack: 10 full cycles");
        assertEq(h.capacityFadePermille, 50, "142.5 of 150 Ah: 5 % fade");
        assertEq(h.at, block.timestamp);
        assertFalse(h.exhausted);
        assertEq(uint8(status), uint8(LifeStatus.Original));
    }

    function test_aBatteryWithoutPassport_hasNoHealthAndItsPriceIsUnchanged() public {
        uint32 id = _registerBattery(operator);
        Health memory h = bp.healthOf(id);
        assertFalse(h.reported);
        assertEq(h.wear, 0);
        (PassportInfo memory p,,, LifeStatus status) = bp.passportOf(id);
        assertEq(p.certifiedUsableEnergyWh, 0);
        assertEq(uint8(status), uint8(LifeStatus.Original));
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IBatteryProcess.BatteryProcessInvalidPassport.selector, id, "no passport"));
        iface.chargeWithCondition(id, 20_000, 1000, 60, _condition(50_000, 1));
    }

    function test_readingsUpdateHealthAtTheirBlockTime() public {
        uint32 id = _registerWithPassport(operator, _condition(60_000, 0));
        vm.warp(block.timestamp + 1 days);
        vm.prank(operator);
        iface.dischargeWithCondition(id, 10_000, 500, 3600, _condition(54_000, 660_000));
        Health memory h = bp.healthOf(id);
        assertEq(h.stateOfCertifiedEnergyPermille, 900);
        assertEq(h.fullCyclesMilli, 11_000);
        assertEq(h.at, block.timestamp, "the block time of the reading it came from");
    }

    function test_aLifetimeCounterThatFalls_isRefused() public {
        ConditionReading memory c = _condition(58_000, 100_000);
        c.deepDischargeEvents = 2;
        uint32 id = _registerWithPassport(operator, c);
        c.deepDischargeEvents = 1;
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IBatteryProcess.BatteryProcessInvalidReading.selector, id, "a lifetime counter fell"));
        iface.chargeWithCondition(id, 20_000, 1000, 60, c);
    }

    function test_passportIsSetOnce_andChecked() public {
        PassportInfo memory p = _passport();
        p.exhaustionThresholdPermille = 1000;
        uint32 next = bp.batteryCount() + 1;
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(IBatteryProcess.BatteryProcessInvalidPassport.selector, next, "exhaustion threshold outside 1..999 permille")
        );
        iface.registerBatteryWithPassport(_staticInfo(), _reading(), p, _condition(60_000, 0), bytes32(0));
        uint32 id = _registerWithPassport(operator, _condition(60_000, 0));
        vm.prank(address(iface));
        vm.expectRevert(abi.encodeWithSelector(IBatteryProcess.BatteryProcessInvalidPassport.selector, id, "already set"));
        bp.setPassport(id, _passport(), _condition(60_000, 0));
    }

    function test_lessHealth_lowersThePrice() public {
        uint32 healthy = _registerWithPassport(operator, _condition(60_000, 0));
        uint32 worn = _registerWithPassport(operator, _condition(51_000, 0));
        uint32 legacy = _registerBattery(operator);
        // 85 % is half the way from 100 % to the 70 % threshold: wear 0.5, which outweighs Fig. 6's counters.
        assertEq(bp.healthOf(worn).wear, 0.5e18);
        assertEq(iface.priceOf(healthy), iface.priceOf(legacy), "full health: the paper's price");
        assertEq(iface.priceOf(worn), 20_000 / 2 + 20_000 * ENERGY_PRICE / 1000);
        assertLt(iface.priceOf(worn), iface.priceOf(healthy));
    }

    function test_anExhaustedBattery_isFlaggedAndNotOfferedForASwap() public {
        uint32 exhausted = _registerWithPassport(operator, _condition(41_000, 0));
        Health memory h = bp.healthOf(exhausted);
        assertTrue(h.exhausted, "68 % is under the 70 % threshold");
        assertEq(h.wear, 1e18);
        uint32 evBattery = _registerBattery(evOwner);
        vm.prank(evOwner);
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceBatteryExhausted.selector, exhausted));
        iface.requestSwap(evBattery, exhausted, type(uint256).max);
        // An EV may still hand its own worn battery in: the station takes it to recycle.
        uint32 evWorn = _registerWithPassport(evOwner, _condition(41_000, 0));
        uint32 fresh = _registerBattery(operator);
        vm.prank(evOwner);
        iface.requestSwap(evWorn, fresh, type(uint256).max);
    }

    function test_lifeStatus_setByTheStation_andWasteOnceRecycled() public {
        uint32 id = _registerWithPassport(operator, _condition(50_000, 0));
        vm.prank(operator);
        iface.setLifeStatus(id, LifeStatus.Repurposed);
        (,,, LifeStatus status) = bp.passportOf(id);
        assertEq(uint8(status), uint8(LifeStatus.Repurposed));
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBatteryProcess.BatteryProcessInvalidPassport.selector, id, "a battery becomes original never again, and waste by recycling"
            )
        );
        iface.setLifeStatus(id, LifeStatus.Waste);
        vm.prank(evOwner);
        vm.expectRevert(
            abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceUnauthorizedAccount.selector, evOwner, 2)
        );
        iface.setLifeStatus(id, LifeStatus.Reused);
        vm.prank(operator);
        iface.recycle(id);
        (,,, status) = bp.passportOf(id);
        assertEq(uint8(status), uint8(LifeStatus.Waste));
        assertEq(uint8(_dyn(id).status), uint8(BatteryStatus.Recycled));
    }

    /// @dev A reading writes its slot whole, packed by hand: every field must read back where the layout puts it.
    function test_condition_packedWrite_readsBackFieldByField() public {
        uint32 id = _registerWithPassport(operator, _condition(60_000, 0));
        ConditionReading memory c = ConditionReading({
            remainingEnergyWh: 0xA1A2A3A4,
            remainingCapacityMAh: 0xB1B2B3B4,
            energyThroughputWh: 0xC1C2C3C4C5C6,
            deepDischargeEvents: 0xD1D2,
            overchargeEvents: 0xE1E2,
            overTemperatureEvents: 0xF1F2,
            extremeTemperatureSeconds: 0x91929394,
            reported: 0x7f
        });
        vm.warp(0xAABBCCDD);
        vm.prank(operator);
        iface.chargeWithCondition(id, 20_000, 1000, 60, c);
        (PassportInfo memory p, ConditionReading memory back, Health memory h, LifeStatus status) = bp.passportOf(id);
        assertEq(abi.encode(back), abi.encode(c));
        assertEq(h.at, 0xAABBCCDD);
        // The slot before it (the passport and the life status) untouched.
        assertEq(abi.encode(p), abi.encode(_passport()));
        assertEq(uint8(status), uint8(LifeStatus.Original));
    }
}
