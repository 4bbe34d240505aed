// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A battery's static info (paper Fig. 6), fixed when the battery is registered.
/// @dev Units are chain units: times in seconds, prices in E-coin base units (2 decimals).
/// The field order is the storage packing order: brand and the four life limits fill one slot.
struct StaticInfo {
    /// ASCII brand, left-aligned and zero-padded ("SUM", "BYD", "TOY").
    bytes16 brand;
    uint32 maxChargingCount;
    uint32 maxDischargingCount;
    uint32 maxChargingTotalTime;
    uint32 maxDischargingTotalTime;
    uint16 manufactureYear;
    /// 1..12
    uint8 manufactureMonth;
    uint8 maxYearLimited;
    uint64 manufacturePrice;
}

/// @notice What a device reads off a battery's management system: the dynamic info it reports.
struct BatteryReading {
    uint32 energyWh;
    /// State of charge in tenths of a percent, 0..1000.
    uint16 socPermille;
    uint32 chargingCount;
    uint32 dischargingCount;
    uint32 chargingTotalTime;
    uint32 dischargingTotalTime;
}

/// @notice A battery's static technical properties for its passport (Regulation (EU) 2023/1542, Annex XIII;
/// the Battery Pass data model), fixed when the battery is registered with them.
/// @dev One storage slot with the life status (docs/storage.md).
struct PassportInfo {
    /// The energy the maker certifies the battery can deliver when new; the base of its state of health.
    uint32 certifiedUsableEnergyWh;
    uint32 ratedCapacityMAh;
    /// Full cycles the battery is expected to last.
    uint32 expectedLifetimeCycles;
    /// The state of certified energy under which the battery is exhausted, permille (700 = 70 %), 1..999.
    uint16 exhaustionThresholdPermille;
    /// Tenths of a volt.
    uint16 nominalVoltageDecivolts;
    /// ASCII, left-aligned and zero-padded ("NMC811", "LFP").
    bytes8 chemistry;
}

/// @notice What a battery management system reports about a battery's condition. The counters are
/// cumulative over the battery's life and never fall.
struct ConditionReading {
    /// The usable energy the battery holds when full, now.
    uint32 remainingEnergyWh;
    uint32 remainingCapacityMAh;
    /// Energy charged and discharged over the battery's life.
    uint48 energyThroughputWh;
    uint16 deepDischargeEvents;
    uint16 overchargeEvents;
    uint16 overTemperatureEvents;
    /// Time spent at extreme temperatures, seconds.
    uint32 extremeTemperatureSeconds;
    /// Which fields the system reported, one bit each in the order above (bit 0 remaining energy ... bit 6
    /// time at extreme temperatures); a field whose bit is clear is "not reported" and its value ignored.
    uint8 reported;
}

/// @notice A battery's health, derived on chain from its last condition reading (docs/price.md).
struct Health {
    /// Whether the last reading reported the remaining energy, and so a state of health; when not, the
    /// state of certified energy, exhaustion and wear are zero (the cycles and fade follow their own fields).
    bool reported;
    /// State of certified energy (the EV battery's state of health): remaining over certified usable energy.
    uint32 stateOfCertifiedEnergyPermille;
    /// Energy throughput over certified usable energy, in thousandths of a full cycle.
    uint64 fullCyclesMilli;
    /// 1000 - remaining capacity over rated capacity, permille (0 when the capacity did not fall).
    uint16 capacityFadePermille;
    /// Under its exhaustion threshold: flagged, and never offered for a swap.
    bool exhausted;
    /// How much of the health between new (100 %) and the exhaustion threshold is gone, as a fraction of
    /// 1e18: what the price formula takes.
    uint64 wear;
    /// The block time of the reading these come from.
    uint40 at;
}

/// @notice The passport's life status. `Waste` is what a recycled battery reads as; it is never set.
enum LifeStatus {
    Original,
    Repurposed,
    Reused,
    Remanufactured,
    Waste
}

/// @notice Lifecycle of a battery record. `SwapPending` locks a battery while a swap request is open.
enum BatteryStatus {
    None,
    InService,
    SwapPending,
    Recycled
}

/// @notice A battery's dynamic info as kept on chain.
struct DynamicInfo {
    /// The account that owns the battery (an EV owner or a station operator).
    address owner;
    /// The unit the battery sits in: an EV id, or STATION_FLAG | station id (see `Units`).
    uint32 holder;
    BatteryStatus status;
    uint16 socPermille;
    uint32 energyWh;
    uint32 chargingCount;
    uint32 dischargingCount;
    uint32 chargingTotalTime;
    uint32 dischargingTotalTime;
}

/// @notice The roles of the paper's BatteryInterface. The super account is an AccessControl role.
enum Role {
    None,
    EVOwner,
    StationOperator
}

/// @notice Operations that carry a fee in E-coin, set by the super account.
enum Operation {
    RegisterBattery,
    Charge,
    Discharge,
    Recycle,
    Swap
}

/// @notice Where the fee of a battery hold goes when the hold ends unused (it expired, or its EV released it).
/// A hold used by its EV's swap request always gives the fee back to the EV owner.
enum ForfeitTo {
    Station,
    Treasury,
    EVOwner
}

/// @notice The super account's terms for holding a station battery: how long a hold lasts, its fee (E-coin
/// base units, escrowed from the EV owner) and where an unused hold's fee goes.
struct HoldTerms {
    uint32 duration;
    uint32 fee;
    ForfeitTo forfeitTo;
}

/// @notice A station battery held for one EV: nobody else may request it until `until` (unix seconds).
/// An empty hold has `until == 0`.
struct BatteryHold {
    address evOwner;
    uint32 evUnit;
    uint32 stationUnit;
    uint64 until;
    uint256 fee;
}

enum SwapStatus {
    None,
    Pending,
    Approved,
    Denied,
    Cancelled
}

/// @notice A swap request: one of the EV's batteries for one of a station's, at a price fixed when asked.
struct SwapRequest {
    address evOwner;
    uint32 evBatteryId;
    uint32 stationBatteryId;
    /// The station unit (STATION_FLAG | station id) whose operator decides.
    uint32 stationUnit;
    SwapStatus status;
    /// price(station battery) - price(EV battery), fixed at request time; paid to the station when > 0,
    /// paid by the station to the EV owner when < 0.
    int96 difference;
    /// The swap fee at request time, paid by the EV owner to the treasury on approval.
    uint64 fee;
    /// E-coin held by BatteryInterface for this request: max(difference, 0) + fee.
    uint64 escrow;
}

/// @notice Unit ids name where a battery sits: an EV (1..2^31-1) or a station (STATION_FLAG | id).
library Units {
    // A one-bit mask reads best in hex.
    // slither-disable-next-line too-many-digits
    uint32 internal constant STATION_FLAG = 0x80000000;

    function ev(uint32 evId) internal pure returns (uint32) {
        return evId;
    }

    function station(uint32 stationId) internal pure returns (uint32) {
        return STATION_FLAG | stationId;
    }

    function isStation(uint32 unit) internal pure returns (bool) {
        return unit & STATION_FLAG != 0;
    }
}
