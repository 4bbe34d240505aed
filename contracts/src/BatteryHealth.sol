// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PassportInfo, ConditionReading, Health} from "./interfaces/BatteryTypes.sol";

/// @title BatteryHealth: a battery's health from its passport and its last condition reading (docs/price.md).
/// @notice State of certified energy (SOCE) = remaining usable energy / certified usable energy; full cycles =
/// energy throughput / certified usable energy; capacity fade = 1 - remaining capacity / rated capacity.
/// Wear, what the price takes, is how much of the way from 100 % SOCE down to the exhaustion threshold is gone.
library BatteryHealth {
    /// @dev Fixed-point scale of `wear`, the same as BatteryPricing's used fraction.
    uint256 internal constant ONE = 1e18;

    /// @dev Bits of ConditionReading.reported, in the order of its fields.
    uint8 internal constant REMAINING_ENERGY = 1;
    uint8 internal constant REMAINING_CAPACITY = 2;
    uint8 internal constant THROUGHPUT = 4;
    uint8 internal constant DEEP_DISCHARGES = 8;
    uint8 internal constant OVERCHARGES = 16;
    uint8 internal constant OVER_TEMPERATURES = 32;
    uint8 internal constant EXTREME_TEMPERATURE_TIME = 64;

    /// @param p The passport; its certified energy is never zero once set.
    /// @param c The last reading, taken at block time `at` (0: never reported). Each figure needs its field
    /// reported: SOCE, exhaustion and wear the remaining energy, fade the remaining capacity, cycles the
    /// throughput.
    function compute(PassportInfo memory p, ConditionReading memory c, uint40 at) internal pure returns (Health memory h) {
        if (at == 0 || p.certifiedUsableEnergyWh == 0) return h;
        h.at = at;
        // Safe: a uint32 or uint48 times 1000 fits in 64 bits, and the divisors are not zero (checked).
        unchecked {
            if (c.reported & THROUGHPUT != 0) {
                // forge-lint: disable-next-line(unsafe-typecast)
                h.fullCyclesMilli = uint64(uint256(c.energyThroughputWh) * 1000 / p.certifiedUsableEnergyWh); // < 2^58
            }
            if (c.reported & REMAINING_CAPACITY != 0 && c.remainingCapacityMAh < p.ratedCapacityMAh) {
                // forge-lint: disable-next-line(unsafe-typecast)
                h.capacityFadePermille = uint16(1000 - uint256(c.remainingCapacityMAh) * 1000 / p.ratedCapacityMAh); // <= 1000
            }
            if (c.reported & REMAINING_ENERGY == 0) return h;
            h.reported = true;
            uint256 soce = uint256(c.remainingEnergyWh) * 1000 / p.certifiedUsableEnergyWh;
            // A battery reporting over 4 million times its certified energy is capped, not wrapped.
            // forge-lint: disable-next-line(unsafe-typecast)
            h.stateOfCertifiedEnergyPermille = soce > type(uint32).max ? type(uint32).max : uint32(soce);
            uint256 threshold = p.exhaustionThresholdPermille;
            h.exhausted = soce < threshold;
            if (soce <= threshold) {
                // ONE is 1e18 < 2^60.
                // forge-lint: disable-next-line(unsafe-typecast)
                h.wear = uint64(ONE);
            } else if (soce < 1000) {
                // threshold < soce < 1000, so the divisor is at least 1 and the result below ONE.
                // forge-lint: disable-next-line(unsafe-typecast)
                h.wear = uint64((1000 - soce) * ONE / (1000 - threshold));
            }
        }
    }
}
