// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StaticInfo, DynamicInfo} from "./interfaces/BatteryTypes.sol";

/// @title BatteryPricing: the price formula of docs/price.md, from on-chain data alone.
/// @notice price = manufacturePrice * (1 - used) + energyWh * energyPricePerKWh / 1000, where `used` is the
/// largest of the battery's life fractions (charge count, discharge count, total charging time, total
/// discharging time, age in months against maxYearLimited * 12, and, with a passport, its health's wear:
/// the share of the way from 100 % state of certified energy down to the exhaustion threshold that is gone),
/// capped at 1. Less health never raises the price.
library BatteryPricing {
    /// @dev Fixed-point scale of the used fraction.
    uint256 internal constant ONE = 1e18;
    /// @dev Average Gregorian month, 365.2425 / 12 days.
    uint256 internal constant MONTH = 2_629_746;

    /// @param wear The health's wear as a fraction of ONE (BatteryHealth), 0 without a passport or reading.
    function price(StaticInfo memory s, DynamicInfo memory d, uint256 energyPricePerKWh, uint256 timestamp, uint256 wear)
        internal
        pure
        returns (uint256)
    {
        uint256 u = _max(usedFraction(s, d, timestamp), wear > ONE ? ONE : wear);
        uint256 residual;
        // Safe: u <= ONE (usedFraction caps it), and manufacturePrice < 2^64 times ONE - u <= 1e18 < 2^60
        // stays below 2^124.
        unchecked {
            residual = uint256(s.manufacturePrice) * (ONE - u) / ONE;
        }
        return residual + energyValue(d.energyWh, energyPricePerKWh);
    }

    function energyValue(uint32 energyWh, uint256 energyPricePerKWh) internal pure returns (uint256) {
        return uint256(energyWh) * energyPricePerKWh / 1000;
    }

    /// @notice The most-used life limit as a fraction of ONE, capped at ONE.
    function usedFraction(StaticInfo memory s, DynamicInfo memory d, uint256 timestamp)
        internal
        pure
        returns (uint256 u)
    {
        u = _max(u, _fraction(d.chargingCount, s.maxChargingCount));
        u = _max(u, _fraction(d.dischargingCount, s.maxDischargingCount));
        u = _max(u, _fraction(d.chargingTotalTime, s.maxChargingTotalTime));
        u = _max(u, _fraction(d.dischargingTotalTime, s.maxDischargingTotalTime));
        u = _max(
            u, _fraction(ageMonths(s.manufactureYear, s.manufactureMonth, timestamp), uint256(s.maxYearLimited) * 12)
        );
    }

    /// @notice Whole months from the first day of the manufacture month to `timestamp` (0 if in the future).
    /// @dev Expects what registration guarantees: year >= 1970 and month in 1..12.
    function ageMonths(uint16 year, uint8 month, uint256 timestamp) internal pure returns (uint256) {
        uint256 made = _daysFromCivil(year, month, 1) * 1 days;
        // Safe: the subtraction runs only when timestamp > made.
        unchecked {
            return timestamp > made ? (timestamp - made) / MONTH : 0;
        }
    }

    function _fraction(uint256 used, uint256 limit) private pure returns (uint256) {
        if (used >= limit) return ONE; // also a zero limit, which registration rejects
        // Safe: used < limit, and every limit fits in 40 bits (uint32 counts and times; maxYearLimited * 12),
        // so used * ONE < 2^100; limit > used >= 0 makes it non-zero.
        unchecked {
            return used * ONE / limit;
        }
    }

    function _max(uint256 a, uint256 b) private pure returns (uint256) {
        return a > b ? a : b;
    }

    /// @dev Days since 1970-01-01 of a proleptic Gregorian date, for y >= 1970, m in 1..12, d in 1..31
    /// (registration rejects anything else). H. Hinnant's days_from_civil with its 400-year eras folded back in:
    /// counting years from March, days = 365y + y/4 - y/100 + y/400 + (day of that year) - 719468.
    function _daysFromCivil(uint256 y, uint256 m, uint256 d) private pure returns (uint256) {
        // Safe for those inputs: y - 1 >= 1969, every intermediate is below 2^40, and a date on or after
        // 1970-01-01 is at least 719468 days after 0000-03-01, so the last subtraction cannot wrap.
        unchecked {
            if (m <= 2) y -= 1;
            uint256 doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
            return 365 * y + y / 4 - y / 100 + y / 400 + doy - 719468;
        }
    }
}
