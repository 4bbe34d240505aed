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
