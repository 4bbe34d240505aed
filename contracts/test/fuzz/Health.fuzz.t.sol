// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {BatteryHealth} from "../../src/BatteryHealth.sol";
import {BatteryPricing} from "../../src/BatteryPricing.sol";
import {
    StaticInfo,
    BatteryReading,
    DynamicInfo,
    BatteryStatus,
    PassportInfo,
    ConditionReading,
    Health
} from "../../src/interfaces/BatteryTypes.sol";

/// @notice docs/price.md's health term: the price never rises as health falls, all else equal, for any
/// passport registration accepts and any reading.
contract HealthFuzzTest is Test {
    function _bound(PassportInfo memory p) internal pure returns (PassportInfo memory) {
        p.certifiedUsableEnergyWh = uint32(bound(p.certifiedUsableEnergyWh, 1, type(uint32).max));
        p.ratedCapacityMAh = uint32(bound(p.ratedCapacityMAh, 1, type(uint32).max));
        p.exhaustionThresholdPermille = uint16(bound(p.exhaustionThresholdPermille, 1, 999));
        return p;
    }

    function _bound(StaticInfo memory s) internal pure returns (StaticInfo memory) {
        s.maxChargingCount = uint32(bound(s.maxChargingCount, 1, type(uint32).max));
        s.maxDischargingCount = uint32(bound(s.maxDischargingCount, 1, type(uint32).max));
        s.maxChargingTotalTime = uint32(bound(s.maxChargingTotalTime, 1, type(uint32).max));
        s.maxDischargingTotalTime = uint32(bound(s.maxDischargingTotalTime, 1, type(uint32).max));
        s.manufactureYear = uint16(bound(s.manufactureYear, 1970, 2200));
        s.manufactureMonth = uint8(bound(s.manufactureMonth, 1, 12));
        s.maxYearLimited = uint8(bound(s.maxYearLimited, 1, type(uint8).max));
        return s;
    }

    function testFuzz_priceNeverRisesAsHealthFalls(
        StaticInfo memory s,
        BatteryReading memory r,
        PassportInfo memory p,
        ConditionReading memory c,
        uint32 lessEnergy,
        uint32 energyPrice,
        uint40 at
    ) public pure {
        s = _bound(s);
        p = _bound(p);
        // The reading, not a DynamicInfo, is fuzzed: an enum field out of range would fail the call's decoding.
        DynamicInfo memory d;
        d.status = BatteryStatus.InService;
        d.energyWh = r.energyWh;
        d.chargingCount = r.chargingCount;
        d.dischargingCount = r.dischargingCount;
        d.chargingTotalTime = r.chargingTotalTime;
        d.dischargingTotalTime = r.dischargingTotalTime;
        at = uint40(bound(at, 1, type(uint40).max));
        ConditionReading memory worse = c;
        worse.remainingEnergyWh = uint32(bound(lessEnergy, 0, c.remainingEnergyWh));
        Health memory before = BatteryHealth.compute(p, c, at);
        Health memory after_ = BatteryHealth.compute(p, worse, at);
        assertLe(after_.stateOfCertifiedEnergyPermille, before.stateOfCertifiedEnergyPermille);
        assertGe(after_.wear, before.wear, "less health, more wear");
        assertLe(after_.wear, 1e18);
        assertTrue(!before.exhausted || after_.exhausted, "an exhausted battery stays so with less energy");
        assertLe(
            BatteryPricing.price(s, d, energyPrice, at, after_.wear),
            BatteryPricing.price(s, d, energyPrice, at, before.wear),
            "the price never rises as health falls"
        );
    }

    function testFuzz_healthMatchesItsDefinitions(PassportInfo memory p, ConditionReading memory c, uint40 at) public pure {
        p = _bound(p);
        at = uint40(bound(at, 1, type(uint40).max));
        // Remaining energy not reported: no state of health, no exhaustion, no wear, whatever the value.
        ConditionReading memory silent = c;
        silent.reported = c.reported & ~uint8(1);
        Health memory none = BatteryHealth.compute(p, silent, at);
        assertFalse(none.reported);
        assertFalse(none.exhausted);
        assertEq(none.wear, 0);
        c.reported |= 7;
        Health memory h = BatteryHealth.compute(p, c, at);
        uint256 soce = uint256(c.remainingEnergyWh) * 1000 / p.certifiedUsableEnergyWh;
        assertEq(h.stateOfCertifiedEnergyPermille, soce > type(uint32).max ? type(uint32).max : soce);
        assertEq(h.fullCyclesMilli, uint256(c.energyThroughputWh) * 1000 / p.certifiedUsableEnergyWh);
        assertEq(h.exhausted, soce < p.exhaustionThresholdPermille);
        assertLe(h.capacityFadePermille, 1000);
        assertEq(h.at, at);
        // Never reported: nothing, whatever the passport.
        assertFalse(BatteryHealth.compute(p, c, 0).reported);
    }
}
