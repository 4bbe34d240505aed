// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Base} from "../utils/Base.t.sol";
import {BatteryPricing} from "../../src/BatteryPricing.sol";
import {StaticInfo, BatteryReading, DynamicInfo, BatteryStatus} from "../../src/interfaces/BatteryTypes.sol";

/// @notice The price properties of docs/price.md, on the library (any input registration accepts) and on the
/// deployed contracts (prices that real charge/discharge histories reach).
contract PricingFuzzTest is Base {
    /// @dev Times well past any real battery's life (year 36812), so every age branch is reached.
    uint256 internal constant MAX_TIME = 2 ** 40;

    /// @dev What registration accepts (BatteryProcess._checkStaticInfo), and no more.
    function _bound(StaticInfo memory s) internal pure returns (StaticInfo memory) {
        if (s.brand == bytes16(0)) s.brand = bytes16("X");
        s.maxChargingCount = uint32(bound(s.maxChargingCount, 1, type(uint32).max));
        s.maxDischargingCount = uint32(bound(s.maxDischargingCount, 1, type(uint32).max));
        s.maxChargingTotalTime = uint32(bound(s.maxChargingTotalTime, 1, type(uint32).max));
        s.maxDischargingTotalTime = uint32(bound(s.maxDischargingTotalTime, 1, type(uint32).max));
        s.manufactureYear = uint16(bound(s.manufactureYear, 1970, type(uint16).max));
        s.manufactureMonth = uint8(bound(s.manufactureMonth, 1, 12));
        s.maxYearLimited = uint8(bound(s.maxYearLimited, 1, type(uint8).max));
        return s;
    }

    /// @dev The dynamic info a reading stands for (the price ignores owner, holder and status).
    function _dyn(BatteryReading memory r) internal pure returns (DynamicInfo memory d) {
        d.status = BatteryStatus.InService;
        d.energyWh = r.energyWh;
        d.socPermille = r.socPermille;
        d.chargingCount = r.chargingCount;
        d.dischargingCount = r.dischargingCount;
        d.chargingTotalTime = r.chargingTotalTime;
        d.dischargingTotalTime = r.dischargingTotalTime;
    }

    /// @dev A worn copy of `d`: every counter and total time at least as high, energy unchanged.
    function _worn(DynamicInfo memory d, uint32[4] memory more) internal pure returns (DynamicInfo memory w) {
        w = DynamicInfo({
            owner: d.owner,
            holder: d.holder,
            status: d.status,
            socPermille: d.socPermille,
            energyWh: d.energyWh,
            chargingCount: _add(d.chargingCount, more[0]),
            dischargingCount: _add(d.dischargingCount, more[1]),
            chargingTotalTime: _add(d.chargingTotalTime, more[2]),
            dischargingTotalTime: _add(d.dischargingTotalTime, more[3])
        });
    }

    function _add(uint32 a, uint32 b) internal pure returns (uint32) {
        uint256 c = uint256(a) + b;
        return c > type(uint32).max ? type(uint32).max : uint32(c);
    }

    // ------------------------------------------------------------------ bounds

    /// @notice 0 <= price <= manufacturePrice + energy value, and never below the energy value.
    function testFuzz_price_withinBounds(StaticInfo memory s, BatteryReading memory r, uint32 energyPrice, uint256 t)
        public
        pure
    {
        s = _bound(s);
        DynamicInfo memory d = _dyn(r);
        t = bound(t, 0, MAX_TIME);
        uint256 p = BatteryPricing.price(s, d, energyPrice, t, 0);
        uint256 energy = BatteryPricing.energyValue(d.energyWh, energyPrice);
        assertLe(p, uint256(s.manufacturePrice) + energy);
        assertGe(p, energy);
        assertLe(BatteryPricing.usedFraction(s, d, t), 1e18);
    }

    /// @notice A battery with no use at all, not yet a month old, is worth its manufacture price + its energy.
    function testFuzz_price_newBatteryIsWorthManufacturePrice(StaticInfo memory s, uint32 energyWh, uint32 energyPrice)
        public
        pure
    {
        s = _bound(s);
        DynamicInfo memory d;
        d.energyWh = energyWh;
        // t = 0 (1970-01-01) is never after an accepted manufacture date (year >= 1970), so the age is 0.
        uint256 p = BatteryPricing.price(s, d, energyPrice, 0, 0);
        assertEq(p, uint256(s.manufacturePrice) + BatteryPricing.energyValue(energyWh, energyPrice));
    }

    // ------------------------------------------------------------------ monotonicity, energy held fixed

    /// @notice More use (any counter or total time) and a later time never raise the price.
    function testFuzz_price_moreUseNeverRaises(
        StaticInfo memory s,
        BatteryReading memory r,
        uint32[4] memory more,
        uint32 energyPrice,
        uint256 t,
        uint256 later
    ) public pure {
        s = _bound(s);
        DynamicInfo memory d = _dyn(r);
        t = bound(t, 0, MAX_TIME);
        later = bound(later, t, MAX_TIME);
        uint256 before = BatteryPricing.price(s, d, energyPrice, t, 0);
        assertLe(BatteryPricing.price(s, _worn(d, more), energyPrice, later, 0), before);
    }

    /// @notice Each life limit on its own: one more unit of that use never raises the price.
    function testFuzz_price_eachCounterNeverRaises(
        StaticInfo memory s,
        BatteryReading memory r,
        uint8 which,
        uint32 by,
        uint32 energyPrice,
        uint256 t
    ) public pure {
        s = _bound(s);
        DynamicInfo memory d = _dyn(r);
        t = bound(t, 0, MAX_TIME);
        uint32[4] memory more;
        more[which % 4] = by;
        assertLe(BatteryPricing.price(s, _worn(d, more), energyPrice, t, 0), BatteryPricing.price(s, d, energyPrice, t, 0));
    }

    /// @notice Time alone never raises the price.
    function testFuzz_price_laterNeverRaises(StaticInfo memory s, BatteryReading memory r, uint256 t, uint256 later)
        public
        pure
    {
        s = _bound(s);
        DynamicInfo memory d = _dyn(r);
        t = bound(t, 0, MAX_TIME);
        later = bound(later, t, MAX_TIME);
        assertLe(BatteryPricing.price(s, d, 100, later, 0), BatteryPricing.price(s, d, 100, t, 0));
    }

    /// @notice On the contracts: charging or discharging without changing the energy, and waiting, never raise
    /// priceOf.
    function testFuzz_priceOf_useAtFixedEnergyNeverRaises(
        uint64 manufacturePrice,
        uint32 energyWh,
        uint16 soc,
        uint32[2] memory durations,
        uint32 wait
    ) public {
        StaticInfo memory s = _staticInfo();
        s.manufacturePrice = manufacturePrice;
        s.maxChargingCount = 10;
        s.maxDischargingCount = 10;
        soc = uint16(bound(soc, 0, 1000));
        // The reading starts at 2 h of each; keep the totals inside uint32 (overflow has its own test).
        durations[0] = uint32(bound(durations[0], 0, type(uint32).max - 2 hours));
        durations[1] = uint32(bound(durations[1], 0, type(uint32).max - 2 hours));
        uint32 id = _registerBattery(operator, s, _reading(energyWh, soc));
        uint256 p0 = iface.priceOf(id);

        vm.prank(operator);
        iface.charge(id, energyWh, soc, durations[0]);
        uint256 p1 = iface.priceOf(id);
        assertLe(p1, p0);

        vm.prank(operator);
        iface.discharge(id, energyWh, soc, durations[1]);
        uint256 p2 = iface.priceOf(id);
        assertLe(p2, p1);

        vm.warp(block.timestamp + wait);
        assertLe(iface.priceOf(id), p2);
    }

    /// @notice On the contracts: the bound holds for every price a registered battery can have.
    function testFuzz_priceOf_withinBounds(StaticInfo memory s, BatteryReading memory r, uint32 energyPrice, uint256 t)
        public
    {
        s = _bound(s);
        r.socPermille = uint16(bound(r.socPermille, 0, 1000));
        vm.prank(superAccount);
        iface.setEnergyPrice(energyPrice);
        uint32 id = _registerBattery(evOwner, s, r);
        vm.warp(bound(t, 0, MAX_TIME));
        uint256 energy = uint256(r.energyWh) * energyPrice / 1000;
        uint256 p = iface.priceOf(id);
        assertLe(p, uint256(s.manufacturePrice) + energy);
        assertGe(p, energy);
        assertEq(uint8(bp.dynamicInfoOf(id).status), uint8(BatteryStatus.InService));
    }
}
