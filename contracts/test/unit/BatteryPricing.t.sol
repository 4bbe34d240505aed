// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {BatteryPricing} from "../../src/BatteryPricing.sol";
import {StaticInfo, DynamicInfo, BatteryStatus} from "../../src/interfaces/BatteryTypes.sol";

/// @notice The price formula on known values: the worked example of docs/price.md and the calendar.
contract BatteryPricingTest is Test {
    uint256 internal constant ONE = 1e18;
    /// @dev 2018-06-01T00:00:00Z and 2017-11-01T00:00:00Z.
    uint256 internal constant JUNE_2018 = 1_527_811_200;
    uint256 internal constant NOV_2017 = 1_509_494_400;

    function _fig6() internal pure returns (StaticInfo memory s, DynamicInfo memory d) {
        s = StaticInfo({
            brand: bytes16("Samsung"),
            maxChargingCount: 200,
            maxDischargingCount: 200,
            maxChargingTotalTime: 2000 hours,
            maxDischargingTotalTime: 2000 hours,
            manufactureYear: 2017,
            manufactureMonth: 11,
            maxYearLimited: 20,
            manufacturePrice: 20_000
        });
        d = DynamicInfo({
            owner: address(1),
            holder: 1,
            status: BatteryStatus.InService,
            socPermille: 1000,
            energyWh: 20_000,
            chargingCount: 1,
            dischargingCount: 1,
            chargingTotalTime: 2 hours,
            dischargingTotalTime: 2 hours
        });
    }

    // ------------------------------------------------------------------ the worked example (docs/price.md)

    function test_price_fig6AtJune2018() public pure {
        (StaticInfo memory s, DynamicInfo memory d) = _fig6();
        // Age 6 whole months of 240 is the most-used limit: 0.025.
        assertEq(BatteryPricing.usedFraction(s, d, JUNE_2018), 0.025e18);
        // 20,000 * 0.975 + 20,000 Wh * 100 / 1000.
        assertEq(BatteryPricing.price(s, d, 100, JUNE_2018, 0), 19_500 + 2_000);
    }

    function test_price_fig6AfterHeavyUse() public pure {
        (StaticInfo memory s, DynamicInfo memory d) = _fig6();
        d.chargingCount = 150; // 0.75 of its charges
        d.dischargingTotalTime = 1000 hours; // 0.5 of its discharging time
        d.energyWh = 8_000;
        assertEq(BatteryPricing.usedFraction(s, d, JUNE_2018), 0.75e18);
        assertEq(BatteryPricing.price(s, d, 100, JUNE_2018, 0), 5_000 + 800);
    }

    function test_price_wornOutIsWorthItsEnergyOnly() public pure {
        (StaticInfo memory s, DynamicInfo memory d) = _fig6();
        d.dischargingCount = 200;
        assertEq(BatteryPricing.usedFraction(s, d, JUNE_2018), ONE);
        assertEq(BatteryPricing.price(s, d, 100, JUNE_2018, 0), 2_000);
        d.dischargingCount = type(uint32).max;
        assertEq(BatteryPricing.price(s, d, 100, JUNE_2018, 0), 2_000);
    }

    function test_price_expiresAfterMaxYearLimited() public pure {
        (StaticInfo memory s, DynamicInfo memory d) = _fig6();
        uint256 nov2037 = 2_140_646_400; // 20 years (7,305 days) after 2017-11-01: 240.005 average months
        assertEq(BatteryPricing.price(s, d, 0, nov2037, 0), 0);
        assertEq(BatteryPricing.ageMonths(2017, 11, nov2037), 240);
        assertEq(BatteryPricing.ageMonths(2017, 11, nov2037 - 1 days), 239);
    }

    function test_price_zeroEnergyPrice() public pure {
        (StaticInfo memory s, DynamicInfo memory d) = _fig6();
        assertEq(BatteryPricing.price(s, d, 0, JUNE_2018, 0), 19_500);
    }

    function test_energyValue_roundsDown() public pure {
        assertEq(BatteryPricing.energyValue(20_000, 100), 2_000);
        assertEq(BatteryPricing.energyValue(999, 1), 0);
        assertEq(BatteryPricing.energyValue(1_999, 1), 1);
    }

    // ------------------------------------------------------------------ the calendar

    function test_ageMonths_zeroBeforeAndAtManufacture() public pure {
        assertEq(BatteryPricing.ageMonths(2017, 11, 0), 0);
        assertEq(BatteryPricing.ageMonths(2017, 11, NOV_2017 - 1), 0);
        assertEq(BatteryPricing.ageMonths(2017, 11, NOV_2017), 0);
    }

    function test_ageMonths_wholeAverageMonths() public pure {
        // 212 days after 2017-11-01 is 6.97 average months.
        assertEq(BatteryPricing.ageMonths(2017, 11, JUNE_2018), 6);
        assertEq(BatteryPricing.ageMonths(2017, 11, NOV_2017 + BatteryPricing.MONTH - 1), 0);
        assertEq(BatteryPricing.ageMonths(2017, 11, NOV_2017 + BatteryPricing.MONTH), 1);
    }

    function test_ageMonths_monthStartsMatchTheCalendar() public pure {
        // One second before a month's first day it is one average month younger only if the calendar says so:
        // the first second of each of these months is its manufacture instant.
        _assertStart(1970, 1, 0);
        _assertStart(2000, 2, 949_363_200);
        _assertStart(2000, 3, 951_868_800); // after a leap February
        _assertStart(2024, 2, 1_706_745_600);
        _assertStart(2024, 3, 1_709_251_200);
        _assertStart(2100, 3, 4_107_542_400); // 2100 is not a leap year
    }

    function _assertStart(uint16 year, uint8 month, uint256 start) internal pure {
        assertEq(BatteryPricing.ageMonths(year, month, start + BatteryPricing.MONTH), 1);
        assertEq(BatteryPricing.ageMonths(year, month, start + BatteryPricing.MONTH - 1), 0);
    }

    function test_usedFraction_picksTheMostUsedLimit() public pure {
        (StaticInfo memory s, DynamicInfo memory d) = _fig6();
        d.chargingTotalTime = 1500 hours; // 0.75
        assertEq(BatteryPricing.usedFraction(s, d, JUNE_2018), 0.75e18);
        d.dischargingCount = 180; // 0.9
        assertEq(BatteryPricing.usedFraction(s, d, JUNE_2018), 0.9e18);
    }
}
